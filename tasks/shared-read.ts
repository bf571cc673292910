/**
 * One read shared by every check that needs it at the same moment (the three namespace checks, the four
 * Helm repository checks): one process instead of several, which is what a no-op re-run is made of.
 * A node that changes what was read invalidates it, so later reads see the change.
 */
import type { NodeContext } from '../engine/index.ts';

/** A memoised read. */
export interface SharedRead<T> {
  /** The shared result; the first caller's signal and log carry the call. */
  get(ctx: Pick<NodeContext, 'signal' | 'log'>): Promise<T>;
  /** Forgets the result: the next `get` reads again. */
  invalidate(): void;
}

export function sharedRead<T>(read: (ctx: Pick<NodeContext, 'signal' | 'log'>) => Promise<T>): SharedRead<T> {
  let pending: Promise<T> | undefined;
  return {
    get(ctx) {
      pending ??= read(ctx).catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
    invalidate() {
      pending = undefined;
    },
  };
}
