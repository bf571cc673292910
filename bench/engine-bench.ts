/**
 * `npm run bench:engine`: validates, selects and runs synthetic DAGs of 1k, 10k and 50k no-op nodes with
 * output off, and prints nodes per second, peak memory, and how cost grows per 10x nodes (1.0 = linear).
 */
import { measureEngine } from './engine-measure.ts';

const rows = await measureEngine();
const fmt = (x: number, digits = 0) => x.toFixed(digits);
console.log('nodes    validate+select  run        total      nodes/s    peak RSS   growth per 10x');
for (const r of rows) {
  console.log(
    `${String(r.nodes).padEnd(8)} ${`${fmt(r.validateMs, 1)} ms`.padEnd(16)} ${`${fmt(r.runMs, 1)} ms`.padEnd(10)} ${`${fmt(r.totalMs, 1)} ms`.padEnd(10)} ${fmt(r.nodesPerSecond).padEnd(10)} ${`${fmt(r.peakRssMiB)} MiB`.padEnd(10)} ${r.growthPer10x === undefined ? '-' : `${fmt(r.growthPer10x, 2)}x per node`}`,
  );
}
const tenK = rows.find((r) => r.nodes === 10_000)!;
console.log(`\n10,000 nodes scheduled and run in ${fmt(tenK.totalMs)} ms (target: well under 1000 ms).`);
