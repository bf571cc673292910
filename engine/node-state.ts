/**
 * What the scheduler knows of each selected node during a run, and the fingerprint pass that fills in
 * its inputs before the run starts (shared with `plan`, so both find the same nodes stale).
 *
 * Deals with: predecessors and successors in the run's direction, readiness counters, fingerprints, staleness.
 * Does not deal with: deciding (decide.ts) or running (scheduler.ts).
 */
import { inputsChanged } from './decide.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { Journal } from './journal.ts';
import type { CheckOutcome } from './run-check.ts';
import type { RunMode, TaskNode } from './types.ts';
import type { ValidGraph } from './validate.ts';

/** One selected node during a run. */
export interface NodeState {
  readonly node: TaskNode;
  /** Its place in the run's execution order (breaks priority ties). */
  readonly index: number;
  /** What must finish before it (in `down`: its dependents), within the selection. */
  readonly preds: string[];
  /** What waits for it, within the selection. */
  readonly succs: string[];
  /** Predecessors not finished yet. */
  remaining: number;
  /**
   * Set when the node became ready (its last predecessor finished, or it had none). A node becomes ready
   * once: only then is it checked, queued and started, and only then does it release its successors.
   */
  readied: boolean;
  fingerprint?: string;
  inputsError?: string;
  stale: boolean;
  /** In `force`: runs without asking its check or the journal. */
  forced: boolean;
  earlyCheck?: Promise<CheckOutcome>;
  /**
   * Where the node is once ready and not done: in the heap (`queued`), parked behind a lock (`lock`), or
   * running. `undefined` before. Tells the pump which queued nodes still have to be told they wait for a slot.
   */
  place?: 'queued' | 'lock' | 'running';
  /** Its last output lines, for a failure's summary. */
  tail: string[];
  /** It ended: done, skipped, failed or interrupted. */
  finished: boolean;
}

/** A state for every node of `execOrder`, its edges turned to the run's direction. */
export function buildStates(graph: ValidGraph, execOrder: readonly string[], mode: RunMode): Map<string, NodeState> {
  const inSelection = new Set(execOrder);
  const states = new Map<string, NodeState>();
  execOrder.forEach((id, index) => {
    const node = graph.nodes.get(id)!;
    const deps = [...new Set(node.deps)].filter((d) => inSelection.has(d));
    const dependents = graph.dependents.get(id)!.filter((d) => inSelection.has(d));
    const preds = mode === 'up' ? deps : dependents;
    const succs = mode === 'up' ? dependents : deps;
    states.set(id, { node, index, preds, succs, remaining: preds.length, readied: false, stale: false, forced: false, tail: [], finished: false });
  });
  return states;
}

/** A node's inputs as the fingerprint pass found them. */
export interface NodeInputs {
  /** `undefined` when its inputs could not be computed. */
  readonly fingerprint?: string;
  /** Why its inputs could not be computed. */
  readonly inputsError?: string;
  /** Its inputs, or those of something before it, changed since the journal saw them. */
  readonly stale: boolean;
}

/**
 * Fingerprints every node of `order` (`up`'s order) one after the other, and marks as stale those whose
 * inputs changed since the journal saw them, and their downstream. Only `up` with a journal needs it.
 */
export async function readInputs(
  order: readonly string[],
  nodeOf: (id: string) => TaskNode,
  predsOf: (id: string) => readonly string[],
  journal: Journal,
): Promise<Map<string, NodeInputs>> {
  const found = new Map<string, NodeInputs>();
  for (const id of order) {
    let fingerprint: string | undefined;
    let inputsError: string | undefined;
    try {
      const inputs = nodeOf(id).inputs?.();
      fingerprint = fingerprintOf((inputs instanceof Promise ? await inputs : inputs) ?? null);
    } catch (error) {
      inputsError = (error as Error).message;
    }
    const stale = inputsChanged(journal.get(id), fingerprint) || predsOf(id).some((p) => found.get(p)!.stale);
    found.set(id, { stale, ...(fingerprint === undefined ? {} : { fingerprint }), ...(inputsError === undefined ? {} : { inputsError }) });
  }
  return found;
}
