/**
 * `npm run bench [-- --scale 0.02] [-- --runs 1] [-- --no-write]`: the user-facing timings of the CLI
 * against the simulated cluster with the install's real proportions, as ratios, in one table; then writes
 * bench/RESULTS.md. One round takes about two minutes on a 2-core machine.
 *
 * `--scale` is real ms per virtual ms: 0.02 makes DataHub's ~6 minutes about 7 s. The start-up of each
 * simulated kubectl/helm call is real time and is not scaled, so a much smaller scale lets it dominate.
 * `--runs N` repeats every scenario and keeps, per row, the round with the median ratio.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, writeResults } from './results.ts';
import { engineScale, installAndNoop, resume, sequentialInstall, startUp, type InstallResult, type Row } from './scenarios.ts';
import { startSimRun } from './sim-run.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '0.02' }, runs: { type: 'string', default: '1' }, 'no-write': { type: 'boolean', default: false } },
});
const timeScale = Number(values.scale);
const runs = Number(values.runs);
if (!(timeScale > 0)) throw new Error(`--scale must be a positive number, got "${values.scale}"`);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, got "${values.runs}"`);
const progress = (what: string) => process.stderr.write(`bench: ${what}…\n`);

/** Every scenario once, in the order: install, no-op, resume, engine, start-up. */
async function round(): Promise<Row[]> {
  const sim = await startSimRun(timeScale);
  let install: InstallResult;
  let startup: Row[];
  try {
    progress('up on an empty cluster, then up again');
    install = await installAndNoop(sim, timeScale);
    progress('start-up of npx zx graph.ts');
    startup = await startUp(sim, install.slowestCheckMs);
  } finally {
    await sim.dispose();
  }
  progress('up --concurrency 1 on an empty cluster');
  const sequential = await sequentialInstall(timeScale, install.installWallMs);
  progress('a DataHub release that fails, then up again');
  const resumed = await resume(timeScale);
  progress('engine scale');
  const engine = await engineScale();
  return [install.rows[0]!, sequential, ...install.rows.slice(1), resumed, engine, ...startup];
}

const rounds: Row[][] = [];
for (let i = 0; i < runs; i++) rounds.push(await round());
const rows = rounds[0]!.map((_, i) => rounds.map((r) => r[i]!).sort((a, b) => a.ratio - b.ratio)[Math.floor(runs / 2)]!);

console.log(formatTable(rows));
if (!values['no-write']) {
  const file = fileURLToPath(new URL('RESULTS.md', import.meta.url));
  await writeResults(file, rows, [
    `time scale ${timeScale} (real ms per virtual ms): DataHub's ~6 min take ${((360_000 * timeScale) / 1000).toFixed(1)} s`,
    'each kubectl/helm call takes 100-300 ms real, its process start-up included (not scaled)',
    `${runs} round${runs === 1 ? '' : 's'}${runs > 1 ? ', each row from the round with its median ratio' : ''}`,
  ]);
  console.log(`\nwritten to ${file}`);
}
