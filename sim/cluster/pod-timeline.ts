/**
 * One workload's timeline: when each of its pods is created, scheduled, started and ready (or failed),
 * and what holds it back at the read time.
 *
 * Deals with: durations, the workload's requirements and dependencies, pod faults, Job completion and
 * failure, pod names. Does not deal with: scheduling (scheduler.ts) nor which workloads there are and
 * how dependencies resolve (timeline.ts).
 */
import { stableSuffix } from '../core/ids.ts';
import type { StoredObject } from '../core/state.ts';
import { boundFaultState, type BoundFaultState } from '../faults/match.ts';
import type { BoundFault } from '../faults/types.ts';
import { DEFAULT_READY_MS, HEAL_MS, JOB_BACKOFF_WINDOW_MS } from './durations.ts';
import type { ContainerInfo } from './pod-template.ts';
import { evaluateRequirements, type RequirementBlock, type RequirementState } from './requirements.ts';
import type { PodTimeline, PodTrouble, TimelineContext, WorkloadShape, WorkloadTimeline } from './timeline.ts';

type Stuck = 'oom' | 'crash' | 'image-pull';

/** What holds a workload's pods back, the same for each of its pods. */
interface WorkloadHold {
  fault: BoundFault | undefined;
  faultState: BoundFaultState | undefined;
  /** Real ms from start (and dependencies) to ready. */
  readyAfter: number;
  requirements: RequirementState;
  /** Real ms at which the last dependency is ready. */
  depsMs: number;
  /** Real ms at which a pod fault (or a too-small memory limit: never) stops holding the pod. */
  healMs: number;
  stuck: Stuck | undefined;
}

/** One pod's readiness and end, and the Job failure time so far. */
interface PodOutcome {
  readyMs: number;
  endMs: number;
  failed: boolean;
  failedMs: number;
}

/** Builds one workload's timeline from its shape and the scheduler's placements. */
export function buildTimeline(key: string, stored: StoredObject, shape: WorkloadShape, context: TimelineContext): WorkloadTimeline {
  const obj = stored.object;
  const kind = obj.kind as WorkloadTimeline['kind'];
  const namespace = obj.metadata.namespace ?? 'default';
  const hold = workloadHold(stored, shape, kind, namespace, context);
  const pods: PodTimeline[] = [];
  let previousReady = stored.sim.rolloutMs;
  let failedMs = Infinity;
  for (let i = 0; i < shape.replicas; i += 1) {
    const createdMs = kind === 'StatefulSet' ? (i === 0 ? stored.sim.rolloutMs : previousReady) : stored.sim.rolloutMs;
    const placement = context.placements.get(`${key}#${i}`);
    const scheduledMs = Math.max(createdMs, placement?.scheduledMs ?? Infinity);
    const startMs = Math.max(scheduledMs, hold.requirements.availableMs);
    const outcome = kind === 'Job'
      ? jobOutcome(startMs, failedMs, hold, context.input.scale)
      : { readyMs: Math.max(Math.max(startMs, hold.depsMs) + hold.readyAfter, hold.healMs), endMs: Infinity, failed: false, failedMs };
    failedMs = outcome.failedMs;
    const { readyMs, endMs, failed } = outcome;
    const pod: PodTimeline = {
      name: podName(kind, obj.metadata.name, String(obj.metadata.uid), shape.hash, stored.sim.podEpoch, i),
      ordinal: i, createdMs, scheduledMs, startMs, readyMs, endMs, failed,
    };
    pod.trouble = troubleAt(context.input.now, pod, placement?.insufficient ?? [], hold, kind);
    pods.push(pod);
    previousReady = readyMs;
  }
  const readyMs = shape.replicas === 0 ? stored.sim.rolloutMs : Math.max(...pods.map((p) => p.readyMs));
  return {
    key, stored, kind, name: obj.metadata.name, namespace, replicas: shape.replicas, template: shape.template,
    templateHash: shape.hash, pods, readyMs, failedMs,
  };
}

