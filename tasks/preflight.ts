/**
 * Preflight: the tools are there, the kube context exists and the cluster answers; a warning when the
 * cluster is smaller than the environment's limits add up to. Read-only, so it runs every time, quickly.
 */
import type { NodeContext, TaskNode } from '../engine/index.ts';
import type { KubeObject } from '../kube/kubectl.ts';
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
      const [versions, helmVersion, nodes] = await Promise.allSettled([
        env.kubectl.versions(ctx),
        env.helm.version(ctx),
        env.kubectl.list<KubeObject>('nodes', undefined, ctx),
      ]);
      if (helmVersion.status === 'rejected') throw helmVersion.reason;
      if (versions.status === 'rejected') throw unreachable(versions.reason, context);
      ctx.log(`kubectl ${versions.value.client}, helm ${helmVersion.value}`);
      ctx.log(`cluster ${versions.value.server} answers on context "${context}"`);
      if (nodes.status === 'rejected') throw nodes.reason;
      checkCapacity(nodes.value, ctx);
    },
  };
}

function unreachable(error: unknown, context: string): unknown {
  if (error instanceof ToolError && error.kind === 'transient') {
    // The tool's words last: they often end with their own "?" or ".".
    error.message = `the cluster behind context "${context}" does not answer. Is it running (minikube start, or Kubernetes enabled in Docker Desktop)? ${error.tool} said: ${firstLine(error.stderr)}`;
  }
  return error;
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
