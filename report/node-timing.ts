/**
 * The second pass of a timeline: one node's times and outcome, derived from its draft (timeline-drafts.ts)
 * and the timings of the nodes before it in execution order.
 *
 * Deals with: when a node became ready (its last dependency released it, or the run started), its lock
 * wait, its queueing, its duration and attempts, for each way it can end: unfinished (the events stop),
 * skipped (decided by its check, journal or having nothing to undo, or never started), done or failed.
 * Does not deal with: reading events (timeline-drafts.ts) or the run as a whole (timeline.ts).
 */
import type { NodeTiming } from './timeline.ts';
import type { Draft } from './timeline-drafts.ts';

/** True when the node's end released its dependents (it did not fail and was not cut off). */
export function releasedDependents(node: NodeTiming): boolean {
  return node.outcome === 'done' || (node.outcome === 'skipped' && node.startedAt !== undefined);
}

/** What every way of ending shares. */
interface TimingParts {
  readonly draft: Draft;
  /** The fields that do not depend on how the node ended. */
  readonly base: ReturnType<typeof baseTiming>;
  readonly readyAt: number | undefined;
  /** Time ready but blocked by a lock, up to `until`; 0 when it never waited for one. */
  lockWait(until: number): number;
}

/**
 * The node's timing. `done` holds the timings of every node before it in execution order (which is
 * topological, so every dependency's timing is there); `runStart` and `runEnd` are the run's.
 */
export function toTiming(draft: Draft, done: ReadonlyMap<string, NodeTiming>, runStart: number, runEnd: number): NodeTiming {
  const readyAt = readyTime(draft, done, runStart);
  const parts: TimingParts = {
    draft,
    base: baseTiming(draft, readyAt, runStart),
    readyAt,
    lockWait: (until) => (draft.lockWaitFrom === undefined ? 0 : Math.max(0, until - draft.lockWaitFrom)),
  };
  const end = draft.end;
  if (end === undefined) return unfinishedTiming(parts, runEnd);
  if (end.type === 'node-skipped') return skippedTiming(parts, end);
  return endedTiming(parts, end);
}

function baseTiming(draft: Draft, readyAt: number | undefined, runStart: number) {
  return {
    id: draft.id,
    index: draft.index,
    groups: draft.groups,
    deps: draft.deps,
    locks: draft.locks,
    lockHolders: draft.lockHolders,
    retries: draft.retries,
    forced: draft.forced,
    tail: [] as readonly string[],
    ...(readyAt === undefined ? {} : { readyAt, waitedForDepsMs: readyAt - runStart }),
    ...(draft.lockWaitFrom === undefined ? {} : { lockWaitFrom: draft.lockWaitFrom }),
  };
}

/** The log stops here: whatever the node was doing, it was still doing it at the last event (`runEnd`). */
function unfinishedTiming({ draft, base, readyAt, lockWait }: TimingParts, runEnd: number): NodeTiming {
  const startedAt = draft.firstStart;
  const waitedForLockMs = lockWait(startedAt ?? runEnd);
  return {
    ...base,
    outcome: 'unfinished',
    waitedForLockMs,
    attempts: startedAt === undefined ? 0 : draft.retries.length + 1,
    durationMs: startedAt === undefined ? 0 : runEnd - startedAt,
    ...(startedAt === undefined ? {} : { startedAt, endedAt: runEnd, ...queued(readyAt, startedAt, waitedForLockMs) }),
  };
}

/** Skipped: deciding to skip (by its check, its journal entry or having nothing to undo) is its work. */
function skippedTiming({ base, readyAt, lockWait }: TimingParts, end: Extract<Draft['end'], { type: 'node-skipped' }>): NodeTiming {
  const decided = end.reason === 'check' || end.reason === 'journal' || end.reason === 'no-down';
  const startedAt = decided ? Math.min(readyAt ?? end.at, end.at) : undefined;
  return {
    ...base,
    outcome: 'skipped',
    skipReason: end.reason,
    ...(end.detail === undefined ? {} : { skipDetail: end.detail }),
    // A node that was ready but never started sat in the queue, possibly behind a lock, until the run stopped.
    waitedForLockMs: lockWait(end.at),
    attempts: 0,
    durationMs: startedAt === undefined ? 0 : end.at - startedAt,
    ...(startedAt === undefined ? {} : { startedAt, endedAt: end.at, queuedMs: 0 }),
  };
}

/** Done, failed or interrupted. */
function endedTiming({ draft, base, readyAt, lockWait }: TimingParts, end: Extract<Draft['end'], { type: 'node-done' | 'node-failed' }>): NodeTiming {
  // A node can fail before it starts (e.g. its inputs could not be computed): then it starts and ends at once.
  const startedAt = draft.firstStart ?? end.at - end.durationMs;
  const waitedForLockMs = lockWait(startedAt);
  return {
    ...base,
    outcome: end.type === 'node-done' ? 'done' : end.interrupted ? 'interrupted' : 'failed',
    startedAt,
    endedAt: end.at,
    durationMs: end.durationMs,
    waitedForLockMs,
    ...queued(readyAt, startedAt, waitedForLockMs),
    attempts: end.attempts,
    ...(end.type === 'node-failed' ? { error: end.error, tail: end.tail, ...(end.failure ? { failure: end.failure } : {}) } : {}),
  };
}

function queued(readyAt: number | undefined, startedAt: number, lockMs: number): { queuedMs?: number } {
  return readyAt === undefined ? {} : { queuedMs: Math.max(0, startedAt - readyAt - lockMs) };
}

/** When the last dependency released the node; `undefined` if one never did. */
function readyTime(draft: Draft, done: ReadonlyMap<string, NodeTiming>, runStart: number): number | undefined {
  let ready = runStart;
  for (const id of draft.deps) {
    const dep = done.get(id);
    if (dep === undefined || !releasedDependents(dep) || dep.endedAt === undefined) return undefined;
    ready = Math.max(ready, dep.endedAt);
  }
  return ready;
}
