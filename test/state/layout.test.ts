/** The state folder's layout: where it is, and the name of everything in it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLogName, resolveStateDir, runFolder, stateLayout } from '../../state/layout.ts';

describe('the state folder', () => {
  it.each([
    { where: { cwd: '/home/me/src', root: '/opt/dev-env' }, stateDir: undefined, dir: '/opt/dev-env/.state' },
    { where: { cwd: '/home/me/src' }, stateDir: undefined, dir: '/home/me/src/.state' },
    { where: { cwd: '/home/me/src', root: '/opt/dev-env' }, stateDir: 'my-state', dir: '/home/me/src/my-state' },
    { where: { cwd: '/home/me/src', root: '/opt/dev-env' }, stateDir: '/var/state', dir: '/var/state' },
  ])('--state-dir $stateDir from $where.cwd is $dir', ({ where, stateDir, dir }) => {
    expect(resolveStateDir(where, { stateDir })).toBe(dir);
  });

  it('names every path under it', () => {
    const state = stateLayout('/s');
    expect({
      journal: state.journal,
      lock: state.lock,
      lockInfo: state.lockInfo,
      logs: state.logs,
      latestRun: state.latestRun,
      chartCopy: state.chartCopy('dataspoke'),
      valuesDir: state.valuesDir,
      valuesFile: state.valuesFile('datahub'),
    }).toEqual({
      journal: join('/s', 'journal.json'),
      lock: join('/s', 'run.lock'),
      lockInfo: join('/s', 'run.lock.json'),
      logs: join('/s', 'logs'),
      latestRun: join('/s', 'logs', 'LATEST'),
      chartCopy: join('/s', 'charts', 'dataspoke'),
      valuesDir: join('/s', 'values'),
      valuesFile: join('/s', 'values', 'datahub.generated.yaml'),
    });
  });

  it('names the files of a run folder, under the state folder or anywhere', () => {
    const run = stateLayout('/s').run('2026-11-22T18-03-04-123Z');
    const dir = join('/s', 'logs', '2026-11-22T18-03-04-123Z');
    expect({ ...run, file: run.file('db.log') }).toEqual({
      dir,
      events: join(dir, 'events.jsonl'),
      runLog: join(dir, 'run.log'),
      htmlReport: join(dir, 'report.html'),
      file: join(dir, 'db.log'),
    });
    expect(runFolder('/elsewhere/run').events).toBe(join('/elsewhere/run', 'events.jsonl'));
  });

  it.each([
    { base: 'namespace_datahub', n: undefined, name: 'namespace_datahub.log' },
    { base: 'namespace_datahub', n: 1, name: 'namespace_datahub.log' },
    { base: 'namespace_datahub', n: 2, name: 'namespace_datahub~2.log' },
    { base: 'events.jsonl', n: 3, name: 'events.jsonl~3.log' },
  ])('the node log of $base, number $n of that base, is $name', ({ base, n, name }) => {
    expect(nodeLogName(base, n)).toBe(name);
  });
});
