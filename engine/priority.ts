/**
 * Priorities: when more nodes are ready than slots are free, start first the one with the longest
 * remaining path to the end of the graph, weighted by each node's last known duration. This is what
 * lets a capped run get close to its critical path.
 */

/**
 * For every id in `order` (a topological order in the direction of execution), the weight of the
 * heaviest path from that node to any sink, itself included. `next(id)` lists the nodes that wait on `id`.
 */
export function remainingPathWeights(
  order: readonly string[],
  next: (id: string) => Iterable<string>,
  weight: (id: string) => number,
): Map<string, number> {
  const result = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    let longest = 0;
    for (const n of next(id)) longest = Math.max(longest, result.get(n) ?? 0);
    result.set(id, weight(id) + longest);
  }
  return result;
}
