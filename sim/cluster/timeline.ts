/**
 * The life of every workload's pods, computed from timestamps: when each pod is created, scheduled,
 * started and ready (or failed), and what holds it back. This is what makes readiness need no daemon.
 *
 * Deals with: durations, dependencies between workloads, missing Secrets/ConfigMaps/PVCs, node capacity,
 * and the pod faults bound to a workload. Does not deal with: rendering pods, statuses or events.
 */
import { isMap } from '../core/values.ts';
import { stableSuffix } from '../core/ids.ts';
import { objectKey, type DependencyRef, type StoredObject } from '../core/state.ts';
import { boundFaultState } from '../faults/match.ts';
import type { FaultsFile } from '../faults/types.ts';
import { DEFAULT_READY_MS, HEAL_MS, JOB_BACKOFF_WINDOW_MS } from './durations.ts';
import { analysePodTemplate, podTemplateOf, type ContainerInfo, type PodTemplateInfo } from './pod-template.ts';
import { evaluateRequirements, type RequirementBlock } from './requirements.ts';
import { schedule, type PodSlot } from './scheduler.ts';
import { selectorMatches } from './selectors.ts';

/** Why a pod is not ready at the time of the read. */
export type PodTrouble =
  | { kind: 'unschedulable'; message: string }
  | RequirementBlock
  | { kind: 'image-pull' | 'oom' | 'crash' | 'waiting-deps' };

/** One pod's timeline. Times are real epoch ms; Infinity means "not as far as the cluster knows now". */
export interface PodTimeline {
  name: string;
  ordinal: number;
  createdMs: number;
  scheduledMs: number;
  /** When its containers start running. */
  startMs: number;
  readyMs: number;
  /** Jobs: when the pod finished (succeeded or failed). */
  endMs: number;
  failed: boolean;
  /** Set when the pod is not ready at the read time. */
  trouble?: PodTrouble;
}

/** A workload and its pods. */
export interface WorkloadTimeline {
  key: string;
  stored: StoredObject;
  kind: 'Deployment' | 'StatefulSet' | 'Job';
  name: string;
  namespace: string;
  replicas: number;
  template: PodTemplateInfo;
  /** Deployments: the pod-template-hash; StatefulSets: the controller revision suffix. */
  templateHash: string;
  pods: PodTimeline[];
  /** All replicas ready, or the Job complete. */
  readyMs: number;
  /** Jobs: when it failed (BackoffLimitExceeded). */
  failedMs: number;
}

/** Inputs of a timeline computation. */
export interface TimelineInput {
  now: number;
  scale: number;
  visible: ReadonlyMap<string, StoredObject>;
  faults: FaultsFile;
  node: { cpuMillis: number; memoryBytes: number };
}

