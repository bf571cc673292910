/**
 * Evaluates an idempotency check. A check only reads, so a check that throws (the cluster hiccuped, say)
 * means "not known to be done": the node runs, and its idempotent `run` is the safe answer.
 */
import type { CheckResult, NodeContext } from './types.ts';

/** A check's answer, normalised. */
export interface CheckOutcome {
  readonly done: boolean;
  /** Why, in a few words, for the live view (e.g. "release deployed at 0.8.3"). */
  readonly detail?: string;
}

/** Runs `check` and never rejects. */
export async function evaluateCheck(
  check: (ctx: NodeContext) => Promise<CheckResult>,
  signal: AbortSignal,
  log: (line: string) => void,
  warn: (message: string) => void = log,
): Promise<CheckOutcome> {
  try {
    const result = await check({ signal, log, warn, attempt: 1 });
    return typeof result === 'boolean' ? { done: result } : result;
  } catch (error) {
    log(`check could not tell whether this is done (${(error as Error).message.split('\n', 1)[0]}); running it`);
    return { done: false };
  }
}
