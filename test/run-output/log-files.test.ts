import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { createRunLogs, makeRunId, safeFileName, uniqueFileNames } from '../../run-output/log-files.ts';
import { failedRun, redact, SECRET, titles } from './fixtures.ts';

let stateDir: string;
beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), 'run-output-')), 'state');
});
afterEach(() => {
  rmSync(join(stateDir, '..'), { recursive: true, force: true });
});

const RUN_ID = '2026-11-22T18-03-04-123Z';

async function writeRun(events: readonly RunEvent[]) {
  const logs = createRunLogs({ stateDir, runId: RUN_ID, redact, titles });
  for (const event of events) logs.onEvent(event);
  await logs.close();
  return logs;
}

describe('makeRunId', () => {
  it('is the ISO time with file-name-safe separators, so it sorts by time', () => {
    expect(makeRunId(new Date('2026-11-22T18:03:04.123Z'))).toBe(RUN_ID);
  });
});

describe('safeFileName', () => {
  it.each([
    ['namespaces', 'namespaces'],
    ['namespace:datahub', 'namespace_datahub'],
    ['helm/datahub', 'helm_datahub'],
    ['../../etc/passwd', '__.._etc_passwd'],
    ['.hidden', '_hidden'],
    ['', '_'],
  ])('%j → %j', (id, expected) => {
    expect(safeFileName(id)).toBe(expected);
  });
});

describe('uniqueFileNames', () => {
  it.each([
    { ids: ['a', 'b'], names: ['a.log', 'b.log'] },
    { ids: ['a:b', 'a/b', 'a:b'], names: ['a_b.log', 'a_b~2.log', 'a_b.log'] },
    { ids: ['run', 'Run'], names: ['run~2.log', 'Run~3.log'] },
    { ids: ['X', 'x', 'x~2'], names: ['X.log', 'x~2.log', 'x_2.log'] },
  ])('$ids → $names', ({ ids, names }) => {
    const fileNameFor = uniqueFileNames(['run.log']);
    expect(ids.map(fileNameFor)).toEqual(names);
  });
});

