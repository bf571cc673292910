/**
 * The run result, built in one place: from the run's events. The scheduler feeds it every event it emits
 * and returns what it built, so the exit code, `--json` and the summary all read the one result the
 * events describe; a recorded run (or a test's events) gives the same result through {@link resultFromEvents}.
 *
 * Deals with: each node's final outcome, skip reason and failure, the run's outcome and duration.
 * Does not deal with: wording (run-output/summary.ts) or timings per node (report/timeline.ts).
 */
import type { RunEvent } from './events.ts';
import type { NodeResult, RunOutcome, RunResult } from './types.ts';

// Shared: a run of 50,000 nodes needs no 100,000 small objects for its two most common ends.
const NOT_STARTED: NodeResult = Object.freeze({ outcome: 'skipped', reason: 'not-started' });
const DONE: NodeResult = Object.freeze({ outcome: 'done' });

/** Folds events into a {@link RunResult}, one at a time. */
export class RunResultBuilder {
  readonly #nodes = new Map<string, NodeResult>();
  #outcome: RunOutcome = 'interrupted';
  #durationMs: number | undefined;
  #firstAt: number | undefined;
  #lastAt = 0;

  add(event: RunEvent): void {
    this.#firstAt ??= event.at;
    this.#lastAt = event.at;
    switch (event.type) {
      case 'run-started':
        for (const id of event.nodes) this.#nodes.set(id, NOT_STARTED);
        break;
      case 'node-done':
        this.#nodes.set(event.id, DONE);
        break;
      case 'node-skipped':
        this.#nodes.set(event.id, { outcome: 'skipped', reason: event.reason });
        break;
      case 'node-failed':
        this.#nodes.set(event.id, {
          outcome: event.interrupted ? 'interrupted' : 'failed',
          error: event.error,
          ...(event.failure === undefined ? {} : { failure: event.failure }),
        });
        break;
      case 'run-finished':
        this.#outcome = event.outcome;
        this.#durationMs = event.durationMs;
        break;
      default:
        break;
    }
  }

  /**
   * The result so far (its `nodes` follow later events: ask once the events are all in). Selected nodes
   * without a final event count as skipped, `not-started`; a run without a `run-finished` event counts as
   * interrupted, lasting from its first event to its last.
   */
  result(): RunResult {
    const durationMs = this.#durationMs ?? (this.#firstAt === undefined ? 0 : this.#lastAt - this.#firstAt);
    return { outcome: this.#outcome, nodes: this.#nodes, durationMs };
  }
}

/** The result the events describe (see {@link RunResultBuilder}). */
export function resultFromEvents(events: Iterable<RunEvent>): RunResult {
  const builder = new RunResultBuilder();
  for (const event of events) builder.add(event);
  return builder.result();
}
