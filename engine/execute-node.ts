/**
 * Runs one node's work (its `run` or `down`) with retries, a timeout and interrupt handling.
 *
 * Deals with: p-retry, per-attempt abort signals, the grace period an interrupted node gets to finish
 * cleanly (e.g. so helm can record its release state), and the tail of output kept for the summary.
 * Does not deal with: ordering, locks or the journal (the scheduler does).
 */
import pRetry, { AbortError } from 'p-retry';
import { asError, failureOf, isPermanent, TimeoutError } from './failure.ts';
import type { Failure, NodeContext, RetryPolicy, RunEvent } from './types.ts';

/** What {@link executeNode} needs. */
export interface ExecuteOptions {
  readonly id: string;
  readonly work: (ctx: NodeContext) => Promise<void>;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** Aborted when the whole run is interrupted. */
  readonly runSignal: AbortSignal;
  /** How long work may keep going after an interrupt before it is abandoned. */
  readonly graceMs: number;
  readonly log: (line: string) => void;
  readonly warn: (message: string) => void;
  readonly emit: (event: RunEvent) => void;
  readonly now: () => number;
}

/**
 * How long an interrupted node's work may keep going before it is abandoned, unless the run says otherwise.
 * The process runner (kube/run-tool.ts) kills a tool that has not ended by itself a little before this, so
 * the engine sees the tool's end instead of walking away from a running process.
 */
export const NODE_GRACE_MS = 10_000;

/** How the work ended. */
export type ExecuteResult =
  | { readonly ok: true; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly failure: Failure; readonly interrupted: boolean };

/** Runs the work until it succeeds, runs out of retries, fails permanently, or the run is interrupted. */
export async function executeNode(options: ExecuteOptions): Promise<ExecuteResult> {
  const { retry, runSignal } = options;
  const maxAttempts = (retry?.retries ?? 0) + 1;
  let attempts = 0;
  if (maxAttempts === 1) {
    // No retries: skip p-retry's machinery, which dominates the cost of tiny nodes in big graphs.
    try {
      await runAttempt(options, 1);
      return { ok: true, attempts: 1 };
    } catch (error) {
      return { ok: false, attempts: 1, failure: failureOf(error, runSignal.aborted), interrupted: runSignal.aborted };
    }
  }
  try {
    await pRetry(
      async (attemptNumber) => {
        attempts = attemptNumber;
        if (runSignal.aborted) throw new AbortError(abortReason(runSignal));
        try {
          await runAttempt(options, attemptNumber);
        } catch (error) {
          if (runSignal.aborted) throw new AbortError(asError(error));
          throw asError(error);
        }
      },
      {
        retries: retry?.retries ?? 0,
        minTimeout: retry?.minTimeoutMs ?? 1000,
        maxTimeout: retry?.maxTimeoutMs ?? 30_000,
        factor: retry?.factor ?? 2,
        signal: runSignal,
        shouldRetry: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft <= 0 || runSignal.aborted || isPermanent(error)) return false;
          if (retry?.shouldRetry && !retry.shouldRetry(error)) return false;
          const delayMs = Math.min(
            retry?.maxTimeoutMs ?? 30_000,
            Math.round((retry?.minTimeoutMs ?? 1000) * (retry?.factor ?? 2) ** (attemptNumber - 1)),
          );
          options.emit({
            type: 'node-retrying',
            at: options.now(),
            id: options.id,
            attempt: attemptNumber + 1,
            maxAttempts,
            error: firstLine(error.message),
            delayMs,
          });
          return true;
        },
      },
    );
    return { ok: true, attempts };
  } catch (error) {
    const interrupted = runSignal.aborted;
    const cause = error instanceof AbortError ? error.originalError : asError(error);
    return { ok: false, attempts: Math.max(attempts, 1), failure: failureOf(cause, interrupted), interrupted };
  }
}

/** One attempt: its own signal (aborted by the run or by the timeout), raced against that signal plus grace. */
async function runAttempt(options: ExecuteOptions, attempt: number): Promise<void> {
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(options.runSignal.reason);
  options.runSignal.addEventListener('abort', onRunAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new TimeoutError(options.timeoutMs!)), options.timeoutMs);
  const ctx: NodeContext = { signal: controller.signal, log: options.log, warn: options.warn, attempt };
  try {
    await settleWithGrace(options.work(ctx), controller.signal, (reason) =>
      reason instanceof TimeoutError ? 0 : options.graceMs,
    );
    if (controller.signal.aborted) throw asError(controller.signal.reason);
  } finally {
    if (timer) clearTimeout(timer);
    options.runSignal.removeEventListener('abort', onRunAbort);
  }
}

/**
 * Resolves or rejects with `work`; once `signal` aborts, waits at most `grace(reason)` ms more for the work
 * to settle before rejecting with the abort reason. Work that honours its signal settles well before that.
 */
function settleWithGrace(work: Promise<void>, signal: AbortSignal, grace: (reason: unknown) => number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      const ms = grace(signal.reason);
      timer = setTimeout(() => reject(asError(signal.reason)), ms);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? asError(signal.reason) : asError(error));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return asError(signal.reason ?? new Error('interrupted'));
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
