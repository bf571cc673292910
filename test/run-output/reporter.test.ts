import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultFromEvents } from '../../engine/run-result.ts';
import { stripAnsi } from '../../run-output/format.ts';
import { chooseMode, createReporter, type ReporterOptions } from '../../run-output/reporter.ts';
import { captureStream, failedRun, nodes, redact, SECRET, successfulRun } from './fixtures.ts';

const RUN_ID = '2026-11-22T18-03-04-123Z';
let stateDir: string;
beforeEach(() => {
  stateDir = join(mkdtempSync(join(tmpdir(), 'run-output-')), 'state');
});
afterEach(() => {
  rmSync(join(stateDir, '..'), { recursive: true, force: true });
});

describe('chooseMode', () => {
  it.each([
    [{ isTTY: true, env: {} }, 'tty'],
    [{ isTTY: false, env: {} }, 'plain'],
    [{ isTTY: undefined, env: {} }, 'plain'],
    [{ isTTY: true, env: { CI: 'true' } }, 'plain'],
    [{ isTTY: true, env: { CI: '1' } }, 'plain'],
    [{ isTTY: true, env: { CI: 'false' } }, 'tty'],
    [{ isTTY: true, env: { CI: '' } }, 'tty'],
    [{ isTTY: true, env: { TERM: 'dumb' } }, 'plain'],
    [{ isTTY: true, env: {}, silent: true }, 'silent'],
    [{ isTTY: false, env: { CI: 'true' }, silent: true }, 'silent'],
  ] as const)('%j → %s', (input, expected) => {
    expect(chooseMode(input)).toBe(expected);
  });
});

describe('createReporter', () => {
  function reporterFor(mode: ReporterOptions['mode'], extra: Partial<ReporterOptions> = {}) {
    const { stream, text } = captureStream();
    const reporter = createReporter({ mode, verbose: false, nodes, stream, redact, stateDir, runId: RUN_ID, ...extra });
    return { reporter, text };
  }

  it('in plain mode prints the events, then the summary pointing at the failed log', async () => {
    const { reporter, text } = reporterFor('plain');
    for (const event of failedRun) reporter.onEvent(event);
    await reporter.close(resultFromEvents(failedRun));
    const logDir = join(stateDir, 'logs', RUN_ID);
    expect(text().split('\n').slice(-16)).toEqual([
      '[03:03] ● up failed after 3m04s',
      '',
      '✖ datahub (Install DataHub) failed after 3 attempts, 3m02s',
      '  Error: helm upgrade --install datahub exited with code 1',
      '         Error: UPGRADE FAILED: token *** rejected',
      '  Last output:',
      '    │ using token ***',
      '    │ Error: timed out waiting for the condition',
      `  Log: ${join(logDir, 'datahub.log')}`,
      '',
      'Skipped because a dependency failed: frontend',
      'Not started: cleanup',
      '',
      '✖ up failed after 3m04s: 1 done, 3 skipped (1 already done, 1 dependency failed, 1 not started), 1 failed',
      `Logs: ${logDir}`,
      '',
    ]);
    expect(reporter.logDir).toBe(logDir);
    expect(readFileSync(join(logDir, 'datahub.log'), 'utf8')).toContain('[02:29] Error: timed out waiting for the condition');
  });

  it('never prints or writes a secret, in output lines, errors or tails', async () => {
    for (const mode of ['plain', 'tty'] as const) {
      const { reporter, text } = reporterFor(mode, { verbose: true, listr: { renderer: 'default', lazy: true } });
      for (const event of failedRun) reporter.onEvent(event);
      await reporter.close(resultFromEvents(failedRun));
      expect(text(), mode).toContain('***');
      expect(text(), mode).not.toContain(SECRET);
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('in tty mode prints the summary under the final frame', async () => {
    const { reporter, text } = reporterFor('tty', { listr: { renderer: 'default', lazy: true } });
    for (const event of successfulRun) reporter.onEvent(event);
    await reporter.close(resultFromEvents(successfulRun));
    expect(stripAnsi(text()).split('\n').slice(-9)).toEqual([
      '↓ Namespaces — skipped: already done',
      '↓ Secrets — skipped: unchanged since the last run',
      '✔ Install DataHub (1m05s)',
      '',
      '01:05 · 3/3 done',
      '',
      '✔ up succeeded in 1m05s: 1 done, 2 skipped (1 already done, 1 unchanged since the last run), 0 failed',
      `Logs: ${join(stateDir, 'logs', RUN_ID)}`,
      '',
    ]);
  });

  it('in silent mode prints nothing but still writes the logs', async () => {
    const { reporter, text } = reporterFor('silent');
    for (const event of successfulRun) reporter.onEvent(event);
    await reporter.close(resultFromEvents(successfulRun));
    expect(text()).toBe('');
    expect(readdirSync(join(stateDir, 'logs', RUN_ID)).sort()).toEqual([
      'datahub.log',
      'events.jsonl',
      'namespaces.log',
      'run.log',
      'secrets.log',
    ]);
  });

  it('writes no log files without a state folder, and no summary without a run', async () => {
    const { reporter, text } = reporterFor('plain', { stateDir: undefined });
    await reporter.close();
    expect(reporter.logDir).toBeUndefined();
    expect(reporter.logPathFor('datahub')).toBeUndefined();
    expect(text()).toBe('');
    expect(existsSync(stateDir)).toBe(false);
  });

  it('keeps a broken view from breaking the run, and says so at the end', async () => {
    const written: string[] = [];
    let broken = true;
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        written.push(chunk.toString());
        callback();
      },
    });
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string) => {
      if (broken && chunk.includes('▸')) throw new Error('EPIPE');
      return write(chunk);
    }) as typeof stream.write;
    const reporter = createReporter({ mode: 'plain', verbose: false, nodes, stream, redact });
    expect(() => {
      for (const event of failedRun) reporter.onEvent(event);
    }).not.toThrow();
    broken = false;
    await reporter.close(resultFromEvents(failedRun));
    expect(written.join('').trimEnd().split('\n').at(-1)).toBe('⚠ reporter: the plain view: EPIPE');
  });
});
