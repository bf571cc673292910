import { describe, expect, it } from 'vitest';
import { releasedDependents, toTiming } from '../../report/node-timing.ts';
import type { Draft } from '../../report/timeline-drafts.ts';
import type { NodeTiming } from '../../report/timeline.ts';

const RUN_START = 1_000;
const RUN_END = 2_000;

function draft(fields: Partial<Draft>): Draft {
  return { id: 'n', index: 1, groups: [], deps: [], locks: [], lockHolders: [], retries: [], forced: false, ...fields };
}

/** The dependency `a`, done at 1200, and `f`, failed at 1300. */
const before = new Map<string, NodeTiming>(
  [
    toTiming(draft({ id: 'a', index: 0, firstStart: 1_000, end: { type: 'node-done', id: 'a', at: 1_200, durationMs: 200, attempts: 1 } }), new Map(), RUN_START, RUN_END),
    toTiming(
      draft({ id: 'f', index: 0, end: { type: 'node-failed', id: 'f', at: 1_300, durationMs: 0, error: 'e', tail: ['t'], attempts: 1, interrupted: false } }),
      new Map(),
      RUN_START,
      RUN_END,
    ),
  ].map((timing) => [timing.id, timing]),
);

const retry = { at: 1_400, attempt: 2, error: 'x', delayMs: 10 };

describe('toTiming', () => {
  it.each<{ name: string; draft: Partial<Draft>; expected: Partial<NodeTiming> }>([
    {
      name: 'unfinished, never started: waited for its lock until the run ended',
      draft: { lockWaitFrom: 1_500 },
      expected: { outcome: 'unfinished', readyAt: 1_000, attempts: 0, durationMs: 0, waitedForLockMs: 500, startedAt: undefined },
    },
    {
      name: 'unfinished while running: runs until the last event, one attempt per retry and one more',
      draft: { deps: ['a'], firstStart: 1_300, retries: [retry] },
      expected: { outcome: 'unfinished', readyAt: 1_200, waitedForDepsMs: 200, startedAt: 1_300, endedAt: 2_000, durationMs: 700, attempts: 2, queuedMs: 100 },
    },
    {
      name: 'skipped by its check: its work was deciding, from ready to the skip',
      draft: { deps: ['a'], end: { type: 'node-skipped', id: 'n', at: 1_250, reason: 'check', detail: 'up to date' } },
      expected: { outcome: 'skipped', skipReason: 'check', skipDetail: 'up to date', startedAt: 1_200, endedAt: 1_250, durationMs: 50, queuedMs: 0 },
    },
    {
      name: 'skipped for a failed dependency: never ready, never started',
      draft: { deps: ['f'], end: { type: 'node-skipped', id: 'n', at: 1_300, reason: 'dependency-failed' } },
      expected: { outcome: 'skipped', readyAt: undefined, startedAt: undefined, durationMs: 0, attempts: 0, waitedForLockMs: 0 },
    },
    {
      name: 'done after a lock wait: the lock wait is not queueing',
      draft: { lockWaitFrom: 1_050, locks: ['helm'], firstStart: 1_150, end: { type: 'node-done', id: 'n', at: 1_400, durationMs: 250, attempts: 1 } },
      expected: { outcome: 'done', startedAt: 1_150, endedAt: 1_400, durationMs: 250, waitedForLockMs: 100, queuedMs: 50, lockWaitFrom: 1_050 },
    },
    {
      name: 'failed before it started: starts and ends at once, with its error and tail',
      draft: { end: { type: 'node-failed', id: 'n', at: 1_600, durationMs: 0, error: 'no inputs', tail: ['l'], attempts: 0, interrupted: false } },
      expected: { outcome: 'failed', startedAt: 1_600, endedAt: 1_600, durationMs: 0, error: 'no inputs', tail: ['l'], queuedMs: 600 },
    },
    {
      name: 'interrupted after a retry',
      draft: { firstStart: 1_000, retries: [retry], forced: 'force', end: { type: 'node-failed', id: 'n', at: 1_900, durationMs: 900, error: 'aborted', tail: [], attempts: 2, interrupted: true } },
      expected: { outcome: 'interrupted', attempts: 2, forced: 'force', retries: [retry], durationMs: 900, queuedMs: 0 },
    },
  ])('$name', ({ draft: fields, expected }) => {
    const timing = toTiming(draft(fields), before, RUN_START, RUN_END);
    const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, timing[key as keyof NodeTiming]]));
    expect(picked).toEqual(expected);
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(timing).not.toHaveProperty(key);
  });
});

describe('releasedDependents', () => {
  it.each<[Partial<NodeTiming>, boolean]>([
    [{ outcome: 'done', startedAt: 1 }, true],
    [{ outcome: 'skipped', startedAt: 1 }, true],
    [{ outcome: 'skipped' }, false],
    [{ outcome: 'failed', startedAt: 1 }, false],
    [{ outcome: 'interrupted', startedAt: 1 }, false],
    [{ outcome: 'unfinished', startedAt: 1 }, false],
  ])('%j → %s', (node, expected) => {
    expect(releasedDependents(node as NodeTiming)).toBe(expected);
  });
});
