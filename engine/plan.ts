/**
 * Planning: what a run would do, from the checks alone (they only read), without running anything.
 *
 * Deals with: evaluating every selected node's check at once, the fingerprint pass (node-state.ts) and the
 * decision (decide.ts) exactly as a run makes them, and the steps of the run (nodes in the same step can run
 * in parallel).
 * Does not deal with: formatting (the CLI does).
 */
import { setMaxListeners } from 'node:events';
import { checkFor, decide, decideInputOf, type Decision } from './decide.ts';
import type { Journal } from './journal.ts';
import { readInputs, type NodeInputs } from './node-state.ts';
import { evaluateCheck, type CheckOutcome } from './run-check.ts';
import { titleOf, type RunMode } from './types.ts';
import type { ValidGraph } from './validate.ts';

/** What a run would do with one node. */
export type PlannedAction =
  | 'run'
  /** its inputs changed since the journal saw it (or a dependency's did) */
  | 'run-changed'
  | 'skip-done'
  /** `up --force` named it */
  | 'run-forced'
  | 'skip-journal'
  | 'skip-no-down'
  /** its inputs could not be computed: the run fails it (`detail` says why) */
  | 'fail-inputs';

/** One line of the plan. */
export interface PlannedNode {
  readonly id: string;
  readonly title: string;
  readonly action: PlannedAction;
  /** The check's detail, if it gave one; for `fail-inputs`, why its inputs could not be computed. */
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
  /** Nodes the run would force (`up --force`); `undefined` means none. */
  readonly force?: ReadonlySet<string>;
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
      const check = checkFor(node, mode);
      return [id, check ? evaluateCheck(check.bind(node), signal, () => {}) : undefined] as const;
    }),
  );
  // The same fingerprint pass as the run's: only `up` with a journal finds changed inputs.
  const inputs: ReadonlyMap<string, NodeInputs> =
    mode === 'up' && journal ? await readInputs(execOrder, (id) => graph.nodes.get(id)!, predsOf, journal) : new Map();
  const steps = new Map<string, number>();
  const plan: PlannedNode[] = [];
  for (const id of execOrder) {
    const node = graph.nodes.get(id)!;
    const after = predsOf(id);
    const facts = { stale: false, ...inputs.get(id), forced: options.force?.has(id) ?? false };
    let decision: Decision = decide(decideInputOf(node, facts, options));
    if (decision.kind === 'ask-check') decision = decide(decideInputOf(node, facts, options, (await checks.get(id)) as CheckOutcome));
    const { action, detail } = planned(decision);
    const runs = action.startsWith('run');
    const step = runs ? 1 + Math.max(0, ...after.map((p) => steps.get(p) ?? 0)) : 0;
    steps.set(id, step);
    plan.push({ id, title: titleOf(node, mode), action, step, after, ...(detail === undefined ? {} : { detail }) });
  }
  return plan;
}

/** A decision as a line of the plan. */
function planned(decision: Decision): { action: PlannedAction; detail?: string } {
  switch (decision.kind) {
    case 'skip-done':
      return { action: 'skip-done', ...(decision.detail === undefined ? {} : { detail: decision.detail }) };
    case 'fail-inputs':
      return { action: 'fail-inputs', detail: decision.error };
    case 'ask-check':
      throw new Error('unreachable: the check was asked');
    default:
      return { action: decision.kind };
  }
}
