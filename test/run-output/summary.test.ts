import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult } from '../../engine/types.ts';
import { resultFromEvents } from '../../engine/run-result.ts';
import { formatSummary } from '../../run-output/summary.ts';
import { failedRun, successfulRun, titles } from './fixtures.ts';

const logs = {
  titles,
  logDir: 'state/logs/2026-11-22T18-03-04-123Z',
  logPathFor: (id: string) => `state/logs/2026-11-22T18-03-04-123Z/${id}.log`,
};

describe('formatSummary', () => {
  it('says what failed, why, where its log is, what was skipped, and the counts', () => {
    expect(formatSummary(resultFromEvents(failedRun), failedRun, logs)).toEqual([
      '✖ datahub (Install DataHub) failed after 3 attempts, 3m02s',
      '  Error: helm upgrade --install datahub exited with code 1',
      '         Error: UPGRADE FAILED: token s3cr3t-token rejected',
      '  Last output:',
      '    │ using token s3cr3t-token',
      '    │ Error: timed out waiting for the condition',
      '  Log: state/logs/2026-11-22T18-03-04-123Z/datahub.log',
      '',
      'Skipped because a dependency failed: frontend',
      'Not started: cleanup',
      '',
      '✖ up failed after 3m04s: 1 done, 3 skipped (1 already done, 1 dependency failed, 1 not started), 1 failed',
      'Logs: state/logs/2026-11-22T18-03-04-123Z',
    ]);
  });

  it('sums up a successful run in two lines', () => {
    expect(formatSummary(resultFromEvents(successfulRun), successfulRun, logs)).toEqual([
      '✔ up succeeded in 1m05s: 1 done, 2 skipped (1 already done, 1 unchanged since the last run), 0 failed',
      'Logs: state/logs/2026-11-22T18-03-04-123Z',
    ]);
  });

  it('works without log files, events or titles, from the engine result alone', () => {
    const result: RunResult = {
      outcome: 'interrupted',
      durationMs: 12_000,
      nodes: new Map([
        ['a', { outcome: 'done' }],
        ['b', { outcome: 'interrupted', error: 'aborted' }],
        ['c', { outcome: 'skipped', reason: 'not-started' }],
      ]),
    };
    expect(formatSummary(result, [])).toEqual([
      '✖ b interrupted',
      '  Error: aborted',
      '',
      'Not started: c',
      '',
      '✖ up interrupted after 12.0s: 1 done, 1 skipped (1 not started), 0 failed, 1 interrupted',
    ]);
  });

  it('speaks of dependents in a down run', () => {
    const events: RunEvent[] = [
      { type: 'run-started', at: 0, mode: 'down', nodes: ['a', 'b'], concurrency: 1 },
      { type: 'node-failed', at: 10, id: 'b', durationMs: 10, error: 'nope', tail: [], attempts: 1, interrupted: false },
      { type: 'node-skipped', at: 10, id: 'a', reason: 'dependency-failed' },
      { type: 'run-finished', at: 10, outcome: 'failed', durationMs: 10 },
    ];
    expect(formatSummary(resultFromEvents(events), events)).toEqual([
      '✖ b failed after 10ms',
      '  Error: nope',
      '',
      'Skipped because a dependent failed: a',
      '',
      '✖ down failed after 10ms: 0 done, 1 skipped (1 dependent failed), 1 failed',
    ]);
  });
});

describe('a run that stopped at its first task', () => {
  it('says in one line how many tasks did not start and why, instead of listing them', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `task-${i}`);
    const events: RunEvent[] = [
      { type: 'run-started', at: 0, mode: 'up', nodes: ['preflight', ...ids], concurrency: 4 },
      { type: 'node-failed', at: 400, id: 'preflight', durationMs: 400, error: 'helm was not found\nthe cluster does not answer', tail: [], attempts: 1, interrupted: false },
      ...ids.map((id): RunEvent => ({ type: 'node-skipped', at: 400, id, reason: 'dependency-failed', detail: 'needs "preflight"' })),
      { type: 'run-finished', at: 410, outcome: 'failed', durationMs: 410 },
    ];
    expect(formatSummary(resultFromEvents(events), events)).toEqual([
      '✖ preflight failed after 400ms',
      '  Error: helm was not found',
      '         the cluster does not answer',
      '',
      '20 tasks not started: preflight failed',
      '',
      '✖ up failed after 410ms: 0 done, 20 skipped (20 dependency failed), 1 failed',
    ]);
  });
});

describe('resultFromEvents', () => {
  it('counts selected nodes without a final event as not started, and a run without an end as interrupted', () => {
    const events: RunEvent[] = [
      { type: 'run-started', at: 100, mode: 'up', nodes: ['a', 'b'], concurrency: 1 },
      { type: 'node-done', at: 600, id: 'a', durationMs: 500, attempts: 1 },
    ];
    const result = resultFromEvents(events);
    expect(result.outcome).toBe('interrupted');
    expect(result.durationMs).toBe(500);
    expect([...result.nodes]).toEqual([
      ['a', { outcome: 'done' }],
      ['b', { outcome: 'skipped', reason: 'not-started' }],
    ]);
  });

  it('gives the run as its events told it', () => {
    const result = resultFromEvents(failedRun);
    expect(result.outcome).toBe('failed');
    expect(result.nodes.get('datahub')?.outcome).toBe('failed');
    expect(result.nodes.get('cleanup')).toEqual({ outcome: 'skipped', reason: 'not-started' });
  });
});

describe('a failure that carries a process exit code', () => {
  it('says it once, in the error line, not again in the headline', () => {
    const events: RunEvent[] = [
      { type: 'run-started', at: 0, mode: 'up', nodes: ['a'], concurrency: 1 },
      {
        type: 'node-failed',
        at: 10,
        id: 'a',
        durationMs: 10,
        error: 'helm upgrade failed (exit 1): Error: UPGRADE FAILED',
        tail: [],
        attempts: 2,
        interrupted: false,
        failure: { message: 'helm upgrade failed (exit 1): Error: UPGRADE FAILED', kind: 'tool', exitCode: 1, stderrTail: ['Error: UPGRADE FAILED'] },
      },
      { type: 'run-finished', at: 10, outcome: 'failed', durationMs: 10 },
    ];
    expect(formatSummary(resultFromEvents(events), events).slice(0, 2)).toEqual([
      '✖ a failed after 2 attempts, 10ms',
      '  Error: helm upgrade failed (exit 1): Error: UPGRADE FAILED',
    ]);
  });
});
