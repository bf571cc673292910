import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { createPlainReporter, formatEvent, type FormatContext } from '../../run-output/plain.ts';
import { captureStream, failedRun, redact, SECRET } from './fixtures.ts';

const up: FormatContext = { startedAt: 1_000, mode: 'up' };
const down: FormatContext = { startedAt: 1_000, mode: 'down' };

describe('formatEvent', () => {
  const cases: [string, RunEvent, string][] = [
    [
      'run-started',
      { type: 'run-started', at: 1_000, mode: 'up', nodes: ['a', 'b', 'c'], concurrency: 4 },
      '[00:00] ● up started: 3 nodes, concurrency 4',
    ],
    [
      'run-started with one node',
      { type: 'run-started', at: 1_000, mode: 'down', nodes: ['a'], concurrency: 1 },
      '[00:00] ● down started: 1 node, concurrency 1',
    ],
    [
      'waiting for dependencies',
      { type: 'node-waiting', at: 1_500, id: 'secrets', deps: ['namespaces', 'crds'] },
      '[00:00] ◌ secrets waiting for namespaces, crds',
    ],
    [
      'waiting for a lock',
      { type: 'node-waiting', at: 2_000, id: 'datahub', deps: [], lock: 'helm' },
      '[00:01] ◌ datahub waiting for lock helm',
    ],
    [
      'waiting for a slot',
      { type: 'node-waiting', at: 2_000, id: 'datahub', deps: [] },
      '[00:01] ◌ datahub waiting for a free slot',
    ],
    [
      'waiting for a slot, naming the concurrency',
      { type: 'node-waiting', at: 2_000, id: 'datahub', deps: [], slot: 1 },
      '[00:01] ◌ datahub waiting for a free slot (concurrency 1)',
    ],
    ['checking', { type: 'node-checking', at: 2_000, id: 'namespace:datahub' }, '[00:01] ◇ namespace:datahub checking'],
    ['started', { type: 'node-started', at: 2_000, id: 'namespaces', attempt: 1 }, '[00:01] ▸ namespaces started'],
    [
      'started again',
      { type: 'node-started', at: 2_000, id: 'datahub', attempt: 2 },
      '[00:01] ▸ datahub started (attempt 2)',
    ],
    [
      'started because its inputs changed',
      { type: 'node-started', at: 2_000, id: 'datahub', attempt: 1, forced: 'fingerprint' },
      '[00:01] ▸ datahub started (inputs changed)',
    ],
    [
      'output',
      { type: 'node-output', at: 2_000, id: 'namespaces', line: 'namespace/datahub \u001b[32mcreated\u001b[0m' },
      '[00:01] │ namespaces: namespace/datahub created',
    ],
    [
      'output with a newline in it',
      { type: 'node-output', at: 2_000, id: 'ns', line: 'one\ntwo' },
      '[00:01] │ ns: one\n[00:01] │ ns: two',
    ],
    [
      'retrying',
      {
        type: 'node-retrying',
        at: 5_000,
        id: 'datahub',
        attempt: 2,
        maxAttempts: 4,
        error: 'connection refused\nat foo',
        delayMs: 2_000,
      },
      '[00:04] ↻ datahub retry 2/4 in 2.0s: connection refused …',
    ],
    [
      'skipped by its check',
      { type: 'node-skipped', at: 2_000, id: 'secrets', reason: 'check' },
      '[00:01] ↷ secrets skipped: already done',
    ],
    [
      'skipped by the journal',
      { type: 'node-skipped', at: 2_000, id: 'secrets', reason: 'journal' },
      '[00:01] ↷ secrets skipped: unchanged since the last run',
    ],
    [
      'skipped, nothing to undo',
      { type: 'node-skipped', at: 2_000, id: 'secrets', reason: 'no-down' },
      '[00:01] ↷ secrets skipped: nothing to undo',
    ],
    [
      'skipped after a failure, with detail',
      { type: 'node-skipped', at: 2_000, id: 'frontend', reason: 'dependency-failed', detail: 'datahub failed' },
      '[00:01] ↷ frontend skipped: dependency failed (datahub failed)',
    ],
    [
      'not started',
      { type: 'node-skipped', at: 2_000, id: 'cleanup', reason: 'not-started' },
      '[00:01] ↷ cleanup skipped: not started',
    ],
    [
      'done',
      { type: 'node-done', at: 2_200, id: 'namespaces', durationMs: 1_200, attempts: 1 },
      '[00:01] ✔ namespaces done (1.2s)',
    ],
    [
      'done after retries',
      { type: 'node-done', at: 183_000, id: 'datahub', durationMs: 182_000, attempts: 3 },
      '[03:02] ✔ datahub done (3m02s, 3 attempts)',
    ],
    [
      'failed',
      {
        type: 'node-failed',
        at: 183_000,
        id: 'datahub',
        durationMs: 182_000,
        error: 'helm exited with code 1\nError: timed out',
        tail: [],
        attempts: 1,
        interrupted: false,
      },
      '[03:02] ✖ datahub failed after 3m02s: helm exited with code 1 …',
    ],
    [
      'failed after retries',
      {
        type: 'node-failed',
        at: 183_000,
        id: 'datahub',
        durationMs: 182_000,
        error: 'timed out',
        tail: [],
        attempts: 3,
        interrupted: false,
      },
      '[03:02] ✖ datahub failed after 3 attempts, 3m02s: timed out',
    ],
    [
      'interrupted',
      {
        type: 'node-failed',
        at: 13_000,
        id: 'datahub',
        durationMs: 12_000,
        error: '',
        tail: [],
        attempts: 1,
        interrupted: true,
      },
      '[00:12] ✖ datahub interrupted after 12.0s',
    ],
    ['warning', { type: 'warning', at: 1_000, message: 'journal was unreadable' }, '[00:00] ⚠ journal was unreadable'],
    [
      'run succeeded',
      { type: 'run-finished', at: 3_723_000, outcome: 'success', durationMs: 3_722_000 },
      '[1:02:02] ● up succeeded in 1h02m',
    ],
    [
      'run failed',
      { type: 'run-finished', at: 185_000, outcome: 'failed', durationMs: 184_000 },
      '[03:04] ● up failed after 3m04s',
    ],
    [
      'run interrupted',
      { type: 'run-finished', at: 13_000, outcome: 'interrupted', durationMs: 12_000 },
      '[00:12] ● up interrupted after 12.0s',
    ],
  ];

  it.each(cases)('%s', (_name, event, expected) => {
    expect(formatEvent(event, up)).toBe(expected);
  });

  it('says "already gone" and "dependent failed" in a down run', () => {
    expect(formatEvent({ type: 'node-skipped', at: 1_000, id: 'secrets', reason: 'check' }, down)).toBe(
      '[00:00] ↷ secrets skipped: already gone',
    );
    expect(formatEvent({ type: 'node-skipped', at: 1_000, id: 'ns', reason: 'dependency-failed' }, down)).toBe(
      '[00:00] ↷ ns skipped: dependent failed',
    );
    expect(formatEvent({ type: 'run-finished', at: 2_000, outcome: 'success', durationMs: 1_000 }, down)).toBe(
      '[00:01] ● down succeeded in 1.0s',
    );
  });
});

