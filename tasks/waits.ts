/**
 * Waits for rollouts and Jobs. Read-only nodes: done when the rollout is complete (or the Job succeeded).
 * A failing wait explains itself (diagnostics.ts); a Job that fails is reported at once, not at its timeout.
 */
import { PermanentError, type NodeContext, type TaskNode } from '../engine/index.ts';
import type { KubeObject } from '../kube/kubectl.ts';
import { explainNotReady } from './diagnostics.ts';
import { objectKey } from './namespace-objects.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';

/** What to wait for. */
export interface WaitSpec {
  readonly id: string;
  readonly kind: 'deployment' | 'statefulset' | 'job';
  readonly name: string;
  readonly namespace: string;
  /** kubectl duration, e.g. `3m`. */
  readonly timeout: string;
  readonly deps: readonly string[];
  readonly groups: readonly string[];
}

/** Whether a Deployment or StatefulSet has finished rolling out (kubectl's own rule, from its status). */
export function rolloutComplete(object: KubeObject | undefined): boolean {
  if (!object) return false;
  const spec = (object.spec ?? {}) as { replicas?: number };
  const status = (object.status ?? {}) as { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number };
  const generation = (object.metadata as { generation?: number }).generation ?? 0;
  const want = spec.replicas ?? 1;
  return (
    (status.observedGeneration ?? 0) >= generation &&
    (status.updatedReplicas ?? 0) >= want &&
    (status.readyReplicas ?? 0) >= want &&
    (status.replicas ?? 0) <= want
  );
}

/** A Job's terminal condition, if it has one. */
export function jobState(job: KubeObject | undefined): 'complete' | 'failed' | 'running' | 'absent' {
  if (!job) return 'absent';
  const conditions = ((job.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) return 'complete';
  if (conditions.some((c) => c.type === 'Failed' && c.status === 'True')) return 'failed';
  return 'running';
}

export function waitNode(env: TaskEnv, spec: WaitSpec): TaskNode {
  const ref = `${spec.kind}/${spec.name}`;
  // The check reads the namespace's listing, shared with the other checks there.
  env.objects.declare(spec.namespace, () => [spec.kind]);
  return {
    id: spec.id,
    // No timeout in the title: the views append the duration to it, and "(3m) (648ms)" reads as two timings.
    title: `Wait for ${ref}`,
    deps: spec.deps,
    groups: spec.groups,
    readOnly: true,
    retry: KUBE_RETRY,
    async check(ctx) {
      const object = (await env.objects.get(spec.namespace, ctx)).get(objectKey(spec.kind, spec.name));
      if (spec.kind === 'job') return { done: jobState(object) === 'complete', detail: jobState(object) };
      return { done: rolloutComplete(object), ...(object ? {} : { detail: 'absent' }) };
    },
    async run(ctx) {
      try {
        if (spec.kind === 'job') await waitForJob(env, spec, ctx);
        else await env.kubectl.rolloutStatus({ ref, namespace: spec.namespace, timeout: spec.timeout }, ctx);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const why = await explainNotReady(env.kubectl, { namespace: spec.namespace, prefix: spec.name }, ctx);
        for (const line of why) ctx.log(line);
        const message = `${ref} in ${spec.namespace} is not ready: ${(error as Error).message.split('\n', 1)[0]}`;
        throw new PermanentError([message, ...why].join('\n'), { cause: error });
      }
    },
  };
}

/** Waits for Complete and for Failed at once; whichever comes first decides. */
async function waitForJob(env: TaskEnv, spec: WaitSpec, ctx: NodeContext): Promise<void> {
  const ref = `job/${spec.name}`;
  const stop = new AbortController();
  const onAbort = () => stop.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const options = { signal: stop.signal, log: ctx.log };
  try {
    const outcome = await Promise.race([
      env.kubectl.waitFor({ ref, namespace: spec.namespace, condition: 'complete', timeout: spec.timeout }, options).then(() => 'complete' as const),
      env.kubectl.waitFor({ ref, namespace: spec.namespace, condition: 'failed', timeout: spec.timeout }, options).then(
        () => 'failed' as const,
        // The "failed" wait times out when the Job succeeds or runs long: the other wait decides then.
        () => new Promise<never>(() => {}),
      ),
    ]);
    if (outcome === 'failed') throw new Error(`job ${spec.name} failed (BackoffLimitExceeded or similar)`);
  } finally {
    stop.abort();
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
