/**
 * The lower bound of a recorded run: its longest chain of node durations. Whatever the scheduler does,
 * the run cannot end before every node of some dependency chain has run one after another.
 *
 * Unlike report/critical-path.ts (the chain that actually held the run up, waits included), this adds up
 * durations only, and takes the heaviest chain of the graph, so it is a bound no scheduler can beat.
 */
import type { RunTimeline } from '../report/timeline.ts';

/** A chain of nodes and the sum of their durations. */
export interface Chain {
  readonly ids: readonly string[];
  readonly ms: number;
}

/**
 * The heaviest dependency chain among `within` (every node when `undefined`), by the durations the run
 * recorded. Execution order is topological, so one pass in that order is enough.
 */
export function longestChain(timeline: RunTimeline, within?: ReadonlySet<string>): Chain {
  const best = new Map<string, Chain>();
  for (const node of timeline.nodes) {
    if (within && !within.has(node.id)) continue;
    let before: Chain = { ids: [], ms: 0 };
    for (const dep of node.deps) {
      const chain = best.get(dep);
      if (chain && chain.ms > before.ms) before = chain;
    }
    best.set(node.id, { ids: [...before.ids, node.id], ms: before.ms + node.durationMs });
  }
  return [...best.values()].reduce((a, b) => (b.ms > a.ms ? b : a), { ids: [], ms: 0 });
}

/** `id` and every node that depends on it, directly or not. */
export function downstreamOf(timeline: RunTimeline, id: string): Set<string> {
  const found = new Set([id]);
  for (const node of timeline.nodes) if (node.deps.some((dep) => found.has(dep))) found.add(node.id);
  return found;
}
