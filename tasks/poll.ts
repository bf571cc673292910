/**
 * Polling until a condition holds, for states kubectl cannot wait on by itself (a namespace being gone).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Options for {@link waitUntil}. */
export interface WaitOptions {
  readonly signal: AbortSignal;
  /** What is awaited, for the timeout message ("namespace x to be gone"). */
  readonly what: string;
  /** Between polls, in ms. `undefined` means 1 s. */
  readonly intervalMs?: number;
  /** Give up after this many ms. `undefined` means 5 minutes. */
  readonly timeoutMs?: number;
}

/** Resolves once `condition` is true; rejects with a sentence after the timeout or on abort. */
export async function waitUntil(condition: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${options.what}`);
    await sleep(options.intervalMs ?? 1000, undefined, { signal: options.signal });
  }
}
