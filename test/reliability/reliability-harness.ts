/**
 * What the reliability tests add to the dev-env harness: a CLI run that the test can watch and signal while
 * it runs, with extra environment variables (KUBECTL=/nonexistent, ...), and looks at the cluster the way a
 * user would (helm list, kubectl get), since the simulator finalizes deletions lazily.
 */
import { main } from '../../cli/main.ts';
import type { AuditEntry } from '../../sim/harness.ts';
import { devEnvProject } from '../../project/project.ts';
import type { CliRun, DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { fakeIO, type FakeIO } from '../cli/fake-io.ts';
import { dirChanges, type Trigger } from '../until.ts';

/** The project as the harness builds it: the system-update Job polled fast. */
const project = devEnvProject({ progress: { pollMs: 20, reportMs: 60 } });

/** A CLI run in progress. */
export interface RunningCli {
  readonly io: FakeIO;
  /** Resolves when `main` returns. */
  readonly done: Promise<CliRun>;
}

/** Options of {@link startCli}. */
export interface StartOptions {
  /** Added to the simulated cluster's environment (e.g. `KUBECTL`). */
  readonly env?: Record<string, string>;
  /** Another env file than the harness's. */
  readonly envFile?: string;
  /** Another state folder than the harness's. */
  readonly stateDir?: string;
}

/** Starts `graph.ts <args>` in process against the harness's cluster and state folder. */
export async function startCli(h: DevEnvHarness, args: readonly string[], options: StartOptions = {}): Promise<RunningCli> {
  const io = await fakeIO({ env: { ...h.sim.env, CI: 'true', ...options.env } });
  const done = main([...args, '--env', options.envFile ?? h.envFile, '--state-dir', options.stateDir ?? h.stateDir], { project, io }).then(
    (code) => ({ code, out: io.out(), err: io.err() }),
  );
  return { io, done };
}

/** Runs `graph.ts <args>` to the end (see {@link startCli}). */
export async function runCli(h: DevEnvHarness, args: readonly string[], options: StartOptions = {}): Promise<CliRun> {
  return (await startCli(h, args, options)).done;
}

/** Waits for a state, re-checked on events (test/until.ts): see {@link cliWatch} for a CLI run's events. */
export { until } from '../until.ts';

/**
 * What may change while a CLI runs against the harness's cluster: its output, and the simulator's files
 * (state.json and faults.json are replaced on each change, the audit log grows). A wait re-checks on these.
 */
export function cliWatch(h: DevEnvHarness, running?: RunningCli): Trigger[] {
  return [dirChanges(h.sim.dir), ...(running ? [running.io.onOutput] : [])];
}

/** Whether the fault `id` has fired (at least once). */
export async function fired(h: DevEnvHarness, id: string): Promise<boolean> {
  return ((await h.sim.faults()).find((f) => f.id === id)?.fired ?? 0) >= 1;
}

/** A call as one line: `helm upgrade --install datahub ...`. */
export function line(entry: AuditEntry): string {
  return `${entry.tool} ${entry.argv.join(' ')}`;
}

/** What a user sees of the environment: releases with status and chart, namespaces, Secrets by name. */
export interface ClusterView {
  readonly releases: string[];
  readonly namespaces: string[];
  readonly secrets: string[];
}

/** Reads the cluster through the simulated helm and kubectl. */
export async function clusterView(h: DevEnvHarness, namespaces: readonly string[]): Promise<ClusterView> {
  const listed = await h.sim.run('helm', ['list', '-A', '-a', '-o', 'json', '--kube-context', 'minikube']);
  const releases = (JSON.parse(listed.stdout) as { name: string; namespace: string; status: string; chart: string }[])
    .map((r) => `${r.namespace}/${r.name} ${r.status} ${r.chart}`)
    .sort();
  const ns = await h.sim.run('kubectl', ['get', 'namespaces', '-o', 'name', '--context', 'minikube']);
  const secrets: string[] = [];
  for (const namespace of namespaces) {
    const got = await h.sim.run('kubectl', ['get', 'secrets', '-n', namespace, '-o', 'name', '--context', 'minikube']);
    // helm's release Secrets carry revision numbers, which differ between runs that repaired a release.
    for (const name of got.stdout.split('\n').filter(Boolean)) if (!name.startsWith('secret/sh.helm.release.')) secrets.push(`${namespace}/${name}`);
  }
  return { releases, namespaces: ns.stdout.split('\n').filter(Boolean).sort(), secrets: secrets.sort() };
}

/** True when the text holds a JavaScript stack frame. */
export const STACK_FRAME = /\n\s+at /;
