/**
 * The first pass of a timeline: what the events say about each node, gathered per node (a draft), before
 * any time is derived from it; and the run's warnings and its `run-finished` event.
 *
 * Deals with: folding the event stream into drafts (dependencies waited for, locks and their holders, the
 * first start, retries, why it was forced, how it ended), in the run's execution order.
 * Does not deal with: readiness, durations or outcomes (node-timing.ts), nor a stream without `run-started`
 * (timeline.ts refuses it first).
 */
import type { RunEvent } from '../engine/types.ts';
import type { RetryRecord } from './timeline.ts';

type RunStarted = Extract<RunEvent, { type: 'run-started' }>;
type RunFinished = Extract<RunEvent, { type: 'run-finished' }>;

/** What the events said about one node. */
export interface Draft {
  id: string;
  index: number;
  groups: readonly string[];
  deps: string[];
  firstStart?: number;
  lockWaitFrom?: number;
  locks: string[];
  lockHolders: string[];
  retries: RetryRecord[];
  forced: false | 'fingerprint' | 'force';
  end?: Extract<RunEvent, { type: 'node-done' | 'node-failed' | 'node-skipped' }>;
}

/** What {@link collectDrafts} gathered. */
export interface RunDrafts {
  /** One per node, in execution order (`run-started`'s `nodes`, then any node it did not name). */
  readonly drafts: readonly Draft[];
  /** The (last) `run-finished` event; `undefined` when the events stop before it. */
  readonly finished: RunFinished | undefined;
  /** The run's warnings, in order, prefixed with their node's id when they have one. */
  readonly warnings: readonly string[];
}

/** Folds the run's events, in the order they were recorded, into one draft per node. */
export function collectDrafts(started: RunStarted, events: readonly RunEvent[]): RunDrafts {
  const drafts = new Map<string, Draft>();
  const newDraft = (id: string, index: number): Draft => {
    const groups = started.groups?.[id] ?? [];
    return { id, index, groups, deps: [], locks: [], lockHolders: [], retries: [], forced: false };
  };
  started.nodes.forEach((id, index) => drafts.set(id, newDraft(id, index)));
  // A node outside run-started's list should not exist; keep it rather than lose what it did.
  const draftOf = (id: string): Draft => {
    let draft = drafts.get(id);
    if (!draft) drafts.set(id, (draft = newDraft(id, drafts.size)));
    return draft;
  };

  let finished: RunFinished | undefined;
  const warnings: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'node-waiting':
        noteWait(draftOf(event.id), event);
        break;
      case 'node-started': {
        const draft = draftOf(event.id);
        draft.firstStart ??= event.at;
        if (event.forced) draft.forced = event.forced;
        break;
      }
      case 'node-retrying':
        draftOf(event.id).retries.push({ at: event.at, attempt: event.attempt, error: event.error, delayMs: event.delayMs });
        break;
      case 'node-done':
      case 'node-failed':
      case 'node-skipped':
        draftOf(event.id).end ??= event;
        break;
      case 'warning':
        warnings.push(event.id === undefined ? event.message : `${event.id}: ${event.message}`);
        break;
      case 'run-finished':
        finished = event;
        break;
      default:
        break;
    }
  }
  return { drafts: [...drafts.values()].sort((a, b) => a.index - b.index), finished, warnings };
}

/** A wait for dependencies adds them; a wait for a lock notes when it began, the lock and its holder. */
function noteWait(draft: Draft, event: Extract<RunEvent, { type: 'node-waiting' }>): void {
  if (event.lock === undefined) {
    for (const dep of event.deps) if (!draft.deps.includes(dep)) draft.deps.push(dep);
    return;
  }
  draft.lockWaitFrom ??= event.at;
  if (!draft.locks.includes(event.lock)) draft.locks.push(event.lock);
  // A lock wait names the node holding it, so the critical path can follow the wait to its holder.
  const holder = event.holder;
  if (holder !== undefined && !draft.lockHolders.includes(holder)) draft.lockHolders.push(holder);
}
