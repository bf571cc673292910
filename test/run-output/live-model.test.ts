import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { footerLine, liveView, rowTitle, spins, createLiveModel, applyLiveEvent } from '../../run-output/live-model.ts';
import { failedRun, titles } from './fixtures.ts';

const ids = ['namespaces', 'secrets', 'datahub', 'frontend', 'cleanup'];
const start: RunEvent = { type: 'run-started', at: 0, mode: 'up', nodes: ids, concurrency: 1 };

/** Each row as `state: Title — status` plus `  › output` when it has one. */
function rows(events: readonly RunEvent[]): string[] {
  return liveView(events, titles).rows.map(
    (row) => `${row.state}${spins(row.state) ? ' (spins)' : ''}: ${rowTitle(row)}${row.output ? ` › ${row.output}` : ''}`,
  );
}

describe('the live view model', () => {
  it('a node whose check ended before its dependencies waits, without a spinner, instead of staying "checking"', () => {
    const view = rows([
      start,
      { type: 'node-waiting', at: 0, id: 'secrets', deps: ['namespaces'] },
      { type: 'node-checking', at: 0, id: 'namespaces' },
      { type: 'node-checking', at: 0, id: 'secrets' },
      { type: 'node-waiting', at: 5, id: 'secrets', deps: ['namespaces'] },
      { type: 'node-started', at: 6, id: 'namespaces', attempt: 1 },
    ]);
    expect(view.slice(0, 2)).toEqual(['running (spins): Namespaces', 'waiting: Secrets — waiting for namespaces']);
  });

  it('says what a waiting node waits for: dependencies by id, a lock, a free slot with the concurrency', () => {
    expect(
      rows([
        start,
        { type: 'node-started', at: 0, id: 'namespaces', attempt: 1 },
        { type: 'node-waiting', at: 1, id: 'secrets', deps: [], slot: 1 },
        { type: 'node-waiting', at: 1, id: 'datahub', deps: [], lock: 'helm-repositories', holder: 'namespaces' },
        { type: 'node-waiting', at: 1, id: 'frontend', deps: ['datahub', 'secrets'] },
        // An older engine says nothing of the slot: the run's concurrency stands in.
        { type: 'node-waiting', at: 1, id: 'cleanup', deps: [] },
      ]),
    ).toEqual([
      'running (spins): Namespaces',
      'waiting: Secrets — waiting for a free slot (concurrency 1)',
      'waiting: Install DataHub — waiting for lock helm-repositories',
      'waiting: Frontend — waiting for datahub, secrets',
      'waiting: Cleanup — waiting for a free slot (concurrency 1)',
    ]);
  });

  it("shows a running node's latest output line in place, not a growing log, and not a check's lines", () => {
    const base: RunEvent[] = [
      start,
      { type: 'node-checking', at: 0, id: 'datahub' },
      { type: 'node-output', at: 1, id: 'datahub', line: 'kubectl get helm release' },
      { type: 'node-started', at: 2, id: 'datahub', attempt: 1 },
    ];
    expect(rows(base)[2]).toBe('running (spins): Install DataHub');
    const progress: RunEvent[] = [
      ...base,
      { type: 'node-output', at: 3, id: 'datahub', line: 'datahub-system-update: running for 30s (active 1, failed 0)' },
      { type: 'node-output', at: 4, id: 'datahub', line: '\u001b[33mdatahub-system-update: running for 1m00s (active 1, failed 0)\u001b[0m' },
      { type: 'node-output', at: 5, id: 'datahub', line: '   ' },
    ];
    expect(rows(progress)[2]).toBe('running (spins): Install DataHub › datahub-system-update: running for 1m00s (active 1, failed 0)');
    expect(rows([...progress, { type: 'node-done', at: 9, id: 'datahub', durationMs: 7, attempts: 1 }])[2]).toBe(
      'done: Install DataHub (7ms)',
    );
  });

  it('ends with every node finished: done, skipped with the reason, failed with the error', () => {
    expect(rows(failedRun)).toEqual([
      'done: Namespaces (1.2s)',
      'skipped: Secrets — skipped: already done',
      'failed: Install DataHub — failed after 3 attempts, 3m02s: helm upgrade --install datahub exited with code 1 …',
      'skipped: Frontend — skipped: dependency failed',
      'skipped: Cleanup — skipped: not started',
    ]);
  });

  it('a footer with the elapsed time, n/total done, and how many run, check, wait and failed', () => {
    const model = createLiveModel(titles);
    for (const event of [
      start,
      { type: 'node-done', at: 5, id: 'namespaces', durationMs: 5, attempts: 1 },
      { type: 'node-checking', at: 5, id: 'secrets' },
      { type: 'node-started', at: 6, id: 'datahub', attempt: 1 },
      { type: 'node-waiting', at: 6, id: 'frontend', deps: ['datahub'] },
    ] satisfies RunEvent[]) {
      applyLiveEvent(model, event);
    }
    expect(footerLine(model, 42_000)).toBe('00:42 · 1/5 done · 1 running · 1 checking · 2 waiting');
    applyLiveEvent(model, { type: 'node-failed', at: 7, id: 'datahub', durationMs: 1, error: 'x', tail: [], attempts: 1, interrupted: false });
    applyLiveEvent(model, { type: 'run-finished', at: 8, outcome: 'failed', durationMs: 63_000 });
    // Once finished, the run's own duration, whatever the clock says.
    expect(footerLine(model, 99_000)).toBe('01:03 · 5/5 done · 1 failed');
  });
});
