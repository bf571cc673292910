/**
 * Slots and locks: how many nodes do work at once, and which node holds each named lock.
 *
 * Deals with: the concurrency cap, lock holders, and the nodes parked behind a lock until it is released.
 * Does not deal with: which node goes next (the scheduler's heap) or events (the scheduler emits them).
 */

const NONE: never[] = [];

/** The run's work slots and named locks; `T` is whatever the scheduler parks behind a lock. */
export class Slots<T> {
  /** Nodes doing work now. */
  #running = 0;
  /** Lock name → id of the node holding it. */
  readonly #holders = new Map<string, string>();
  /** Lock name → what waits for it, in the order it arrived. */
  readonly #waiters = new Map<string, T[]>();

  constructor(readonly capacity: number) {}

  get running(): number {
    return this.#running;
  }

  /** A slot is free. */
  get free(): boolean {
    return this.#running < this.capacity;
  }

  /** The first of `locks` some node holds, with its holder; `undefined` when all are free. */
  busyLock(locks: readonly string[] | undefined): { lock: string; holder: string } | undefined {
    if (locks === undefined) return undefined;
    for (const lock of locks) {
      const holder = this.#holders.get(lock);
      if (holder !== undefined) return { lock, holder };
    }
    return undefined;
  }

  /** Parks `waiter` until `lock` is released. */
  park(lock: string, waiter: T): void {
    let list = this.#waiters.get(lock);
    if (!list) this.#waiters.set(lock, (list = []));
    list.push(waiter);
  }

  /** Takes a slot and the locks for node `id`. */
  take(id: string, locks: readonly string[] | undefined): void {
    this.#running++;
    if (locks !== undefined) for (const lock of locks) this.#holders.set(lock, id);
  }

  /** Gives back the slot and the locks; returns what was parked behind those locks, lock by lock. */
  give(locks: readonly string[] | undefined): T[] {
    this.#running--;
    if (locks === undefined || locks.length === 0) return NONE;
    const released: T[] = [];
    for (const lock of locks) {
      this.#holders.delete(lock);
      const waiters = this.#waiters.get(lock);
      if (waiters) {
        this.#waiters.delete(lock);
        released.push(...waiters);
      }
    }
    return released;
  }
}