/** How long the workload's pods take to be ready, and what requirements, dependencies and faults hold them. */
function workloadHold(stored: StoredObject, shape: WorkloadShape, kind: WorkloadTimeline['kind'], namespace: string, context: TimelineContext): WorkloadHold {
  const { scale, faults, visible } = context.input;
  const fault = stored.sim.fault;
  const faultState = fault ? boundFaultState(faults, fault) : undefined;
  const readyAfter = scale * (fault?.kind === 'slow-ready' ? fault.durationMs! : stored.sim.readyAfterMs ?? DEFAULT_READY_MS[kind]!);
  const requirements = evaluateRequirements(shape.template.requirements, namespace, visible);
  const deps = (stored.sim.dependsOn ?? []).map((dep) => context.depReadyMs(dep));
  const depsMs = deps.length === 0 ? 0 : Math.max(...deps);
  const oomFloor = stored.sim.minMemoryLimit !== undefined &&
    shape.template.containers.some((c: ContainerInfo) => c.memoryLimit !== undefined && c.memoryLimit < stored.sim.minMemoryLimit!);
  const podFault = fault && ['pod-oomkilled', 'pod-crashloop', 'pod-imagepull'].includes(fault.kind) ? fault.kind : undefined;
  // A pod fault blocks readiness while active; once cleared, the pod restarts and is ready soon after.
  const faultHealMs = podFault ? faultState!.active ? Infinity : (faultState!.clearedMs ?? 0) + Math.min(readyAfter, scale * HEAL_MS) : 0;
  // A memory limit under the catalog's floor OOM-kills the container on every start: it never heals.
  const healMs = oomFloor ? Infinity : faultHealMs;
  const stuck = oomFloor ? 'oom' : podFault === 'pod-oomkilled' ? 'oom' : podFault === 'pod-crashloop' ? 'crash' : podFault === 'pod-imagepull' ? 'image-pull' : undefined;
  return { fault, faultState, readyAfter, requirements, depsMs, healMs, stuck };
}

/** A Job's pod: complete after its run, unless it fails first (a "job-fails" fault, a crash, dependencies too late). */
function jobOutcome(startMs: number, failedSoFar: number, hold: WorkloadHold, scale: number): PodOutcome {
  const { fault, faultState, readyAfter, depsMs, healMs, stuck } = hold;
  const completeAt = Math.max(startMs, depsMs) + readyAfter;
  const failWindow = startMs + scale * JOB_BACKOFF_WINDOW_MS;
  const readyMs = Math.max(completeAt, healMs);
  let failedMs = failedSoFar;
  if (fault?.kind === 'job-fails') {
    const failAt = startMs + scale * (fault.afterMs ?? 60_000);
    const cleared = faultState!.clearedMs;
    if (faultState!.active || (cleared !== undefined && cleared > failAt)) failedMs = failAt;
  } else if ((stuck === 'oom' || stuck === 'crash') && healMs > failWindow) failedMs = failWindow;
  else if (depsMs > failWindow - readyAfter && Number.isFinite(startMs)) failedMs = failWindow;
  if (failedMs < readyMs) return { readyMs: Infinity, endMs: failedMs, failed: true, failedMs };
  return { readyMs, endMs: readyMs, failed: false, failedMs };
}

function podName(kind: string, name: string, uid: string, hash: string, epoch: number, ordinal: number): string {
  if (kind === 'StatefulSet') return `${name}-${ordinal}`;
  const suffix = stableSuffix(`${uid}:${epoch}:${ordinal}:${hash}`, 5);
  return kind === 'Job' ? `${name}-${suffix}` : `${name}-${hash}-${suffix}`;
}

/** Why a pod is not ready at `now`: unschedulable, a missing requirement, a pod fault, or a dependency. */
function troubleAt(now: number, pod: PodTimeline, insufficient: string[], hold: WorkloadHold, kind: string): PodTrouble | undefined {
  const { requirements: { block }, stuck, healMs, depsMs } = hold;
  if (pod.readyMs <= now || pod.endMs <= now) return undefined;
  if (pod.scheduledMs > now) return unschedulable(block, insufficient);
  if (block && pod.startMs > now) return block;
  if (stuck && healMs > now) return { kind: stuck };
  if (depsMs > now && pod.startMs <= now) return kind === 'Job' ? { kind: 'crash' } : { kind: 'waiting-deps' };
  return undefined;
}

/** What the scheduler says of a pod it has not placed: a missing claim, or not enough CPU or memory. */
function unschedulable(block: RequirementBlock | undefined, insufficient: string[]): PodTrouble {
  if (block?.kind === 'claim') return block;
  const reasons = (insufficient.length > 0 ? insufficient : ['memory']).map((r) => `1 Insufficient ${r}`).join(', ');
  return {
    kind: 'unschedulable',
    message: `0/1 nodes are available: ${reasons}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.`,
  };
}
