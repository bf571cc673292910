/**
 * The one decision per node: run it, skip it, or fail it, from what is known about it. `up`/`down`
 * (scheduler.ts) and `plan` (plan.ts) both ask here, so they cannot disagree.
 *
 * Deals with: the order of the rules (nothing to undo, inputs that could not be computed, changed inputs,
 * --force, the check, the journal) and when a node's inputs count as changed.
 * Does not deal with: running checks or computing fingerprints (the caller does, and says what it found,
 * through {@link decideInputOf}).
 */
import type { CheckOutcome } from './run-check.ts';
import type { Journal, JournalEntry } from './journal.ts';
import type { RunMode, TaskNode } from './types.ts';

/** What is known about a node when it is ready. */
export interface DecideInput {
  readonly mode: RunMode;
  /** The node has a `down` (only asked in `down`). */
  readonly hasDown: boolean;
  /** The node has a check for this mode (`check` in `up`, `downCheck` in `down`). */
  readonly hasCheck: boolean;
  /** The node only reads (a preflight, a wait): the journal never skips it. */
  readonly readOnly: boolean;
  /** Its check's answer; `undefined` when it has none or it was not asked yet. */
  readonly check?: CheckOutcome;
  /** What the journal remembers of it; `undefined` when nothing (or no journal, or `down`). */
  readonly journal?: JournalEntry;
  /** Its fingerprint; `undefined` when not computed (no journal, or `down`). */
  readonly fingerprint?: string;
  /** Its inputs, or those of something it depends on, changed since the journal saw them. */
  readonly stale: boolean;
  /** `up --force` named it. */
  readonly forced: boolean;
  /** Why its inputs could not be computed; `undefined` when they could. */
  readonly inputsError?: string;
}

/** What to do with the node. */
export type Decision =
  | { readonly kind: 'run' }
  /** its inputs (or a dependency's) changed since the journal saw it */
  | { readonly kind: 'run-changed' }
  /** `up --force` asked */
  | { readonly kind: 'run-forced' }
  /** its check says done (in `down`: already gone) */
  | { readonly kind: 'skip-done'; readonly detail?: string }
  /** no check, and the journal remembers it done with the same fingerprint */
  | { readonly kind: 'skip-journal' }
  /** in `down`: nothing to undo */
  | { readonly kind: 'skip-no-down' }
  | { readonly kind: 'fail-inputs'; readonly error: string }
  /** the answer depends on the check, which was not asked yet: ask it, then decide again */
  | { readonly kind: 'ask-check' };

/** The decision for one node. Pure: same input, same answer. */
export function decide(input: DecideInput): Decision {
  if (input.mode === 'down' && !input.hasDown) return { kind: 'skip-no-down' };
  if (input.inputsError !== undefined) return { kind: 'fail-inputs', error: input.inputsError };
  if (input.stale) return { kind: 'run-changed' };
  if (input.forced) return { kind: 'run-forced' };
  if (input.hasCheck) {
    if (input.check === undefined) return { kind: 'ask-check' };
    if (input.check.done) return { kind: 'skip-done', ...(input.check.detail === undefined ? {} : { detail: input.check.detail }) };
    return { kind: 'run' };
  }
  // A read-only node (a preflight) did no work the journal could remember: it verifies, so it always runs.
  const { journal } = input;
  if (input.mode === 'up' && !input.readOnly && journal?.outcome === 'done' && journal.fingerprint === input.fingerprint) {
    return { kind: 'skip-journal' };
  }
  return { kind: 'run' };
}

/**
 * Whether a node's inputs changed since the journal saw them: only when the journal has an entry and the
 * fingerprint could be computed. A node is stale when its own inputs changed or a dependency is stale.
 */
export function inputsChanged(journal: JournalEntry | undefined, fingerprint: string | undefined): boolean {
  return journal !== undefined && fingerprint !== undefined && journal.fingerprint !== fingerprint;
}

/** The node's check for `mode`: `check` in `up`, `downCheck` in `down`. */
export function checkFor(node: TaskNode, mode: RunMode): TaskNode['check'] {
  return mode === 'up' ? node.check : node.downCheck;
}

/** What the run (or the plan) found out about a node before deciding (a run's NodeState is one). */
export interface NodeFacts {
  /** From the fingerprint pass; `undefined` when there was none (no journal, or `down`). */
  readonly fingerprint?: string | undefined;
  readonly inputsError?: string | undefined;
  readonly stale: boolean;
  /** `up --force` named it (only counted in `up`). */
  readonly forced: boolean;
}

/** What is the same for every node of a run: its direction and its journal. */
export interface DecideContext {
  readonly mode: RunMode;
  readonly journal?: Journal | undefined;
}

/**
 * The input of {@link decide} for `node`, the same for the scheduler and for `plan`; `check` once its check
 * answered.
 */
export function decideInputOf(node: TaskNode, facts: NodeFacts, run: DecideContext, check?: CheckOutcome): DecideInput {
  // One object, nothing else: the scheduler asks this for every node of graphs of tens of thousands.
  const { mode } = run;
  return {
    mode,
    hasDown: node.down !== undefined,
    hasCheck: checkFor(node, mode) !== undefined,
    readOnly: node.readOnly === true,
    check,
    journal: mode === 'up' ? run.journal?.get(node.id) : undefined,
    fingerprint: facts.fingerprint,
    stale: facts.stale,
    forced: mode === 'up' && facts.forced,
    inputsError: facts.inputsError,
  };
}
