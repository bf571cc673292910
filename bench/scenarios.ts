/**
 * The scenarios of `npm run bench`, each as ratios measured in the same run (so a slow or busy machine
 * moves numerator and denominator together): full install, sequential install, no-op re-run, resume after
 * a failure, engine scale, and start-up.
 *
 * Deals with: running each scenario and saying what it measured. Does not deal with: printing (results.ts).
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { downstreamOf, longestChain, type Chain } from './chain.ts';
import { measureEngine } from './engine-measure.ts';
import { startSimRun, type SimRun, type TimedRun } from './sim-run.ts';
import { PROJECT_ROOT } from '../config/project-root.ts';

/** One line of the table. */
export interface Row {
  readonly scenario: string;
  /** The numerator, in words (e.g. "18.2 s"). */
  readonly measured: string;
  /** The denominator, in words. */
  readonly bound: string;
  readonly ratio: number;
  /** The most the ratio may be; `undefined` when the issue sets no target. */
  readonly target?: number;
  /** Other conditions of the target (e.g. zero mutating calls); `undefined` when there are none. */
  readonly alsoOk?: boolean;
  /** What the numbers are made of, for RESULTS.md. */
  readonly notes: readonly string[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Where a run's wall time went outside the graph: before run-started (config, verify, lock) and after run-finished. */
function outside(run: TimedRun): string {
  const before = run.timeline.startedAt - run.calledAt;
  const after = run.calledAt + run.wallMs - run.timeline.endedAt;
  return `outside the graph: ${s(before)} before it started (config, context check, lock), ${s(after)} after it finished`;
}

/** No schedule ends before the CPU its processes needed has run on this machine's cores. */
function cpuFloorMs(run: TimedRun): number {
  return (run.cpuMs.calls + run.cpuMs.cli) / availableParallelism();
}

/** The CPU the run's processes needed, and the least wall time that is on this machine's cores. */
function cpu(run: TimedRun): string {
  const { calls, cli } = run.cpuMs;
  return `CPU: the ${run.calls.length} kubectl/helm processes used ${s(calls)} (${(calls / Math.max(1, run.calls.length)).toFixed(0)} ms each), the CLI ${s(cli)}; on ${availableParallelism()} cores that alone takes at least ${s(cpuFloorMs(run))}`;
}

/** What the chain's nodes spent ready but not running, and what the overhead would be at real durations. */
function overhead(run: TimedRun, chain: Chain, timeScale: number): string[] {
  const onPath = run.timeline.nodes.filter((n) => chain.ids.includes(n.id));
  const queued = onPath.reduce((t, n) => t + (n.queuedMs ?? 0), 0);
  const locked = onPath.reduce((t, n) => t + n.waitedForLockMs, 0);
  const over = run.wallMs - chain.ms;
  return [
    `on the chain, nodes were ready but not running for ${s(queued)} (their early check still running, or no free slot of ${run.timeline.concurrency}) and ${s(locked)} behind a lock`,
    `the ${s(over)} over the bound is real time (process start-up is not scaled); against the same chain at real durations (${s(chain.ms / timeScale)}) it would be ${((over / (chain.ms / timeScale)) * 100).toFixed(1)}%`,
  ];
}

function expectCode(run: TimedRun, code: number, what: string): void {
  if ((code === 0) !== (run.code === 0)) throw new Error(`${what} exited ${run.code}, expected ${code === 0 ? 0 : 'a failure'}:\n${run.err}`);
}

/** How many times the no-op re-run is measured (scenario 2). */
const NOOP_ROUNDS = 5;

/** What scenarios 1 and 2 found, for the scenarios that compare with them. */
export interface InstallResult {
  readonly rows: readonly Row[];
  readonly installWallMs: number;
  readonly slowestCheckMs: number;
}

/** 1 and 2: `up` on an empty cluster, then `up` again on the finished environment (`sim` is left finished). */
export async function installAndNoop(sim: SimRun, timeScale: number): Promise<InstallResult> {
  const full = await sim.up();
  expectCode(full, 0, 'up on an empty cluster');
  const chain = longestChain(full.timeline);
  const install: Row = {
    scenario: 'full install / critical path',
    measured: s(full.wallMs),
    bound: s(chain.ms),
    ratio: full.wallMs / chain.ms,
    target: 1.05,
    notes: [`critical path: ${chain.ids.join(' → ')}`, ...overhead(full, chain, timeScale), outside(full), cpu(full)],
  };

  // A no-op is half a second of random API latencies and CPU contention: measured NOOP_ROUNDS times,
  // each time against the slowest check alone right after it; the round with the median ratio is reported.
  const rounds: { noop: TimedRun; alone: { id: string; ms: number }[]; slowest: { id: string; ms: number } }[] = [];
  for (let i = 0; i < NOOP_ROUNDS; i++) {
    const noop = await sim.up();
    expectCode(noop, 0, 'up on a finished environment');
    const alone = await sim.checksAlone();
    rounds.push({ noop, alone, slowest: alone.reduce((a, b) => (b.ms > a.ms ? b : a)) });
  }
  const ratioOf = (r: (typeof rounds)[number]) => r.noop.wallMs / r.slowest.ms;
  const { noop, alone, slowest } = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(NOOP_ROUNDS / 2)]!;
  const mutating = rounds.reduce((t, r) => t + r.noop.calls.filter((c) => c.mutating).length, 0);
  const preflight = noop.timeline.nodes.find((n) => n.id === 'preflight');
  const reRun: Row = {
    scenario: 'no-op re-run / slowest check',
    measured: `${s(noop.wallMs)}, ${noop.calls.length} calls, ${mutating} mutating`,
    bound: `${s(slowest.ms)} (${slowest.id})`,
    ratio: ratioOf({ noop, alone, slowest }),
    target: 2.0,
    alsoOk: mutating === 0,
    notes: [
      `median of ${NOOP_ROUNDS} rounds (no-op, then each check alone); their ratios: ${rounds.map((r) => ratioOf(r).toFixed(2)).join(', ')}; mutating calls counted over all of them`,
      `each check alone, one after another: ${alone.map((c) => `${c.id} ${s(c.ms)}`).join(', ')}; all of them in sequence ${s(alone.reduce((t, c) => t + c.ms, 0))}`,
      `in the re-run, preflight took ${s(preflight?.durationMs ?? 0)} while the other checks ran beside it`,
      cpu(noop),
      `against the larger of the slowest check and that CPU floor, the no-op takes ${(noop.wallMs / Math.max(slowest.ms, cpuFloorMs(noop))).toFixed(2)}x: what the scheduler and the other jobs on the machine add`,
      outside(noop),
    ],
  };
  return { rows: [install, reRun], installWallMs: full.wallMs, slowestCheckMs: slowest.ms };
}

/** The sequential install (what install.sh does), on its own empty cluster. */
export async function sequentialInstall(timeScale: number, parallelWallMs: number): Promise<Row> {
  const sim = await startSimRun(timeScale);
  try {
    const run = await sim.up(['--concurrency', '1']);
    expectCode(run, 0, 'up --concurrency 1');
    const chain = longestChain(run.timeline);
    return {
      scenario: 'up --concurrency 1 / critical path',
      measured: s(run.wallMs),
      bound: s(chain.ms),
      ratio: run.wallMs / chain.ms,
      notes: [`${(run.wallMs / parallelWallMs).toFixed(2)}x the parallel install's wall time`, `critical path: ${chain.ids.join(' → ')}`, outside(run)],
    };
  } finally {
    await sim.dispose();
  }
}

/** 3: the DataHub release fails once; the next `up` should redo only it and what follows. */
export async function resume(timeScale: number): Promise<Row> {
  const sim = await startSimRun(timeScale);
  try {
    await sim.sim.injectFault({ kind: 'release-fails', tool: 'helm', match: 'upgrade --install datahub datahub/datahub', times: 1 });
    const first = await sim.up();
    expectCode(first, 1, 'the up with a failing DataHub release');
    const failed = first.timeline.nodes.filter((n) => n.outcome === 'failed').map((n) => n.id);
    if (failed.join() !== 'release:datahub') throw new Error(`the failing up should fail in release:datahub alone, not in: ${failed.join(', ')}`);
    const second = await sim.up();
    expectCode(second, 0, 'the resumed up');
    const within = downstreamOf(second.timeline, 'release:datahub');
    const chain = longestChain(second.timeline, within);
    const ran = second.timeline.nodes.filter((n) => n.outcome === 'done').map((n) => n.id);
    const failedNode = second.timeline.nodes.find((n) => n.id === 'release:datahub')!;
    const preflight = second.timeline.nodes.find((n) => n.id === 'preflight')!;
    const redone = ran.filter((id) => !within.has(id) && id !== 'preflight');
    return {
      scenario: 'resume / failed node + downstream',
      measured: s(second.wallMs),
      bound: s(chain.ms),
      ratio: second.wallMs / chain.ms,
      target: 1.1,
      alsoOk: redone.length === 0,
      notes: [
        `ran: ${ran.join(', ')}; redone outside the failed node's downstream: ${redone.join(', ') || 'nothing'}`,
        `chain: ${chain.ids.join(' → ')}`,
        `release:datahub started ${s(failedNode.startedAt! - second.calledAt)} after up was called (preflight took ${s(preflight.durationMs)}, with the other checks beside it)`,
        ...overhead(second, chain, timeScale),
        outside(second),
        cpu(second),
      ],
    };
  } finally {
    await sim.dispose();
  }
}

/** 4: the engine benchmark, from its smallest to its largest graph, as growth per 10x nodes (1.0 = linear). */
export async function engineScale(): Promise<Row> {
  const rows = await measureEngine();
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const sizeRatio = last.nodes / first.nodes;
  return {
    scenario: `engine ${first.nodes / 1000}k → ${last.nodes / 1000}k nodes, growth per 10x`,
    measured: `${last.totalMs.toFixed(0)} ms at ${last.nodes / 1000}k`,
    bound: `${first.totalMs.toFixed(0)} ms at ${first.nodes / 1000}k`,
    ratio: ((last.totalMs / first.totalMs) / sizeRatio) ** (1 / Math.log10(sizeRatio)),
    notes: rows.map(
      (r) =>
        `${r.nodes} nodes: ${r.totalMs.toFixed(0)} ms (${r.nodesPerSecond.toFixed(0)} nodes/s, peak ${r.peakRssMiB.toFixed(0)} MiB)` +
        (r.growthPer10x === undefined ? '' : `, growth per 10x from the previous size ${r.growthPer10x.toFixed(2)}`),
    ),
  };
}

/** 5: `npx zx graph.ts --help` against bare `node -e 0`, and `plan` against `--help` plus the slowest check. */
export async function startUp(sim: SimRun, slowestCheckMs: number, runs = 3): Promise<Row[]> {
  const time = async (command: string, args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await spawnTimed(command, args, sim.sim.env));
    return median(times);
  };
  const node = await time('node', ['-e', '0']);
  const help = await time('npx', ['zx', 'graph.ts', '--help']);
  const plan = await time('npx', ['zx', 'graph.ts', 'plan', '--env', sim.envFile, '--state-dir', sim.stateDir]);
  return [
    { scenario: 'start-up: --help / node -e 0', measured: s(help), bound: s(node), ratio: help / node, notes: [`median of ${runs}`] },
    {
      scenario: 'start-up: plan / (--help + slowest check)',
      measured: s(plan),
      bound: s(help + slowestCheckMs),
      ratio: plan / (help + slowestCheckMs),
      notes: [`median of ${runs}, on the finished environment`],
    },
  ];
}

/** Wall ms of a child process from the project root; throws unless it exits 0. */
function spawnTimed(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`))));
  });
}