describe('createRunLogs', () => {
  it('touches nothing before the first event', () => {
    const logs = createRunLogs({ stateDir, runId: RUN_ID, redact });
    expect(logs.dir).toBe(join(stateDir, 'logs', RUN_ID));
    expect(logs.logPathFor('namespace:datahub')).toBe(join(stateDir, 'logs', RUN_ID, 'namespace_datahub.log'));
    expect(existsSync(stateDir)).toBe(false);
  });

  it('makes the run id from the clock when none is given', () => {
    const logs = createRunLogs({ stateDir, redact, now: () => new Date('2026-01-02T03:04:05.006Z') });
    expect(logs.runId).toBe('2026-01-02T03-04-05-006Z');
  });

  it("writes each node's output and events to its own log, redacted", async () => {
    const logs = await writeRun(failedRun);
    expect(readFileSync(logs.logPathFor('datahub'), 'utf8')).toBe(
      [
        `# datahub (Install DataHub), run ${RUN_ID}`,
        '[00:00] ◌ datahub waiting for namespaces',
        '[00:01] ◌ datahub waiting for lock helm',
        '[00:01] ▸ datahub started',
        '[00:02] using token ***',
        '[00:03] ↻ datahub retry 2/3 in 2.0s: connection refused',
        '[00:05] ▸ datahub started (attempt 2)',
        '[00:07] ↻ datahub retry 3/3 in 4.0s: connection refused',
        '[00:11] ▸ datahub started (attempt 3)',
        '[02:29] Error: timed out waiting for the condition',
        '[03:03] ✖ datahub failed after 3 attempts, 3m02s: helm upgrade --install datahub exited with code 1 …',
        '    helm upgrade --install datahub exited with code 1',
        '    Error: UPGRADE FAILED: token *** rejected',
        '',
      ].join('\n'),
    );
    expect(readFileSync(logs.logPathFor('cleanup'), 'utf8')).toBe(
      [`# cleanup (Cleanup), run ${RUN_ID}`, '[03:03] ↷ cleanup skipped: not started', ''].join('\n'),
    );
  });

  it('writes run.log with every event, output included', async () => {
    const logs = await writeRun(failedRun);
    const lines = readFileSync(join(logs.dir, 'run.log'), 'utf8').split('\n');
    expect(lines[0]).toBe('[00:00] ● up started: 5 nodes, concurrency 2');
    expect(lines).toContain('[00:02] │ datahub: using token ***');
    expect(lines).toContain('[00:04] ⚠ journal was unreadable; starting a new one');
    expect(lines.at(-2)).toBe('[03:03] ● up failed after 3m04s');
  });

  it('writes every event to events.jsonl, with secrets redacted in every field', async () => {
    const logs = await writeRun(failedRun);
    const text = readFileSync(join(logs.dir, 'events.jsonl'), 'utf8');
    const events = text.trimEnd().split('\n').map((line) => JSON.parse(line) as RunEvent);
    expect(events).toHaveLength(failedRun.length);
    expect(events.map((event) => event.type)).toEqual(failedRun.map((event) => event.type));
    expect(events.find((event) => event.type === 'node-failed')).toMatchObject({
      error: 'helm upgrade --install datahub exited with code 1\nError: UPGRADE FAILED: token *** rejected',
      tail: ['using token ***', 'Error: timed out waiting for the condition'],
    });
  });

  it('leaves no secret anywhere in the folder', async () => {
    const logs = await writeRun(failedRun);
    for (const file of readdirSync(logs.dir)) {
      expect(readFileSync(join(logs.dir, file), 'utf8'), file).not.toContain(SECRET);
    }
  });

  it('points logs/LATEST at the run', async () => {
    await writeRun(failedRun.slice(0, 1));
    expect(readFileSync(join(stateDir, 'logs', 'LATEST'), 'utf8')).toBe(`${RUN_ID}\n`);
  });

  it('keeps the folder and its files private to the user', async () => {
    const logs = await writeRun(failedRun);
    expect(statSync(logs.dir).mode & 0o777).toBe(0o700);
    expect(statSync(logs.logPathFor('datahub')).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'logs', 'LATEST')).mode & 0o777).toBe(0o600);
  });

  it('gives ids that clean up the same (or clash with run.log) files of their own', async () => {
    const ids = ['namespace:datahub', 'namespace/datahub', 'Namespace_datahub', 'run', 'events.jsonl'];
    const logs = await writeRun([
      { type: 'run-started', at: 0, mode: 'up', nodes: ids, concurrency: 1 },
      ...ids.map((id): RunEvent => ({ type: 'node-output', at: 0, id, line: `I am ${id}` })),
    ]);
    expect(readdirSync(logs.dir).sort()).toEqual([
      'Namespace_datahub~3.log',
      'events.jsonl',
      'events.jsonl.log',
      'namespace_datahub.log',
      'namespace_datahub~2.log',
      'run.log',
      'run~2.log',
    ]);
    for (const id of ids) {
      expect(readFileSync(logs.logPathFor(id), 'utf8')).toContain(`[00:00] I am ${id}\n`);
    }
  });

  it('reports, instead of throwing, when the folder cannot be created', async () => {
    writeFileSync(join(stateDir, '..', 'blocker'), 'a file where a folder should be');
    const logs = createRunLogs({ stateDir: join(stateDir, '..', 'blocker'), runId: RUN_ID, redact });
    for (const event of failedRun) logs.onEvent(event);
    await logs.close();
    expect(logs.problems).toHaveLength(1);
    expect(logs.problems[0]).toMatch(/^could not create the log folder .*blocker\/logs\/2026-11-22T18-03-04-123Z: /);
  });
});
