/**
 * Preflight: the tools are there and the cluster answers, every problem said at once, one line each; a
 * warning when the cluster is smaller than the environment's limits add up to. Read-only, so it runs every
 * time, quickly. `plan` and `status` ask the same probe ({@link probeProblems}) before they trust any check.
 */
import { PermanentError, type NodeContext, type TaskNode } from '../engine/index.ts';
import type { CallOptions, KubeObject } from '../kube/kubectl.ts';
import { ToolError } from '../kube/tool-error.ts';
import { formatCpu, formatGiB, parseCpu, parseMemory } from './quantities.ts';
import { REQUIRED_CPU_MILLICORES, REQUIRED_MEMORY_BYTES } from './resource-budget.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';

export const PREFLIGHT_ID = 'preflight';

export function preflightNode(env: TaskEnv): TaskNode {
  const context = env.config.kubeContext;
  return {
    id: PREFLIGHT_ID,
    title: 'Preflight: kubectl, helm, kube context, cluster',
    deps: [],
    readOnly: true,
    inputs: () => ({ context }),
    // A blip is worth two more tries; a cluster that is down should be said quickly.
    retry: { ...KUBE_RETRY, retries: 2 },
    timeoutMs: 2 * 60_000,
    async run(ctx) {
      // All at once: preflight runs on every up, so it should cost about one call's time. The kube context's
      // existence was checked before the run started (verify-context.ts).
      const [probe, nodes] = await Promise.all([probeTools(env, ctx), settle(env.kubectl.list<KubeObject>({ kinds: 'nodes' }, ctx))]);
      if (!probe.ok) throw preflightFailure(probe.problems, probe.retryable);
      ctx.log(`kubectl ${probe.kubectl.client}, helm ${probe.helm}`);
      ctx.log(`cluster ${probe.kubectl.server} answers on context "${context}"`);
      if (nodes.status === 'rejected') throw nodes.reason;
      checkCapacity(nodes.value, ctx);
    },
  };
}

/** What {@link probeTools} found. */
export type ToolProbe =
  | { readonly ok: true; readonly kubectl: { readonly client: string; readonly server: string }; readonly helm: string }
  | {
      readonly ok: false;
      /** Every problem, one line each: missing tools first (what to install), then the cluster (what to check). */
      readonly problems: readonly string[];
      /** Only the cluster's trouble is worth another try; a missing tool is not. */
      readonly retryable: boolean;
    };

/**
 * Whether kubectl and helm run and the cluster answers, all of it at once (two calls in parallel). Nothing
 * else can be trusted until they do: every check would say "not done".
 */
export async function probeTools(env: Pick<TaskEnv, 'config' | 'kubectl' | 'helm'>, options: CallOptions = {}): Promise<ToolProbe> {
  const [kubectl, helm] = await Promise.all([settle(env.kubectl.versions(options)), settle(env.helm.version(options))]);
  if (options.signal?.aborted) throw options.signal.reason;
  if (kubectl.status === 'fulfilled' && helm.status === 'fulfilled') return { ok: true, kubectl: kubectl.value, helm: helm.value };
  const missing: string[] = [];
  const other: string[] = [];
  let retryable = true;
  for (const result of [kubectl, helm]) {
    if (result.status === 'fulfilled') continue;
    const error = result.reason;
    if (error instanceof ToolError && error.kind === 'missing-tool') missing.push(error.message);
    else other.push(describe(error, env.config.kubeContext));
    if (!(error instanceof ToolError && error.kind === 'transient')) retryable = false;
  }
  return { ok: false, problems: [...missing, ...other], retryable };
}

/**
 * {@link probeTools} for `plan` and `status`: every problem, one line each. A cluster that does not answer is
 * asked once more after a second, so that a blip (a leader election) is not reported as a dead cluster.
 */
export async function probeProblems(env: Pick<TaskEnv, 'config' | 'kubectl' | 'helm'>): Promise<readonly string[]> {
  let probe = await probeTools(env);
  if (!probe.ok && probe.retryable) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    probe = await probeTools(env);
  }
  return probe.ok ? [] : probe.problems;
}

/** Preflight's failure that another try cannot fix (a missing tool, a refusal): every problem, one line each. */
export class PreflightError extends PermanentError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PreflightError';
  }
}

/**
 * Preflight's failure: every problem, one line each. Retried (a plain Error) only when the cluster alone is
 * the trouble; otherwise a {@link PreflightError}.
 */
export function preflightFailure(problems: readonly string[], retryable: boolean): Error {
  return retryable ? new Error(problems.join('\n')) : new PreflightError(problems);
}

/** One line: a cluster that does not answer in kubectl's (or helm's) own words, or the tool's first line. */
function describe(error: unknown, context: string): string {
  if (error instanceof ToolError && error.kind === 'transient') {
    // The tool's words last: they often end with their own "?" or ".".
    return `the cluster behind context "${context}" does not answer. Is it running (minikube start, or Kubernetes enabled in Docker Desktop)? ${error.tool} said: ${firstLine(error.stderr)}`;
  }
  return firstLine(error instanceof Error ? error.message : String(error));
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

function checkCapacity(nodes: readonly KubeObject[], ctx: NodeContext): void {
  let memory = 0;
  let cpu = 0;
  for (const node of nodes) {
    const allocatable = (node.status?.['allocatable'] ?? {}) as Record<string, string>;
    memory += parseMemory(allocatable['memory'] ?? '0') ?? 0;
    cpu += parseCpu(allocatable['cpu'] ?? '0') ?? 0;
  }
  ctx.log(`cluster allocatable: ${formatGiB(memory)}, ${formatCpu(cpu)} on ${nodes.length} node(s)`);
  const short: string[] = [];
  if (memory < REQUIRED_MEMORY_BYTES) short.push(`${formatGiB(memory)} of memory (limits add up to ${formatGiB(REQUIRED_MEMORY_BYTES)})`);
  if (cpu < REQUIRED_CPU_MILLICORES) short.push(`${formatCpu(cpu)} (limits add up to ${formatCpu(REQUIRED_CPU_MILLICORES)})`);
  if (short.length > 0) {
    ctx.warn(
      `the cluster has only ${short.join(' and ')}; pods may stay Pending. ` +
        'Give Docker Desktop or minikube more resources (a 16 GB / 8 CPU cluster is the recommended minimum).',
    );
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}
