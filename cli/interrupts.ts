/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that stops cleanly: the first signal says so and aborts the
 * command's work, any further one forces the exit (code 130).
 *
 * Deals with: counting signals, the abort, the forced exit, unsubscribing.
 * Does not deal with: what a command prints (each passes its own words) or how its work stops on the abort.
 */
import { ExitCode } from './exit-codes.ts';
import type { CliIO } from './io.ts';

/** The signals the CLI listens for. */
export type StopSignal = Parameters<Parameters<CliIO['onSignal']>[0]>[0];

/** What a command says and aborts with; the counting is the same for all. */
export interface InterruptOptions {
  /** Said at the first signal, just before the abort. */
  onFirst(signal: StopSignal): void;
  /** The abort's reason. `undefined` means the AbortSignal's default (an `AbortError`). */
  reason?(signal: StopSignal): unknown;
  /** Said at each later signal, just before the forced exit. `undefined` means nothing is said. */
  onAgain?(signal: StopSignal): void;
}

/** A command's side of the signals: the AbortSignal its work listens on. */
export interface Interrupts {
  readonly signal: AbortSignal;
  /** Aborts the work without a signal (e.g. a failure every part would meet); later signals still count from one. */
  abort(): void;
  /** Stops listening for signals. */
  close(): void;
}

/** Listens for SIGINT/SIGTERM on `io` until {@link Interrupts.close}. */
export function listenForInterrupts(io: CliIO, options: InterruptOptions): Interrupts {
  const controller = new AbortController();
  let signals = 0;
  const close = io.onSignal((signal) => {
    signals += 1;
    if (signals === 1) {
      options.onFirst(signal);
      controller.abort(options.reason?.(signal));
    } else {
      options.onAgain?.(signal);
      io.forceExit?.(ExitCode.interrupted);
    }
  });
  return { signal: controller.signal, abort: () => controller.abort(), close };
}
