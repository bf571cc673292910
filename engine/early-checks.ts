/**
 * Early checks: every check a run may need is started when the run begins (checks only read), a bounded
 * number at a time, so a no-op re-run costs about one check's time instead of the sum along its longest chain.
 *
 * Deals with: the check queue and its limit, `node-checking` events, handing each node the promise of its answer.
 * Does not deal with: what the answer means (decide.ts) or re-checking after a dependency ran (scheduler.ts).
 */
import { evaluateCheck, type CheckOutcome } from './run-check.ts';
import type { NodeState } from './node-state.ts';
import type { CheckResult, NodeContext, RunEvent } from './types.ts';

/** What {@link prepareEarlyChecks} needs. */
export interface EarlyChecksOptions {
  /** The nodes to check, in the order their checks start. */
  readonly queue: readonly NodeState[];
  /** At most this many checks at once. */
  readonly limit: number;
  readonly signal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
  readonly now: () => number;
  /** The node's check for the run's mode (bound to the node). */
  readonly checkOf: (s: NodeState) => (ctx: NodeContext) => Promise<CheckResult>;
  readonly logTo: (s: NodeState) => (line: string) => void;
  readonly warnTo: (s: NodeState) => (message: string) => void;
  /** Called when a node's check ended, before its promise resolves. */
  readonly onChecked: (s: NodeState) => void;
}

/** Gives every queued node the promise of its early check; the returned function launches them. */
export function prepareEarlyChecks(options: EarlyChecksOptions): () => void {
  const { queue, limit } = options;
  let active = 0;
  let next = 0;
  const waiting = new Map<NodeState, (outcome: CheckOutcome) => void>();
  const launch = () => {
    while (active < limit && next < queue.length) {
      const s = queue[next++]!;
      active++;
      options.emit({ type: 'node-checking', at: options.now(), id: s.node.id });
      void evaluateCheck(options.checkOf(s), options.signal, options.logTo(s), options.warnTo(s)).then((outcome) => {
        active--;
        options.onChecked(s);
        waiting.get(s)!(outcome);
        launch();
      });
    }
  };
  for (const s of queue) s.earlyCheck = new Promise<CheckOutcome>((resolve) => waiting.set(s, resolve));
  return launch;
}
