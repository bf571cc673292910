/**
 * Planning: what a run would do, from the checks alone (they only read), without running anything.
 *
 * Deals with: evaluating every selected node's check at once, the journal's view of fingerprints, and the
 * steps of the run (nodes in the same step can run in parallel).
 * Does not deal with: formatting (the CLI does).
 */
import { setMaxListeners } from 'node:events';
import { fingerprintOf } from './fingerprint.ts';
import type { Journal } from './journal.ts';
import { evaluateCheck } from './run-check.ts';
import { titleOf, type RunMode } from './types.ts';
import type { ValidGraph } from './validate.ts';

/** What a run would do with one node. */
export type PlannedAction =
  | 'run'
  /** its inputs changed since the journal saw it (or a dependency's did) */
  | 'run-changed'
  | 'skip-done'
  | 'skip-journal'
  | 'skip-no-down';

/** One line of the plan. */
export interface PlannedNode {
  readonly id: string;
  readonly title: string;
  readonly action: PlannedAction;
  /** The check's detail, if it gave one. */
  readonly detail?: string;
  /** 1-based step: nodes that run in the same step can run in parallel. 0 for skipped nodes. */
  readonly step: number;
  /** Selected dependencies (in `down`: dependents) that must finish first. */
  readonly after: readonly string[];
}

/** Options for {@link planRun}. */
export interface PlanOptions {
  readonly mode: RunMode;
  readonly selected: ReadonlySet<string>;
  readonly journal?: Journal;
  readonly signal?: AbortSignal;
}

/** Evaluates checks and journal state for the selection, in execution order. */
export async function planRun(graph: ValidGraph, options: PlanOptions): Promise<PlannedNode[]> {
  const { mode, journal } = options;
  const signal = options.signal ?? new AbortController().signal;
  // All checks run at once and each child process listens on this signal.
  setMaxListeners(0, signal);
  const ids = graph.order.filter((id) => options.selected.has(id));
  const execOrder = mode === 'up' ? ids : ids.reverse();
  const predsOf = (id: string) =>
    (mode === 'up' ? graph.nodes.get(id)!.deps : graph.dependents.get(id)!).filter((d) => options.selected.has(d));

  const checks = new Map(
    execOrder.map((id) => {
      const node = graph.nodes.get(id)!;
      const check = mode === 'up' ? node.check : node.downCheck;
      return [id, check ? evaluateCheck(check.bind(node), signal, () => {}) : undefined] as const;
    }),
  );
  const stale = new Set<string>();
  const steps = new Map<string, number>();
  const plan: PlannedNode[] = [];
  for (const id of execOrder) {
    const node = graph.nodes.get(id)!;
    const after = predsOf(id);
    let action: PlannedAction;
    let detail: string | undefined;
    if (mode === 'down' && !node.down) action = 'skip-no-down';
    else {
      const entry = mode === 'up' ? journal?.get(id) : undefined;
      const fingerprint = mode === 'up' ? fingerprintOf((await node.inputs?.()) ?? null) : undefined;
      if ((entry && entry.fingerprint !== fingerprint) || after.some((p) => stale.has(p))) {
        stale.add(id);
        action = 'run-changed';
      } else {
        const outcome = await checks.get(id);
        detail = outcome?.detail;
        if (outcome?.done) action = 'skip-done';
        else if (!outcome && !node.readOnly && entry?.outcome === 'done') action = 'skip-journal';
        else action = 'run';
      }
    }
    const runs = action === 'run' || action === 'run-changed';
    const step = runs ? 1 + Math.max(0, ...after.map((p) => steps.get(p) ?? 0)) : 0;
    steps.set(id, step);
    plan.push({ id, title: titleOf(node, mode), action, step, after, ...(detail === undefined ? {} : { detail }) });
  }
  return plan;
}
