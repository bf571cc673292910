/**
 * Synthetic DAGs for the engine benchmark: `n` no-op nodes, each depending on about three earlier ones
 * (so the graph is acyclic), from a seeded generator so every run measures the same graph.
 */
import type { TaskNode } from '../engine/index.ts';

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` no-op nodes with up to `depsPerNode` random dependencies among the nodes before them. */
export function syntheticGraph(n: number, depsPerNode = 3, seed = 42): TaskNode[] {
  const random = seededRandom(seed);
  const nodes: TaskNode[] = [];
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>();
    for (let d = 0; d < Math.min(depsPerNode, i); d++) deps.add(`n${Math.floor(random() * i)}`);
    nodes.push({ id: `n${i}`, title: `node ${i}`, deps: [...deps], run: async () => {} });
  }
  return nodes;
}
