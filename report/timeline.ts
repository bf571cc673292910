/**
 * A recorded run as a timeline: for each node, when it became ready, waited for a lock, started, ended, and
 * how it ended.
 *
 * Deals with: the timeline's types, and deriving per-node times from the event stream alone (the engine
 * records no "ready" event: a node is ready when the last of its dependencies finished, or when the run
 * started if it had none), in two passes: the events folded per node (timeline-drafts.ts), then each node's
 * times in execution order (node-timing.ts).
 * Does not deal with: the critical path (critical-path.ts) or any output format.
 *
 * "Dependencies" are those of the run's direction: in a `down` they are the nodes that had to be removed
 * first (the engine's `node-waiting` events name them the same way).
 */
import type { Failure, RunEvent, RunMode, RunOutcome, SkipReason } from '../engine/types.ts';
import { releasedDependents, toTiming } from './node-timing.ts';
import { collectDrafts } from './timeline-drafts.ts';

export { releasedDependents };

/**
 * How a node ended. The engine's outcomes, plus `unfinished`: the events stop while the node was still
 * running or waiting (the run was killed, or is still going).
 */
export type TimelineOutcome = 'done' | 'skipped' | 'failed' | 'interrupted' | 'unfinished';


/** One retry of a node's work. */
export interface RetryRecord {
  /** When the failed attempt ended (epoch ms). */
  readonly at: number;
  /** The attempt that comes next: 2 for the first retry. */
  readonly attempt: number;
  /** Why the previous attempt failed (first line). */
  readonly error: string;
  /** The pause before the next attempt. */
  readonly delayMs: number;
}

/** What one node did during the run. Times are epoch ms, like the events' `at`. */
export interface NodeTiming {
  readonly id: string;
  /** The node's groups (`--only` names); empty when it has none or the run did not record them. */
  readonly groups: readonly string[];
  /** Position in the run's execution order (the `run-started` event's `nodes`). */
  readonly index: number;
  /** The dependencies it waited for, in the run's direction; empty when it had none. */
  readonly deps: readonly string[];
  readonly outcome: TimelineOutcome;
  /** Why it was skipped; `undefined` unless `outcome` is `skipped`. */
  readonly skipReason?: SkipReason;
  /** The skip's detail (e.g. a check's explanation); `undefined` when there was none. */
  readonly skipDetail?: string;
  /** When its last dependency finished (the run's start if it had none); `undefined` if it never became ready. */
  readonly readyAt?: number;
  /**
   * When its work started (first attempt). For a node skipped by its check, its journal entry or for having
   * nothing to undo: when it became ready, since deciding to skip is its "work". `undefined` if it never started.
   */
  readonly startedAt?: number;
  /** When it finished, was skipped or failed; the last event's time if `unfinished`; `undefined` if it never started. */
  readonly endedAt?: number;
  /** From `startedAt` to `endedAt`, retries and their pauses included; 0 when it never started. */
  readonly durationMs: number;
  /** From the run's start until it was ready; `undefined` if it never became ready. */
  readonly waitedForDepsMs?: number;
  /** Time spent ready but blocked by a named lock another node held; 0 when it never waited for one. */
  readonly waitedForLockMs: number;
  /** When it began waiting for a lock; `undefined` when it never waited for one. */
  readonly lockWaitFrom?: number;
  /** The nodes that held the locks it waited for, where the events name them; empty otherwise. */
  readonly lockHolders: readonly string[];
  /** The locks it waited for, in the order it met them; empty when none. */
  readonly locks: readonly string[];
  /**
   * Ready until started, minus the lock wait: finishing its check and waiting for a free concurrency slot.
   * `undefined` when it never started.
   */
  readonly queuedMs?: number;
  /** Attempts at its work: 0 if it never started, 2 or more if it was retried. */
  readonly attempts: number;
  /** Each retry; empty when the first attempt settled it. */
  readonly retries: readonly RetryRecord[];
  /** Why it ran although it may have been done: its inputs changed (`fingerprint`), or `up --force`; else `false`. */
  readonly forced: false | 'fingerprint' | 'force';
  /** The failure's message; `undefined` unless `outcome` is `failed` or `interrupted`. */
  readonly error?: string;
  /** The failure as data; `undefined` unless it failed (and in runs recorded before failures were data). */
  readonly failure?: Failure;
  /** The last output lines before a failure; empty unless it failed. */
  readonly tail: readonly string[];
}

/** A whole recorded run. */
export interface RunTimeline {
  readonly mode: RunMode;
  readonly concurrency: number;
  /** Nodes in execution order. */
  readonly nodes: readonly NodeTiming[];
  /** The `run-started` event's time. */
  readonly startedAt: number;
  /** The `run-finished` event's time, else the last event's. */
  readonly endedAt: number;
  /** The run's own measure when it finished, else `endedAt - startedAt`. */
  readonly durationMs: number;
  /** How the run ended; `unfinished` when the events stop before `run-finished`. */
  readonly outcome: RunOutcome | 'unfinished';
  /** Warnings the run printed, in order. */
  readonly warnings: readonly string[];
}

/** Why {@link buildTimeline} could not make sense of the events. */
export class TimelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimelineError';
  }
}

/** Builds the timeline from a run's events, in the order they were recorded. */
export function buildTimeline(events: readonly RunEvent[]): RunTimeline {
  const started = events.find((e) => e.type === 'run-started');
  if (started?.type !== 'run-started') {
    throw new TimelineError('the events have no run-started event, so they do not describe a run');
  }
  const { drafts, finished, warnings } = collectDrafts(started, events);
  const lastAt = events.reduce((max, e) => Math.max(max, e.at), started.at);
  const endedAt = finished?.at ?? lastAt;
  const timings = new Map<string, NodeTiming>();
  // Execution order is topological, so every dependency's timing exists before its dependents need it.
  for (const draft of drafts) timings.set(draft.id, toTiming(draft, timings, started.at, endedAt));
  return {
    mode: started.mode,
    concurrency: started.concurrency,
    nodes: drafts.map((d) => timings.get(d.id)!),
    startedAt: started.at,
    endedAt,
    durationMs: finished?.durationMs ?? endedAt - started.at,
    outcome: finished?.outcome ?? 'unfinished',
    warnings,
  };
}
