/**
 * Waiting in tests without the clock: `until` re-checks a condition each time one of its triggers says that
 * something may have changed (a line written, a file in a folder replaced, a process gone), never on a
 * fixed period. Its time limit is only a safety net: it fails the test with what was being waited for.
 *
 * Deals with: when to look again. Does not deal with: what to look at (the caller's predicate).
 */
import { watch } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/** A source of "look again" notifications: subscribes `wake` and returns how to unsubscribe. */
export type Trigger = (wake: () => void) => () => void;

/** Options of {@link until}. */
export interface UntilOptions {
  /** What is awaited, for the failure message ("the release to start"). */
  readonly what: string;
  /** When to re-check the condition; it is also checked once at the start. */
  readonly on: readonly Trigger[];
  /** Safety net: real ms after which the wait fails; 45 s unless given. */
  readonly limitMs?: number;
}

/**
 * Resolves once `predicate` holds. The predicate runs at the start and again after each wake-up of a
 * trigger (wake-ups during a check cause one more check, so none is lost); rejects after `limitMs`.
 */
export async function until(predicate: () => boolean | Promise<boolean>, options: UntilOptions): Promise<void> {
  const limitMs = options.limitMs ?? 45_000;
  let dirty = false;
  let wakeUp: (() => void) | undefined;
  const wake = (): void => {
    dirty = true;
    wakeUp?.();
  };
  const unsubscribe = options.on.map((trigger) => trigger(wake));
  let limitTimer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    limitTimer = setTimeout(() => reject(new Error(`gave up waiting for ${options.what} after ${limitMs} ms`)), limitMs);
  });
  expired.catch(() => undefined);
  try {
    for (;;) {
      dirty = false;
      if (await Promise.race([Promise.resolve(predicate()), expired])) return;
      if (!dirty) await Promise.race([new Promise<void>((resolve) => (wakeUp = resolve)), expired]);
      wakeUp = undefined;
    }
  } finally {
    clearTimeout(limitTimer);
    for (const off of unsubscribe) off();
  }
}

/** Resolves as `promise` does; rejects after `limitMs` (the safety net) with what was being waited for. */
export async function within<T>(promise: Promise<T>, options: { readonly what: string; readonly limitMs?: number }): Promise<T> {
  const limitMs = options.limitMs ?? 45_000;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${options.what} after ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Wakes on every change inside `dir` (the simulator replaces state.json and faults.json by renames, appends to audit.jsonl). */
export function dirChanges(dir: string): Trigger {
  return (wake) => {
    const watcher = watch(dir, () => wake());
    watcher.on('error', () => wake());
    return () => watcher.close();
  };
}

/** Wakes on each chunk a child writes to stdout or stderr, and when it exits. */
export function childOutput(child: ChildProcess): Trigger {
  return (wake) => {
    child.stdout?.on('data', wake);
    child.stderr?.on('data', wake);
    child.on('exit', wake);
    return () => {
      child.stdout?.off('data', wake);
      child.stderr?.off('data', wake);
      child.off('exit', wake);
    };
  };
}

/** A list that wakes its waiters on each push: for callbacks such as `onEvent`. */
export interface Recorded<T> {
  readonly items: T[];
  push(item: T): void;
  readonly trigger: Trigger;
}

/** Creates a {@link Recorded} list. */
export function recorded<T>(): Recorded<T> {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  return {
    items,
    push(item) {
      items.push(item);
      for (const wake of [...waiters]) wake();
    },
    trigger: (wake) => {
      waiters.add(wake);
      return () => waiters.delete(wake);
    },
  };
}
