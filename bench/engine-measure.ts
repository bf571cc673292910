/**
 * The engine benchmark's measurements: validates, selects and runs synthetic DAGs of no-op nodes with
 * output off, and how the cost grows per 10x nodes (1.0 = linear).
 */
import { memoryUsage } from 'node:process';
import { runGraph, selectSubgraph, validateGraph } from '../engine/index.ts';
import { syntheticGraph } from './synthetic-graph.ts';

/** One graph size. */
export interface EngineRow {
  nodes: number;
  validateMs: number;
  runMs: number;
  totalMs: number;
  nodesPerSecond: number;
  peakRssMiB: number;
  /** How much the time per node grows when the graph is 10x bigger than the previous row's; `undefined` for the first. */
  growthPer10x?: number;
}

async function measure(n: number): Promise<EngineRow> {
  const nodes = syntheticGraph(n);
  let peak = memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, memoryUsage().rss)), 5);
  const t0 = performance.now();
  const validation = validateGraph(nodes);
  if (!validation.ok) throw new Error(validation.problems[0]!.message);
  const selection = selectSubgraph(validation.graph, { mode: 'up' });
  if (!selection.ok) throw new Error(selection.problems[0]!);
  const t1 = performance.now();
  const result = await runGraph(validation.graph, { mode: 'up', selected: selection.ids, concurrency: 16, onEvent: () => {} });
  const t2 = performance.now();
  clearInterval(sampler);
  peak = Math.max(peak, memoryUsage().rss);
  if (result.outcome !== 'success') throw new Error(`run ended ${result.outcome}`);
  return {
    nodes: n,
    validateMs: t1 - t0,
    runMs: t2 - t1,
    totalMs: t2 - t0,
    nodesPerSecond: n / ((t2 - t0) / 1000),
    peakRssMiB: peak / 1024 ** 2,
  };
}

/** Measures each size in turn, after a warm-up (JIT and module loading are not the scheduler's cost). */
export async function measureEngine(sizes: readonly number[] = [1_000, 10_000, 50_000]): Promise<EngineRow[]> {
  await measure(sizes[0]!);
  const rows: EngineRow[] = [];
  for (const n of sizes) {
    const row = await measure(n);
    const prev = rows.at(-1);
    // Per 10x, whatever the step between sizes: (cost ratio / size ratio) ^ (1 / log10(size ratio)).
    if (prev) row.growthPer10x = ((row.totalMs / prev.totalMs) / (n / prev.nodes)) ** (1 / Math.log10(n / prev.nodes));
    rows.push(row);
  }
  return rows;
}
