/**
 * The test and demo harness of the simulated cluster: a state folder, the `kubectl`/`helm` shims on
 * PATH, faults, the audit log and the raw state.
 *
 * Deals with: setting a cluster up and looking inside it. Does not deal with: the product; pass `env`
 * to whatever runs kubectl and helm.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAudit, type AuditEntry } from './core/audit.ts';
import { initialState, type SimState } from './core/state.ts';
import { loadState, saveState, updateState } from './core/store.ts';
import { helmTime } from './core/timefmt.ts';
import { validateFaultSpec } from './faults/schema.ts';
import { loadFaults, updateFaults } from './faults/store.ts';
import type { FaultSpec, ReleasePendingFault, StoredFault } from './faults/types.ts';
import type { ReleaseRecord } from './helm/release-types.ts';

export type { AuditEntry } from './core/audit.ts';
export type { SimState } from './core/state.ts';
export type {
  ApiErrorKind, CallFault, FaultScope, FaultSpec, ObjectFault, ObjectTarget, PodFaultKind, ReleasePendingFault, StoredFault,
} from './faults/types.ts';

/** How to set a cluster up. Every field is optional. */
export interface SimClusterOptions {
  /** State folder; `undefined` means a fresh temporary folder, removed by dispose(). */
  dir?: string;
  /** Real ms per virtual ms (SIM_TIME_SCALE); `undefined` means 1 (real time). */
  timeScale?: number;
  /** kube contexts; `undefined` means ["minikube"]. The first is the current one. */
  contexts?: string[];
  /** The node's allocatable resources; `undefined` means 8 CPU / 16Gi. */
  node?: { cpu?: string | number; memory?: string };
  /**
   * Virtual duration of each cluster call `[min, max]` ms, as its caller sees it: the process's start-up
   * counts toward it. `undefined` means [100, 300].
   */
  latencyMs?: [number, number];
  /** LoadBalancer Services: "pending" (plain minikube, the default) or "ingress" (docker-desktop, tunnel). */
  loadBalancer?: 'pending' | 'ingress';
}

