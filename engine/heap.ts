/**
 * A binary max-heap, so picking the most urgent ready node costs O(log n) and the scheduler stays
 * near-linear on 50k-node graphs.
 */
export class MaxHeap<T> {
  readonly #items: T[] = [];
  /** `higher(a, b)` is true when `a` should come out before `b`. */
  constructor(private readonly higher: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.higher(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.higher(items[l]!, items[best]!)) best = l;
        if (r < items.length && this.higher(items[r]!, items[best]!)) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
