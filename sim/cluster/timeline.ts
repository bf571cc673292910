/**
 * The life of every workload's pods, computed from timestamps: when each pod is created, scheduled,
 * started and ready (or failed), and what holds it back. This is what makes readiness need no daemon.
 *
 * Deals with: durations, dependencies between workloads, missing Secrets/ConfigMaps/PVCs, node capacity,
 * and the pod faults bound to a workload. Does not deal with: rendering pods, statuses or events, nor the
 * timing of one workload's pods (pod-timeline.ts).
 */
import { isMap } from '../core/values.ts';
import { stableSuffix } from '../core/ids.ts';
import { objectKey, type DependencyRef, type StoredObject } from '../core/state.ts';
import { boundFaultState } from '../faults/match.ts';
import type { FaultsFile } from '../faults/types.ts';
import { DEFAULT_READY_MS } from './durations.ts';
import { analysePodTemplate, podTemplateOf, type PodTemplateInfo } from './pod-template.ts';
import { buildTimeline } from './pod-timeline.ts';
import type { RequirementBlock } from './requirements.ts';
import { schedule, type PodSlot, type Placement } from './scheduler.ts';
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

/** A workload's pod template, how many pods it wants, and the hash that names them. */
export interface WorkloadShape {
  template: PodTemplateInfo;
  replicas: number;
  hash: string;
}

/** What building one workload's timeline reads besides the workload: the inputs, the scheduler's placements, dependencies. */
export interface TimelineContext {
  input: TimelineInput;
  placements: ReadonlyMap<string, Placement>;
  /** Real ms at which a dependency is ready (Infinity: not as far as the cluster knows now). */
  depReadyMs(dep: DependencyRef): number;
}

/** What a dependency's readiness is looked up in: the workloads, their shapes, and their (memoized) timelines. */
interface DependencyLookup {
  visible: ReadonlyMap<string, StoredObject>;
  workloads: ReadonlyArray<[string, StoredObject]>;
  shapes: ReadonlyMap<string, WorkloadShape>;
  timelineOf(key: string): WorkloadTimeline | undefined;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];

/** Computes the timelines of every visible Deployment, StatefulSet and Job. */
export function computeTimelines(input: TimelineInput): Map<string, WorkloadTimeline> {
  const workloads = [...input.visible.entries()].filter(([, s]) => WORKLOAD_KINDS.includes(s.object.kind));
  const shapes = new Map<string, WorkloadShape>();
  const slots: PodSlot[] = [];
  const order = [...workloads].sort((a, b) => a[1].sim.rolloutMs - b[1].sim.rolloutMs);
  for (const [key, stored] of order) {
    const shape = shapeOf(stored);
    shapes.set(key, shape);
    slots.push(...podSlots(key, stored, shape, input));
  }
  const result = new Map<string, WorkloadTimeline>();
  const visiting = new Set<string>();
  const timelineOf = (key: string): WorkloadTimeline | undefined => {
    const done = result.get(key);
    if (done) return done;
    const stored = input.visible.get(key);
    const shape = shapes.get(key);
    if (!stored || !shape || visiting.has(key)) return undefined;
    visiting.add(key);
    const t = buildTimeline(key, stored, shape, context);
    visiting.delete(key);
    result.set(key, t);
    return t;
  };
  const lookup: DependencyLookup = { visible: input.visible, workloads, shapes, timelineOf };
  const context: TimelineContext = {
    input,
    placements: schedule(slots, input.node.cpuMillis, input.node.memoryBytes),
    depReadyMs: (dep) => dependencyReadyMs(dep, lookup),
  };
  for (const [key] of workloads) timelineOf(key);
  return result;
}

/** A workload's pod template, replica count (a Job runs one pod) and template hash. */
function shapeOf(stored: StoredObject): WorkloadShape {
  const obj = stored.object;
  const spec = isMap(obj.spec) ? obj.spec : {};
  const template = analysePodTemplate(podTemplateOf(obj));
  const replicas = obj.kind === 'Job' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
  const hash = stableSuffix(`${obj.metadata.uid}:${JSON.stringify(podTemplateOf(obj))}`, 10);
  return { template, replicas, hash };
}

/** Real ms until which a "pod-unschedulable" fault keeps the workload's pods off the node (0: none). */
function unschedulableUntil(stored: StoredObject, faults: FaultsFile): number {
  const fault = stored.sim.fault;
  const faultState = fault ? boundFaultState(faults, fault) : undefined;
  if (fault?.kind !== 'pod-unschedulable') return 0;
  return faultState!.active ? Infinity : faultState!.clearedMs ?? 0;
}

/** The scheduler slots of a workload's pods: none while a fault keeps them unschedulable. */
function podSlots(key: string, stored: StoredObject, shape: WorkloadShape, input: TimelineInput): PodSlot[] {
  const until = unschedulableUntil(stored, input.faults);
  const runMs = stored.object.kind === 'Job' ? input.scale * (stored.sim.readyAfterMs ?? DEFAULT_READY_MS.Job!) : Infinity;
  const slots: PodSlot[] = [];
  for (let i = 0; i < shape.replicas; i += 1) {
    if (until === Infinity) continue;
    slots.push({
      id: `${key}#${i}`,
      earliestMs: Math.max(stored.sim.rolloutMs, until),
      cpuMillis: shape.template.containers.reduce((sum, c) => sum + c.cpuMillis, 0),
      memoryBytes: shape.template.containers.reduce((sum, c) => sum + c.memoryBytes, 0),
      runMs,
    });
  }
  return slots;
}

/** When a dependency is ready: a Job when it completed (never if it failed), a Service when a backing pod is. */
function dependencyReadyMs(dep: DependencyRef, lookup: DependencyLookup): number {
  if ('job' in dep) {
    const t = lookup.timelineOf(objectKey('Job', dep.namespace, dep.job));
    return t && !Number.isFinite(t.failedMs) ? t.readyMs : Infinity;
  }
  return serviceReadyMs(dep, lookup);
}

/** When the first pod behind a Service ("name", "name.namespace[.svc...]", with an optional ":port") is ready. */
function serviceReadyMs(dep: { service: string; namespace: string }, lookup: DependencyLookup): number {
  const [host] = dep.service.split(':');
  const parts = host!.split('.');
  const name = parts[0]!;
  const namespace = parts.length > 1 && parts[1] !== 'svc' ? parts[1]! : dep.namespace;
  const svc = lookup.visible.get(objectKey('Service', namespace, name));
  const spec = svc && isMap(svc.object.spec) ? svc.object.spec : undefined;
  const selector = spec && isMap(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
  if (!selector || Object.keys(selector).length === 0) return Infinity;
  let best = Infinity;
  for (const [key, stored] of lookup.workloads) {
    if (stored.object.metadata.namespace !== namespace || stored.object.kind === 'Job') continue;
    if (!selectorMatches(selector, lookup.shapes.get(key)!.template.labels)) continue;
    const t = lookup.timelineOf(key);
    const first = t ? Math.min(...t.pods.map((p) => p.readyMs)) : Infinity;
    best = Math.min(best, first);
  }
  return best;
}