/** What `run` returns. */
export interface RunResult {
  stdout: string;
  stderr: string;
  /** `null` when the process ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of `run`. */
export interface RunOptions {
  /** Sent on stdin (stdin is closed empty otherwise). */
  input?: string;
  cwd?: string;
  /** Real ms after which the process is sent SIGTERM; `undefined` means no limit. */
  timeoutMs?: number;
}

/** A simulated cluster. */
export interface SimCluster {
  /** The state folder (state.json, faults.json, audit.jsonl). */
  readonly dir: string;
  /** The folder holding the `kubectl` and `helm` shims. */
  readonly binDir: string;
  /** Environment for child processes: PATH with binDir first, SIM_* set, NODE_OPTIONS removed. */
  readonly env: Record<string, string>;
  /** Adds a fault; returns its id. A `release-pending` fault is applied to the state at once. */
  injectFault(fault: FaultSpec): Promise<string>;
  /** Removes the given faults (all when `ids` is undefined); objects they held heal from now. */
  clearFaults(ids?: string | string[]): Promise<void>;
  /** The faults in faults.json, with their remaining firings. */
  faults(): Promise<StoredFault[]>;
  /** Every audit entry so far. */
  audit(): Promise<AuditEntry[]>;
  /** The raw state. */
  readState(): Promise<SimState>;
  /** Runs the simulated kubectl or helm with `env`. */
  run(tool: 'kubectl' | 'helm', args: string[], options?: RunOptions): Promise<RunResult>;
  /** Starts the simulated kubectl or helm and returns the process (for port-forward, or to kill it). */
  spawn(tool: 'kubectl' | 'helm', args: string[], options?: Omit<RunOptions, 'timeoutMs'>): ChildProcess;
  /** Kills processes started by `run`/`spawn` that are still running, and removes a temporary folder. */
  dispose(): Promise<void>;
}

const SIM_ROOT = fileURLToPath(new URL('.', import.meta.url));
const BIN_DIR = join(SIM_ROOT, 'bin');
let bundle: string | undefined;

/**
 * Builds the bundle the shims run, once per process, so that parallel first calls do not all build it.
 * Returns its path ('' when there is no bundler and calls run the TypeScript through tsx).
 */
export function ensureSimBundle(): string {
  if (bundle !== undefined) return bundle;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  bundle = execFileSync(join(SIM_ROOT, 'launch.sh'), ['--build-only'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  return bundle;
}

async function applyPendingRelease(dir: string, fault: ReleasePendingFault): Promise<void> {
  await updateState(dir, (state) => {
    const revisions = state.releases.filter((r) => r.name === fault.release && r.namespace === fault.namespace).sort((a, b) => a.version - b.version);
    const last = revisions[revisions.length - 1];
    const stamp = helmTime(Date.now(), Math.floor(Math.random() * 1e6));
    const description = fault.status === 'pending-install' ? 'Initial install underway' : fault.status === 'pending-upgrade' ? 'Preparing upgrade' : `Rollback to ${Math.max(1, (last?.version ?? 1) - 1)}`;
    const record: ReleaseRecord = last
      ? { ...structuredClone(last), version: last.version + 1, info: { ...last.info, last_deployed: stamp, description, status: fault.status } }
      : {
          name: fault.release, namespace: fault.namespace, version: 1,
          info: { first_deployed: stamp, last_deployed: stamp, deleted: '', description, status: fault.status },
          chart: { metadata: { apiVersion: 'v2', name: fault.release, version: '0.1.0' }, lock: null, templates: [], values: {}, schema: null, files: [] },
          manifest: '', sim: { objectKeys: [], chartRef: fault.release },
        };
    state.releases.push(record);
  });
}

/** Creates a cluster: a state folder with the contexts and node asked for, and the environment to reach it. */
export async function createSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const simBundle = ensureSimBundle();
  const temporary = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'dataspoke-sim-')));
  await saveState(dir, initialState({ contexts: options.contexts, node: options.node ? { cpu: options.node.cpu === undefined ? undefined : String(options.node.cpu), memory: options.node.memory } : undefined }));
  const env = clusterEnv(dir, options, simBundle);
  const children = new Set<ChildProcess>();
  const start = (tool: 'kubectl' | 'helm', args: string[], opts: Omit<RunOptions, 'timeoutMs'> = {}): ChildProcess => {
    const child = spawn(join(BIN_DIR, tool), args, { env, cwd: opts.cwd ?? process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(opts.input ?? '');
    return child;
  };
  return {
    dir,
    binDir: BIN_DIR,
    env,
    injectFault: (fault) => injectFault(dir, fault),
    clearFaults: (ids) => clearFaults(dir, ids),
    faults: async () => (await loadFaults(dir)).faults,
    audit: () => readAudit(dir),
    readState: () => loadState(dir),
    spawn: start,
    run: (tool, args, opts = {}) => runToEnd(() => start(tool, args, opts), opts.timeoutMs),
    async dispose() {
      for (const child of children) child.kill('SIGKILL');
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of the shims: PATH with them first, SIM_* from the options, NODE_OPTIONS removed. */
function clusterEnv(dir: string, options: SimClusterOptions, simBundle: string): Record<string, string> {
  const base = { ...process.env } as Record<string, string>;
  delete base.NODE_OPTIONS;
  const latency = options.latencyMs ?? [100, 300];
  return {
    ...base,
    PATH: `${BIN_DIR}:${base.PATH ?? ''}`,
    SIM_DIR: dir,
    SIM_TIME_SCALE: String(options.timeScale ?? 1),
    SIM_LATENCY_MS: `${latency[0]}-${latency[1]}`,
    SIM_LOADBALANCER: options.loadBalancer ?? 'pending',
    // The shims run this bundle directly instead of checking on every call that it is up to date.
    ...(simBundle ? { SIM_BUNDLE: simBundle } : {}),
  };
}

/** Adds a fault (replacing one with its id); a release-pending fault is applied to the state at once. */
async function injectFault(dir: string, fault: FaultSpec): Promise<string> {
  const spec = validateFaultSpec(fault);
  const id = spec.id ?? `${spec.kind}-${randomUUID().slice(0, 8)}`;
  if (spec.kind === 'release-pending') await applyPendingRelease(dir, spec);
  await updateFaults(dir, (file) => {
    file.faults = file.faults.filter((f) => f.id !== id);
    const remaining = spec.kind === 'release-pending' ? 0 : spec.times ?? null;
    file.faults.push({ ...spec, id, remaining, fired: spec.kind === 'release-pending' ? 1 : 0, createdMs: Date.now() } as StoredFault);
  });
  return id;
}

/** Removes the given faults (all when `ids` is undefined), recording when each was cleared. */
async function clearFaults(dir: string, ids: string | string[] | undefined): Promise<void> {
  const wanted = ids === undefined ? undefined : new Set(Array.isArray(ids) ? ids : [ids]);
  await updateFaults(dir, (file) => {
    const now = Date.now();
    for (const f of file.faults) if (!wanted || wanted.has(f.id)) file.cleared[f.id] = now;
    file.faults = file.faults.filter((f) => wanted && !wanted.has(f.id));
  });
}

/** Starts a process and collects its output until it closes; SIGTERM after `timeoutMs` when given. */
function runToEnd(startChild: () => ChildProcess, timeoutMs: number | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = startChild();
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, signal });
    });
  });
}
