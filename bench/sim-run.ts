/**
 * The real CLI, in process, against a fresh simulated cluster, timed: one env file, one state folder, and
 * each run's timeline (from its events.jsonl) and kubectl/helm calls (from the simulator's audit log).
 *
 * Deals with: running the CLI and reading back what a run did. Does not deal with: what the numbers mean
 * (scenarios.ts).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../cli/main.ts';
import type { NodeContext } from '../engine/index.ts';
import { loadRun } from '../report/load-run.ts';
import { buildTimeline, type RunTimeline } from '../report/timeline.ts';
import { createSimCluster, type AuditEntry, type SimCluster } from '../sim/harness.ts';
import { chartsBeside, privateCharts } from '../sim/private-charts.ts';
import { devEnvProject } from '../project/project.ts';
import { fakeIO } from '../test/cli/fake-io.ts';
import { writeDevEnv } from '../test/tasks/dev-env-file.ts';

/** One timed CLI run. */
export interface TimedRun {
  readonly code: number;
  /** From calling the CLI's `main` to its exit code: config, checks, work, summary. No process start-up. */
  readonly wallMs: number;
  /** Epoch ms when `main` was called, to compare with the timeline's times. */
  readonly calledAt: number;
  readonly timeline: RunTimeline;
  /** CPU time (user + system) of the kubectl/helm processes the run started, and of the CLI itself. */
  readonly cpuMs: { readonly calls: number; readonly cli: number };
  /** The kubectl/helm calls the run made. */
  readonly calls: readonly AuditEntry[];
  /** What the CLI printed on stderr (empty on a clean run). */
  readonly err: string;
}

/** A fresh simulated cluster with the CLI wired to it. */
export interface SimRun {
  readonly sim: SimCluster;
  readonly envFile: string;
  readonly stateDir: string;
  /** Runs `up <args>` and reads back its events and calls. */
  up(args?: readonly string[]): Promise<TimedRun>;
  /** Each node's check run alone, one after another (preflight's read-only `run` counts as its check). */
  checksAlone(): Promise<{ id: string; ms: number }[]>;
  dispose(): Promise<void>;
}

/**
 * `timeScale` is real ms per virtual ms. The DataHub release's progress reporter polls every 10 s (a line
 * every 30 s) in a real run, scaled here, but at least every second real: each poll is a process whose
 * start-up is not scaled, and polling every 200 ms would keep most of a core busy, which a real kubectl
 * every 10 s does not.
 */
export async function startSimRun(timeScale: number): Promise<SimRun> {
  // Each call takes 100-300 ms real, as on a real cluster (the simulator counts its own process start-up
  // toward that, as a real kubectl's start-up is part of its 100-300 ms); only the long durations
  // (releases, hooks, rollouts) are compressed.
  const sim = await createSimCluster({ timeScale, latencyMs: [100 / timeScale, 300 / timeScale] });
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-state-'));
  const envFile = await writeDevEnv();
  const pollMs = Math.max(1_000, 10_000 * timeScale);
  const chartsDir = await privateCharts(chartsBeside(stateDir));
  const project = devEnvProject({ progress: { pollMs, reportMs: 3 * pollMs }, chartsDir });
  const env = { ...sim.env, CI: 'true' };
  return {
    sim,
    envFile,
    stateDir,
    async up(args = []) {
      const before = (await sim.audit()).length;
      const io = await fakeIO({ env });
      const [children0, self0] = [childrenCpuMs(), process.cpuUsage()];
      const calledAt = Date.now();
      const t0 = performance.now();
      const code = await main(['up', '--json', ...args, '--env', envFile, '--state-dir', stateDir], { project, io });
      const wallMs = performance.now() - t0;
      const self = process.cpuUsage(self0);
      const cpuMs = { calls: childrenCpuMs() - children0, cli: (self.user + self.system) / 1000 };
      const loaded = await loadRun({ stateDir });
      if (!loaded.ok) throw new Error(loaded.message);
      return { code, wallMs, calledAt, cpuMs, timeline: buildTimeline(loaded.run.events), calls: (await sim.audit()).slice(before), err: io.err() };
    },
    async checksAlone() {
      const loaded = await project.load({ envFile, env, cwd: process.cwd(), stateDir });
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const ctx: NodeContext = { signal: new AbortController().signal, log: () => {}, warn: () => {}, attempt: 1 };
      const timings: { id: string; ms: number }[] = [];
      for (const node of loaded.context.nodes) {
        if (!node.check && !node.readOnly) continue;
        const t0 = performance.now();
        await (node.check ? node.check(ctx) : node.run(ctx));
        timings.push({ id: node.id, ms: performance.now() - t0 });
      }
      return timings;
    },
    async dispose() {
      await sim.dispose();
      await rm(stateDir, { recursive: true, force: true });
      await rm(dirname(envFile), { recursive: true, force: true });
    },
  };
}

/** Linux reports times in /proc in USER_HZ, which is 100 whatever the kernel's own tick rate. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time of this process's finished children (and theirs): Linux's cutime + cstime. A child's time is
 * added when it is reaped, which node does as soon as it exits. 0 where /proc is missing.
 */
function childrenCpuMs(): number {
  try {
    // Fields after the command name's closing parenthesis; cutime and cstime are fields 16 and 17 of the line.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
