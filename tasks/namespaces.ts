/**
 * The three namespaces. Up creates one (waiting out a previous deletion still in progress); down deletes it
 * and waits until it is really gone, since a Terminating namespace still holds its objects.
 */
import type { NodeContext, TaskNode } from '../engine/index.ts';
import type { KubeObject } from '../kube/kubectl.ts';
import { ToolError } from '../kube/tool-error.ts';
import { waitUntil } from './poll.ts';
import type { SharedRead } from '../kube/read-cache.ts';
import { KUBE_RETRY, MANAGED_LABELS, type TaskEnv } from './task-env.ts';

/** Namespace roles; the ids are `namespace:<role>`. */
export type NamespaceRole = 'datahub' | 'dataspoke' | 'example';

export function namespaceNodeId(role: NamespaceRole): string {
  return `namespace:${role}`;
}

/** One node per namespace. */
export function namespaceNodes(env: TaskEnv): TaskNode[] {
  const all = env.reads.of((ctx) => env.kubectl.list({ kinds: 'namespaces' }, ctx));
  return (['datahub', 'dataspoke', 'example'] as const).map((role) => namespaceNode(env, role, all));
}

const GROUPS: Record<NamespaceRole, string[]> = {
  datahub: ['datahub'],
  dataspoke: ['dataspoke-infra'],
  example: ['dataspoke-example'],
};

function namespaceNode(env: TaskEnv, role: NamespaceRole, all: SharedRead<KubeObject[]>): TaskNode {
  const name = env.config.namespaces[role];
  const { kubectl } = env;
  const phaseIn = (namespaces: readonly KubeObject[] | undefined) =>
    namespaces?.find((n) => n.metadata.name === name)?.status?.['phase'] as string | undefined;
  // Checks share one listing of all namespaces; run and down read afresh (and what they change
  // invalidates the listing).
  const sharedPhase = async (ctx: NodeContext) => phaseIn(await all.get(ctx));
  const phase = async (ctx: NodeContext) => {
    const one = await kubectl.get({ kind: 'namespace', name }, ctx);
    return phaseIn(one ? [one] : []);
  };
  return {
    id: namespaceNodeId(role),
    title: `Namespace ${name}`,
    downTitle: `Delete namespace ${name}`,
    deps: ['preflight'],
    groups: GROUPS[role],
    inputs: () => ({ name }),
    retry: KUBE_RETRY,
    timeoutMs: 5 * 60_000,
    async check(ctx) {
      const p = await sharedPhase(ctx);
      return { done: p === 'Active', ...(p ? { detail: p.toLowerCase() } : {}) };
    },
    async run(ctx) {
      if ((await phase(ctx)) === 'Terminating') {
        ctx.log(`namespace ${name} is still being deleted; waiting for that to finish before creating it again`);
        await waitUntil(async () => (await phase(ctx)) === undefined, { signal: ctx.signal, what: `namespace ${name} to finish terminating` });
      }
      await kubectl.apply({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...MANAGED_LABELS } } }] }, ctx);
    },
    async downCheck(ctx) {
      return (await sharedPhase(ctx)) === undefined;
    },
    async down(ctx) {
      // Deleting a namespace that is already Terminating is a 409 from the API server: just wait for it.
      if ((await phase(ctx)) === 'Active') {
        await kubectl.deleteNamespace(name, ctx).catch((error: unknown) => {
          if (!(error instanceof ToolError && error.kind === 'conflict')) throw error;
        });
      }
      await waitUntil(async () => (await phase(ctx)) === undefined, { signal: ctx.signal, what: `namespace ${name} to be gone` });
    },
  };
}
