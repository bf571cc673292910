/**
 * The read cache: reads shared by every check that needs them at the same moment (the namespace checks share
 * one `get namespaces`, the repository checks one `helm repo list`, the Secrets one labelled listing, the
 * waits one listing per namespace): one process instead of several, which is what a no-op re-run is made of.
 *
 * A result is kept until kubectl or helm next changes something: the adapters are given the cache
 * (KubeTarget.reads) and forget it before and after every call that changes something, so a check made
 * after a node ran never sees what was read before it.
 *
 * Deals with: keeping and forgetting results. Does not deal with: what is read (the callers, in tasks/).
 */

/** What a read is called with: the first caller's signal and log carry the call. */
export interface ReadContext {
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/** A memoised read. */
export interface SharedRead<T> {
  /** The shared result; the first caller's signal and log carry the call. */
  get(ctx: ReadContext): Promise<T>;
  /** Forgets the result: the next `get` reads again. */
  invalidate(): void;
}

/** Every shared read of one run, forgotten together. */
export interface SharedReads {
  /** A read whose result every caller shares until the next `invalidate`. */
  of<T>(read: (ctx: ReadContext) => Promise<T>): SharedRead<T>;
  /** Forgets every result: something was just changed, or is about to be. */
  invalidate(): void;
}

export function sharedReads(): SharedReads {
  const all: SharedRead<unknown>[] = [];
  return {
    of(read) {
      const shared = sharedRead(read);
      all.push(shared);
      return shared;
    },
    invalidate() {
      for (const shared of all) shared.invalidate();
    },
  };
}

export function sharedRead<T>(read: (ctx: ReadContext) => Promise<T>): SharedRead<T> {
  let pending: Promise<T> | undefined;
  return {
    get(ctx) {
      if (pending) return pending;
      const mine: Promise<T> = read(ctx).catch((error: unknown) => {
        // A failed read is not kept; one that was invalidated meanwhile is no longer ours to clear.
        if (pending === mine) pending = undefined;
        throw error;
      });
      pending = mine;
      return mine;
    },
    invalidate() {
      pending = undefined;
    },
  };
}