/** Computes the timelines of every visible Deployment, StatefulSet and Job. */
export function computeTimelines(input: TimelineInput): Map<string, WorkloadTimeline> {
  const { now, scale, visible, faults } = input;
  const workloads = [...visible.entries()].filter(([, s]) => ['Deployment', 'StatefulSet', 'Job'].includes(s.object.kind));
  const shapes = new Map<string, { template: PodTemplateInfo; replicas: number; hash: string }>();
  const slots: PodSlot[] = [];
  const order = [...workloads].sort((a, b) => a[1].sim.rolloutMs - b[1].sim.rolloutMs);
  for (const [key, stored] of order) {
    const obj = stored.object;
    const spec = isMap(obj.spec) ? obj.spec : {};
    const template = analysePodTemplate(podTemplateOf(obj));
    const replicas = obj.kind === 'Job' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
    const hash = stableSuffix(`${obj.metadata.uid}:${JSON.stringify(podTemplateOf(obj))}`, 10);
    shapes.set(key, { template, replicas, hash });
    const fault = stored.sim.fault;
    const faultState = fault ? boundFaultState(faults, fault) : undefined;
    const unschedulableUntil = fault?.kind === 'pod-unschedulable'
      ? faultState!.active ? Infinity : faultState!.clearedMs ?? 0
      : 0;
    const runMs = obj.kind === 'Job' ? scale * (stored.sim.readyAfterMs ?? DEFAULT_READY_MS.Job!) : Infinity;
    for (let i = 0; i < replicas; i += 1) {
      if (unschedulableUntil === Infinity) continue;
      slots.push({
        id: `${key}#${i}`,
        earliestMs: Math.max(stored.sim.rolloutMs, unschedulableUntil),
        cpuMillis: template.containers.reduce((sum, c) => sum + c.cpuMillis, 0),
        memoryBytes: template.containers.reduce((sum, c) => sum + c.memoryBytes, 0),
        runMs,
      });
    }
  }
  const placements = schedule(slots, input.node.cpuMillis, input.node.memoryBytes);
  const result = new Map<string, WorkloadTimeline>();
  const visiting = new Set<string>();

  const depReadyMs = (dep: DependencyRef): number => {
    if ('job' in dep) {
      const t = timelineOf(objectKey('Job', dep.namespace, dep.job));
      return t && !Number.isFinite(t.failedMs) ? t.readyMs : Infinity;
    }
    const [host] = dep.service.split(':');
    const parts = host!.split('.');
    const name = parts[0]!;
    const namespace = parts.length > 1 && parts[1] !== 'svc' ? parts[1]! : dep.namespace;
    const svc = visible.get(objectKey('Service', namespace, name));
    const spec = svc && isMap(svc.object.spec) ? svc.object.spec : undefined;
    const selector = spec && isMap(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
    if (!selector || Object.keys(selector).length === 0) return Infinity;
    let best = Infinity;
    for (const [key, stored] of workloads) {
      if (stored.object.metadata.namespace !== namespace || stored.object.kind === 'Job') continue;
      if (!selectorMatches(selector, shapes.get(key)!.template.labels)) continue;
      const t = timelineOf(key);
      const first = t ? Math.min(...t.pods.map((p) => p.readyMs)) : Infinity;
      best = Math.min(best, first);
    }
    return best;
  };

  function timelineOf(key: string): WorkloadTimeline | undefined {
    const done = result.get(key);
    if (done) return done;
    const stored = visible.get(key);
    const shape = shapes.get(key);
    if (!stored || !shape || visiting.has(key)) return undefined;
    visiting.add(key);
    const t = buildTimeline(key, stored, shape);
    visiting.delete(key);
    result.set(key, t);
    return t;
  }

  function buildTimeline(key: string, stored: StoredObject, shape: { template: PodTemplateInfo; replicas: number; hash: string }): WorkloadTimeline {
    const obj = stored.object;
    const kind = obj.kind as WorkloadTimeline['kind'];
    const namespace = obj.metadata.namespace ?? 'default';
    const fault = stored.sim.fault;
    const faultState = fault ? boundFaultState(faults, fault) : undefined;
    const readyAfter = scale * (fault?.kind === 'slow-ready' ? fault.durationMs! : stored.sim.readyAfterMs ?? DEFAULT_READY_MS[kind]!);
    const requirements = evaluateRequirements(shape.template.requirements, namespace, visible);
    const deps = (stored.sim.dependsOn ?? []).map(depReadyMs);
    const depsMs = deps.length === 0 ? 0 : Math.max(...deps);
    const oomFloor = stored.sim.minMemoryLimit !== undefined &&
      shape.template.containers.some((c: ContainerInfo) => c.memoryLimit !== undefined && c.memoryLimit < stored.sim.minMemoryLimit!);
    const podFault = fault && ['pod-oomkilled', 'pod-crashloop', 'pod-imagepull'].includes(fault.kind) ? fault.kind : undefined;
    // A pod fault blocks readiness while active; once cleared, the pod restarts and is ready soon after.
    const faultHealMs = podFault ? faultState!.active ? Infinity : (faultState!.clearedMs ?? 0) + Math.min(readyAfter, scale * HEAL_MS) : 0;
    // A memory limit under the catalog's floor OOM-kills the container on every start: it never heals.
    const healMs = oomFloor ? Infinity : faultHealMs;
    const stuck = oomFloor ? 'oom' : podFault === 'pod-oomkilled' ? 'oom' : podFault === 'pod-crashloop' ? 'crash' : podFault === 'pod-imagepull' ? 'image-pull' : undefined;
    const pods: PodTimeline[] = [];
    let previousReady = stored.sim.rolloutMs;
    let failedMs = Infinity;
    for (let i = 0; i < shape.replicas; i += 1) {
      const createdMs = kind === 'StatefulSet' ? (i === 0 ? stored.sim.rolloutMs : previousReady) : stored.sim.rolloutMs;
      const placement = placements.get(`${key}#${i}`);
      const scheduledMs = Math.max(createdMs, placement?.scheduledMs ?? Infinity);
      const startMs = Math.max(scheduledMs, requirements.availableMs);
      let readyMs: number;
      let endMs = Infinity;
      let failed = false;
      if (kind === 'Job') {
        const completeAt = Math.max(startMs, depsMs) + readyAfter;
        const failWindow = startMs + scale * JOB_BACKOFF_WINDOW_MS;
        readyMs = Math.max(completeAt, healMs);
        if (fault?.kind === 'job-fails') {
          const failAt = startMs + scale * (fault.afterMs ?? 60_000);
          const cleared = faultState!.clearedMs;
          if (faultState!.active || (cleared !== undefined && cleared > failAt)) failedMs = failAt;
        } else if ((stuck === 'oom' || stuck === 'crash') && healMs > failWindow) failedMs = failWindow;
        else if (depsMs > failWindow - readyAfter && Number.isFinite(startMs)) failedMs = failWindow;
        if (failedMs < readyMs) {
          readyMs = Infinity;
          endMs = failedMs;
          failed = true;
        } else endMs = readyMs;
      } else {
        readyMs = Math.max(Math.max(startMs, depsMs) + readyAfter, healMs);
      }
      const pod: PodTimeline = {
        name: podName(kind, obj.metadata.name, String(obj.metadata.uid), shape.hash, stored.sim.podEpoch, i),
        ordinal: i, createdMs, scheduledMs, startMs, readyMs, endMs, failed,
      };
      pod.trouble = troubleAt(now, pod, placement?.insufficient ?? [], requirements.block, stuck, healMs, depsMs, kind);
      pods.push(pod);
      previousReady = readyMs;
    }
    const readyMs = shape.replicas === 0 ? stored.sim.rolloutMs : Math.max(...pods.map((p) => p.readyMs));
    return {
      key, stored, kind, name: obj.metadata.name, namespace, replicas: shape.replicas, template: shape.template,
      templateHash: shape.hash, pods, readyMs, failedMs,
    };
  }

  for (const [key] of workloads) timelineOf(key);
  return result;
}

function podName(kind: string, name: string, uid: string, hash: string, epoch: number, ordinal: number): string {
  if (kind === 'StatefulSet') return `${name}-${ordinal}`;
  const suffix = stableSuffix(`${uid}:${epoch}:${ordinal}:${hash}`, 5);
  return kind === 'Job' ? `${name}-${suffix}` : `${name}-${hash}-${suffix}`;
}

function troubleAt(
  now: number,
  pod: PodTimeline,
  insufficient: string[],
  block: RequirementBlock | undefined,
  stuck: 'oom' | 'crash' | 'image-pull' | undefined,
  healMs: number,
  depsMs: number,
  kind: string,
): PodTrouble | undefined {
  if (pod.readyMs <= now || pod.endMs <= now) return undefined;
  if (pod.scheduledMs > now) {
    if (block?.kind === 'claim') return block;
    const reasons = (insufficient.length > 0 ? insufficient : ['memory']).map((r) => `1 Insufficient ${r}`).join(', ');
    return {
      kind: 'unschedulable',
      message: `0/1 nodes are available: ${reasons}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.`,
    };
  }
  if (block && pod.startMs > now) return block;
  if (stuck && healMs > now) return { kind: stuck };
  if (depsMs > now && pod.startMs <= now) return kind === 'Job' ? { kind: 'crash' } : { kind: 'waiting-deps' };
  return undefined;
}