describe('createPlainReporter', () => {
  function play(verbose: boolean): string {
    const { stream, text } = captureStream();
    const reporter = createPlainReporter({ stream, verbose, redact });
    for (const event of failedRun) reporter.onEvent(event);
    return text();
  }

  it('writes one line per event, leaving output out unless verbose', () => {
    expect(play(false)).toBe(
      [
        '[00:00] ● up started: 5 nodes, concurrency 2',
        '[00:00] ◌ secrets waiting for namespaces',
        '[00:00] ◌ datahub waiting for namespaces',
        '[00:00] ◌ frontend waiting for datahub',
        '[00:00] ◇ namespaces checking',
        '[00:00] ▸ namespaces started',
        '[00:01] ✔ namespaces done (1.2s)',
        '[00:01] ◇ secrets checking',
        '[00:01] ◌ datahub waiting for lock helm',
        '[00:01] ↷ secrets skipped: already done',
        '[00:01] ▸ datahub started',
        '[00:03] ↻ datahub retry 2/3 in 2.0s: connection refused',
        '[00:04] ⚠ journal was unreadable; starting a new one',
        '[00:05] ▸ datahub started (attempt 2)',
        '[00:07] ↻ datahub retry 3/3 in 4.0s: connection refused',
        '[00:11] ▸ datahub started (attempt 3)',
        '[03:03] ✖ datahub failed after 3 attempts, 3m02s: helm upgrade --install datahub exited with code 1 …',
        '[03:03] ↷ frontend skipped: dependency failed (datahub failed)',
        '[03:03] ↷ cleanup skipped: not started',
        '[03:03] ● up failed after 3m04s',
        '',
      ].join('\n'),
    );
  });

  it('streams output when verbose, redacted', () => {
    const lines = play(true).split('\n');
    expect(lines.filter((line) => line.includes('│'))).toEqual([
      '[00:00] │ namespaces: namespace/datahub created',
      '[00:02] │ datahub: using token ***',
      '[02:29] │ datahub: Error: timed out waiting for the condition',
    ]);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('says in one line that many tasks were skipped for the same failed dependency', () => {
    const { stream, text } = captureStream();
    const reporter = createPlainReporter({ stream, verbose: false, redact });
    const skip = (id: string, detail = 'needs "preflight"'): RunEvent => ({ type: 'node-skipped', at: 1_400, id, reason: 'dependency-failed', detail });
    const events: RunEvent[] = [
      { type: 'run-started', at: 1_000, mode: 'up', nodes: ['preflight', 'a', 'b', 'c', 'd', 'e'], concurrency: 4 },
      { type: 'node-failed', at: 1_400, id: 'preflight', durationMs: 400, error: 'helm was not found', tail: [], attempts: 1, interrupted: false },
      skip('a'),
      { type: 'node-output', at: 1_400, id: 'a', line: 'not shown' },
      skip('b'),
      skip('c'),
      skip('d'),
      skip('e', 'needs "other"'),
      { type: 'run-finished', at: 1_410, outcome: 'failed', durationMs: 410 },
    ];
    for (const event of events) reporter.onEvent(event);
    expect(text().split('\n')).toEqual([
      '[00:00] ● up started: 6 nodes, concurrency 4',
      '[00:00] ✖ preflight failed after 400ms: helm was not found',
      '[00:00] ↷ 4 tasks skipped: dependency failed (needs "preflight")',
      '[00:00] ↷ e skipped: dependency failed (needs "other")',
      '[00:00] ● up failed after 410ms',
      '',
    ]);
  });

  it('uses no terminal escape sequences', () => {
    expect(play(true)).not.toMatch(/\u001b/);
  });
});
