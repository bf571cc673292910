/** The engine's public surface: build → validate → select → run. */
export * from './types.ts';
export { validateGraph, type ValidGraph, type GraphProblem, type ValidationResult } from './validate.ts';
export { resolveNames, selectSubgraph, type SelectionRequest, type SelectionResult } from './select.ts';
export { runGraph, type RunGraphOptions } from './scheduler.ts';
export { decide, type Decision, type DecideInput } from './decide.ts';
export { resultFromEvents, RunResultBuilder } from './run-result.ts';
export { openJournal, memoryJournal, type Journal, type JournalEntry } from './journal.ts';
export { fingerprintOf } from './fingerprint.ts';
export { formatDuration } from './duration.ts';
export { evaluateCheck, type CheckOutcome } from './run-check.ts';
export { planRun, type PlannedNode, type PlannedAction, type PlanOptions } from './plan.ts';
export { NODE_GRACE_MS } from './execute-node.ts';
