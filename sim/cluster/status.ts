/**
 * The `status` of Deployments, StatefulSets and Jobs at the time of the read, from their timelines.
 */
import { isMap } from '../core/values.ts';
import { k8sTime } from '../core/timefmt.ts';
import { PROGRESS_DEADLINE_MS } from './durations.ts';
import type { WorkloadTimeline } from './timeline.ts';

function generation(w: WorkloadTimeline): number {
  return Number(w.stored.object.metadata.generation ?? 1);
}

function cond(type: string, ok: boolean, atMs: number, reason: string, message: string, withUpdate = false): Record<string, unknown> {
  return {
    type, status: ok ? 'True' : 'False',
    ...(withUpdate ? { lastUpdateTime: k8sTime(atMs) } : { lastProbeTime: k8sTime(atMs) }),
    lastTransitionTime: k8sTime(atMs), reason, message,
  };
}

/** Status of a Deployment. */
export function deploymentStatus(w: WorkloadTimeline, now: number, scale: number): Record<string, unknown> {
  const created = w.pods.filter((p) => p.createdMs <= now).length;
  const ready = w.pods.filter((p) => p.readyMs <= now).length;
  const rs = `${w.name}-${w.templateHash}`;
  const start = w.stored.sim.rolloutMs;
  const allReady = ready >= w.replicas;
  const stalled = !allReady && now - start > scale * Number((w.stored.object.spec as Record<string, unknown>).progressDeadlineSeconds ?? PROGRESS_DEADLINE_MS / 1000) * 1000;
  const progressing = allReady
    ? cond('Progressing', true, w.readyMs, 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`, true)
    : stalled
      ? cond('Progressing', false, start + scale * PROGRESS_DEADLINE_MS, 'ProgressDeadlineExceeded', `ReplicaSet "${rs}" has timed out progressing.`, true)
      : cond('Progressing', true, start, 'ReplicaSetUpdated', `ReplicaSet "${rs}" is progressing.`, true);
  const available = allReady
    ? cond('Available', true, w.readyMs, 'MinimumReplicasAvailable', 'Deployment has minimum availability.', true)
    : cond('Available', false, start, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', true);
  return {
    observedGeneration: generation(w),
    ...(created > 0 ? { replicas: created, updatedReplicas: created } : {}),
    ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
    ...(created - ready > 0 ? { unavailableReplicas: created - ready } : {}),
    conditions: [available, progressing],
  };
}

/** Status of a StatefulSet. */
export function statefulSetStatus(w: WorkloadTimeline, now: number): Record<string, unknown> {
  const created = w.pods.filter((p) => p.createdMs <= now).length;
  const ready = w.pods.filter((p) => p.readyMs <= now).length;
  const revision = `${w.name}-${w.templateHash}`;
  return {
    observedGeneration: generation(w),
    replicas: created,
    ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : { availableReplicas: 0 }),
    currentReplicas: created,
    updatedReplicas: created,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
}

/** Status of a Job. */
export function jobStatus(w: WorkloadTimeline, now: number): Record<string, unknown> {
  const pod = w.pods[0];
  const started = pod ? pod.createdMs : w.stored.sim.rolloutMs;
  const base = { startTime: k8sTime(started), terminating: 0, uncountedTerminatedPods: {} };
  if (pod && pod.endMs <= now && pod.failed) {
    const backoffLimit = Number((isMap(w.stored.object.spec) ? w.stored.object.spec.backoffLimit : undefined) ?? 6);
    const message = 'Job has reached the specified backoff limit';
    return {
      ...base, failed: backoffLimit + 1, ready: 0,
      conditions: [
        cond('FailureTarget', true, pod.endMs, 'BackoffLimitExceeded', message),
        cond('Failed', true, pod.endMs, 'BackoffLimitExceeded', message),
      ],
    };
  }
  if (pod && pod.endMs <= now) {
    const message = 'Reached expected number of succeeded pods';
    return {
      ...base, succeeded: 1, ready: 0, completionTime: k8sTime(pod.endMs),
      conditions: [
        cond('SuccessCriteriaMet', true, pod.endMs, 'CompletionsReached', message),
        cond('Complete', true, pod.endMs, 'CompletionsReached', message),
      ],
    };
  }
  return { ...base, active: 1, ready: pod && pod.startMs <= now && pod.trouble === undefined ? 1 : 0 };
}

/** True when helm's --wait (and `kubectl rollout status`) considers the workload ready. */
export function workloadReady(w: WorkloadTimeline, now: number): boolean {
  if (w.kind === 'Job') return w.readyMs <= now;
  return w.pods.filter((p) => p.readyMs <= now).length >= w.replicas;
}
