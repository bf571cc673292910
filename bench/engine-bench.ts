/**
 * `npm run bench:engine`: validates, selects and runs synthetic DAGs of 1k, 10k and 50k no-op nodes with
 * output off, and prints nodes per second, peak memory, and how cost grows per 10x nodes (1.0 = linear).
 */
import { memoryUsage } from 'node:process';
import { runGraph, selectSubgraph, validateGraph } from '../engine/index.ts';
import { syntheticGraph } from './synthetic-graph.ts';

interface Row {
  nodes: number;
  validateMs: number;
  runMs: number;
  totalMs: number;
  nodesPerSecond: number;
  peakRssMiB: number;
}

async function measure(n: number): Promise<Row> {
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

const sizes = [1_000, 10_000, 50_000];
await measure(1_000); // warm-up: JIT and module loading are not the scheduler's cost
const rows: Row[] = [];
for (const n of sizes) rows.push(await measure(n));

const fmt = (x: number, digits = 0) => x.toFixed(digits);
console.log('nodes    validate+select  run        total      nodes/s    peak RSS   growth per 10x');
for (const [i, r] of rows.entries()) {
  // Growth per 10x: how much the time per node grows when the graph is 10x bigger (1.0 = linear).
  const prev = rows[i - 1];
  const growth = prev ? ((r.totalMs / prev.totalMs) / (r.nodes / prev.nodes)) ** (1 / Math.log10(r.nodes / prev.nodes)) : undefined;
  console.log(
    `${String(r.nodes).padEnd(8)} ${`${fmt(r.validateMs, 1)} ms`.padEnd(16)} ${`${fmt(r.runMs, 1)} ms`.padEnd(10)} ${`${fmt(r.totalMs, 1)} ms`.padEnd(10)} ${fmt(r.nodesPerSecond).padEnd(10)} ${`${fmt(r.peakRssMiB)} MiB`.padEnd(10)} ${growth === undefined ? '-' : `${fmt(growth, 2)}x per node`}`,
  );
}
const tenK = rows.find((r) => r.nodes === 10_000)!;
console.log(`\n10,000 nodes scheduled and run in ${fmt(tenK.totalMs)} ms (target: well under 1000 ms).`);
