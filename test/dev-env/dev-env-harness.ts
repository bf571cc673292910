/**
 * The real CLI, in process, against a fresh simulated cluster: one env file, one state folder, and the
 * audit log to assert on. Time runs fast (the install's real proportions, in seconds).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.ts';
import { reportCommand } from '../../cli/report-command.ts';
import { createSimCluster, type AuditEntry, type SimCluster, type SimClusterOptions } from '../../sim/harness.ts';
import { chartsBeside, privateCharts } from '../../sim/private-charts.ts';
import { devEnvProject } from '../../project/project.ts';
import { fakeIO } from '../cli/fake-io.ts';
import { writeDevEnv } from '../tasks/dev-env-file.ts';

/** What one CLI invocation printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface DevEnvHarness {
  readonly sim: SimCluster;
  readonly stateDir: string;
  readonly envFile: string;
  /** The private copy of charts/ the run reads (a test may edit it). */
  readonly chartsDir: string;
  /** Runs `npx zx graph.ts <args>` in process against the simulated cluster. */
  cli(args: readonly string[], options?: { tty?: boolean; input?: string }): Promise<CliRun>;
  /** Runs `npx zx graph.ts report <args>` on this harness's state folder. */
  report(args: readonly string[]): Promise<CliRun>;
  /** Audit entries recorded since `since` (an index from a previous `audit().length`). */
  auditSince(since: number): Promise<AuditEntry[]>;
  /** Every file's text under the state folder (journal, logs, generated values). */
  stateFiles(): Promise<Map<string, string>>;
  dispose(): Promise<void>;
}

/** A fast simulated cluster: DataHub's ~6 virtual minutes take about a second. */
export const FAST: SimClusterOptions = { timeScale: 0.002, latencyMs: [100, 300] };

export async function devEnvHarness(options: SimClusterOptions = FAST, envOverrides: Record<string, string> = {}): Promise<DevEnvHarness> {
  const sim = await createSimCluster(options);
  const stateDir = await mkdtemp(join(tmpdir(), 'devenv-state-'));
  const envFile = await writeDevEnv(envOverrides);
  const chartsDir = await privateCharts(chartsBeside(stateDir));
  const project = devEnvProject({ progress: { pollMs: 20, reportMs: 60 }, chartsDir });
  return {
    sim,
    stateDir,
    envFile,
    chartsDir,
    async cli(args, io = {}) {
      const fake = await fakeIO({ env: { ...sim.env, CI: 'true' }, ...io });
      const code = await main([...args, '--env', envFile, '--state-dir', stateDir], { project, io: fake });
      return { code, out: fake.out(), err: fake.err() };
    },
    async report(args) {
      const fake = await fakeIO({ env: { ...sim.env, CI: 'true' } });
      const code = await main(['report', ...args, '--state-dir', stateDir], { project, io: fake, extras: [reportCommand] });
      return { code, out: fake.out(), err: fake.err() };
    },
    async auditSince(since) {
      return (await sim.audit()).slice(since);
    },
    async stateFiles() {
      const files = new Map<string, string>();
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) await walk(path);
          else files.set(path, await readFile(path, 'utf8'));
        }
      };
      await walk(stateDir);
      return files;
    },
    async dispose() {
      await sim.dispose();
      await rm(stateDir, { recursive: true, force: true });
      await rm(chartsDir, { recursive: true, force: true });
    },
  };
}

/** Every object in the simulated cluster, as the API server stores it. */
export async function objects(harness: DevEnvHarness): Promise<{ kind?: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } }[]> {
  return Object.values((await harness.sim.readState()).objects).map((o) => o.object as never);
}

/** The `--json` summary's nodes as `id: outcome[/reason]`. */
export function outcomes(out: string): Record<string, string> {
  const summary = JSON.parse(out) as { nodes: { id: string; outcome: string; reason?: string }[] };
  return Object.fromEntries(summary.nodes.map((n) => [n.id, n.reason ? `${n.outcome}/${n.reason}` : n.outcome]));
}

/** The calls that changed something. */
export function mutating(entries: readonly AuditEntry[]): AuditEntry[] {
  return entries.filter((e) => e.mutating);
}
