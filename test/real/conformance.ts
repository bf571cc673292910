/**
 * The command forms the product sends (sim/PRODUCT_COMMANDS.md), each reduced to what the product reads of
 * the answer: the exit code, the kind of failure it classifies from stderr, and the fields it parses. Run on
 * the simulator and on the real control plane, the two answers must be equal: the simulator cannot drift.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { classify } from '../../kube/tool-error.ts';

/** Where a probe runs: one backend, in the state a full `up` leaves. */
export interface Backend {
  readonly env: NodeJS.ProcessEnv;
  readonly context: string;
}

interface Answer {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One command form and what the product reads of its answer. */
export interface Probe {
  readonly name: string;
  readonly tool: 'kubectl' | 'helm';
  readonly args: readonly string[];
  /** Extra environment (e.g. an empty helm repository file). */
  readonly env?: NodeJS.ProcessEnv;
  /** Asked of a backend with nothing in it yet, not of the one that is up. */
  readonly fresh?: boolean;
  readonly read: (answer: Answer) => unknown;
}

const NS = { datahub: 'datahub-01', dataspoke: 'dataspoke-01', example: 'dummy-data1' };

const json = (a: Answer) => JSON.parse(a.stdout) as Record<string, unknown>;
const keys = (o: unknown) => Object.keys(o as object).sort();
/** Exit code and, on failure, the kind the product classifies it as. */
const outcome = (a: Answer) => ({ code: a.code, ...(a.code === 0 ? {} : { kind: classify(a.stderr, a.code ?? 1) }) });

/** The probes, for a backend whose environment is fully up: kubectl's, then helm's. */
export function probes(emptyRepoConfig: string): Probe[] {
  return [...kubectlProbes(), ...helmProbes(emptyRepoConfig)];
}

function kubectlProbes(): Probe[] {
  return [
    {
      name: 'kubectl version (server answers)',
      tool: 'kubectl',
      args: ['version', '-o', 'json'],
      read: (a) => ({ ...outcome(a), server: /^v1\.\d+\.\d+/.test((json(a).serverVersion as { gitVersion: string }).gitVersion) }),
    },
    {
      name: 'node allocatable',
      tool: 'kubectl',
      args: ['get', 'nodes', '-o', 'json'],
      read: (a) => ({ ...outcome(a), fields: (json(a).items as { status: { allocatable: object } }[]).map((n) => ['cpu', 'memory'].filter((k) => k in n.status.allocatable)) }),
    },
    {
      name: 'a namespace that exists',
      tool: 'kubectl',
      args: ['get', 'namespace', NS.dataspoke, '-o', 'json'],
      read: (a) => ({ ...outcome(a), phase: (json(a).status as { phase: string }).phase }),
    },
    { name: 'a namespace that does not', tool: 'kubectl', args: ['get', 'namespace', 'no-such-namespace', '-o', 'json'], read: outcome },
    {
      name: 'a Secret by name',
      tool: 'kubectl',
      args: ['get', 'secret', 'dataspoke-redis-secret', '-n', NS.dataspoke, '-o', 'json'],
      read: (a) => ({ ...outcome(a), data: keys(json(a).data), labelled: keys((json(a).metadata as { labels?: object }).labels ?? {}).length > 0 }),
    },
    {
      name: 'a rollout that is complete',
      tool: 'kubectl',
      args: ['rollout', 'status', 'deployment/example-postgres', '-n', NS.example, '--timeout=30s'],
      read: outcome,
    },
    {
      name: 'a Job that completed',
      tool: 'kubectl',
      args: ['wait', '--for=condition=complete', 'job/example-kafka-topic-init', '-n', NS.example, '--timeout=30s'],
      read: outcome,
    },
  ];
}

/** helm's probes; `emptyRepoConfig` is a repository file with no repositories. */
function helmProbes(emptyRepoConfig: string): Probe[] {
  return [
    { name: 'helm version', tool: 'helm', args: ['version', '--short'], read: (a) => ({ ...outcome(a), v3: /^v3\.\d+\.\d+/.test(a.stdout.trim()) }) },
    {
      name: 'helm repo list with no repositories',
      tool: 'helm',
      args: ['repo', 'list', '-o', 'json'],
      env: { HELM_REPOSITORY_CONFIG: emptyRepoConfig },
      fresh: true,
      read: (a) => ({ ...outcome(a), stdout: a.stdout.trim() }),
    },
    {
      name: 'helm repo list after up',
      tool: 'helm',
      args: ['repo', 'list', '-o', 'json'],
      read: (a) => {
        const rows = JSON.parse(a.stdout) as Record<string, unknown>[];
        return { ...outcome(a), names: rows.map((r) => r.name).sort(), keys: rows.map(keys) };
      },
    },
    {
      name: 'helm status of a release',
      tool: 'helm',
      args: ['status', 'dataspoke', '-n', NS.dataspoke, '-o', 'json'],
      // What repair reads; and no `chart`, which helm leaves out (reading it made every up re-install).
      read: (a) => ({
        ...outcome(a),
        keys: keys(json(a)).filter((k) => ['name', 'namespace', 'version', 'info', 'config', 'chart'].includes(k)),
        status: (json(a).info as { status: string }).status,
        config: typeof json(a).config,
      }),
    },
    { name: 'helm status of no release', tool: 'helm', args: ['status', 'no-such-release', '-n', NS.dataspoke, '-o', 'json'], read: outcome },
    {
      name: 'helm list',
      tool: 'helm',
      args: ['list', '-n', NS.datahub, '-a', '-o', 'json'],
      read: (a) => {
        const rows = JSON.parse(a.stdout) as Record<string, unknown>[];
        return { ...outcome(a), keys: rows.map(keys), charts: rows.map((r) => r.chart).sort(), revision: rows.map((r) => typeof r.revision) };
      },
    },
    {
      name: 'helm history',
      tool: 'helm',
      args: ['history', 'datahub', '-n', NS.datahub, '-o', 'json'],
      read: (a) => {
        const rows = JSON.parse(a.stdout) as Record<string, unknown>[];
        return { ...outcome(a), fields: rows.map((r) => [typeof r.revision, r.status, r.chart]) };
      },
    },
    {
      name: 'helm get values',
      tool: 'helm',
      args: ['get', 'values', 'dataspoke', '-n', NS.dataspoke, '-o', 'json'],
      read: (a) => ({ ...outcome(a), keys: keys(json(a)) }),
    },
    { name: 'helm uninstall of no release', tool: 'helm', args: ['uninstall', 'no-such-release', '-n', NS.dataspoke, '--wait', '--timeout', '1m0s'], read: outcome },
  ];
}

/** Runs a probe on a backend and returns what the product would read. */
export async function answer(backend: Backend, probe: Probe): Promise<unknown> {
  const context = probe.tool === 'kubectl' ? ['--context', backend.context] : ['--kube-context', backend.context];
  const args = probe.name === 'helm version' || probe.args[0] === 'repo' ? [...probe.args] : [...probe.args, ...context];
  const child = spawn(probe.tool, args, { env: { ...backend.env, ...probe.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  try {
    return probe.read({ code, stdout, stderr });
  } catch (error) {
    return { code, unreadable: (error as Error).message, stderr: stderr.trim() };
  }
}
