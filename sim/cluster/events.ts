/**
 * Events, derived from the timelines: what the scheduler, kubelet and controllers would have reported
 * by the time of the read (Scheduled, Pulled, Started, FailedScheduling, BackOff, OOMKilling, Completed...).
 */
import { hexDigest, podIp } from '../core/ids.ts';
import { k8sTime } from '../core/timefmt.ts';
import type { KubeObject } from '../core/state.ts';
import { CONTAINER_CREATE_MS } from './durations.ts';
import { claimTemplateNames, type ContainerInfo } from './pod-template.ts';
import { podUid, restartCount } from './pods.ts';
import type { PodTimeline, WorkloadTimeline } from './timeline.ts';
import { compareBytes } from '../core/order.ts';

interface Involved {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  uid: string;
  fieldPath?: string;
}

interface Draft {
  involved: Involved;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  firstMs: number;
  lastMs: number;
  count: number;
}

function toEvent(d: Draft, rv: string): KubeObject {
  const name = `${d.involved.name}.${hexDigest(`${d.involved.uid}/${d.reason}/${d.message}`, 16)}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name,
      namespace: d.involved.namespace,
      uid: podUid(d.involved.uid, name),
      resourceVersion: rv,
      creationTimestamp: k8sTime(d.firstMs),
    },
    involvedObject: {
      apiVersion: d.involved.apiVersion, kind: d.involved.kind, name: d.involved.name, namespace: d.involved.namespace,
      uid: d.involved.uid, ...(d.involved.fieldPath ? { fieldPath: d.involved.fieldPath } : {}),
    },
    reason: d.reason,
    message: d.message,
    source: { component: d.component, ...(d.component === 'kubelet' || d.component === 'kernel-monitor' ? { host: 'minikube' } : {}) },
    firstTimestamp: k8sTime(d.firstMs),
    lastTimestamp: k8sTime(d.lastMs),
    count: d.count,
    type: d.type,
    eventTime: null,
    reportingComponent: d.component,
    reportingInstance: d.component === 'kubelet' ? 'minikube' : '',
  };
}

/** Records an event (about one object) when it happened by the time of the read. */
type Add = (reason: string, message: string, atMs: number, type?: Draft['type'], component?: string, extra?: Partial<Draft>) => void;

function adder(out: Draft[], involved: Involved, now: number): Add {
  return (reason, message, atMs, type = 'Normal', component = 'kubelet', extra = {}) => {
    if (atMs <= now) out.push({ involved, reason, message, type, component, firstMs: atMs, lastMs: atMs, count: 1, ...extra });
  };
}

/** One pod's events being derived. */
interface PodEvents {
  w: WorkloadTimeline;
  pod: PodTimeline;
  now: number;
  scale: number;
  uid: string;
  involved: Involved;
  out: Draft[];
  /** Adds an event about the pod itself. */
  add: Add;
}

function podEvents(w: WorkloadTimeline, pod: PodTimeline, now: number, scale: number): Draft[] {
  const uid = podUid(String(w.stored.object.metadata.uid), pod.name);
  const involved: Involved = { kind: 'Pod', apiVersion: 'v1', name: pod.name, namespace: w.namespace, uid };
  const out: Draft[] = [];
  const add = adder(out, involved, now);
  if (pod.createdMs > now) return out;
  const trouble = pod.trouble;
  if (pod.scheduledMs > pod.createdMs) {
    const message = trouble && 'message' in trouble && trouble.kind !== 'config' && trouble.kind !== 'mount'
      ? trouble.message
      : '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
    add('FailedScheduling', message, pod.createdMs, 'Warning', 'default-scheduler', { lastMs: Math.min(now, pod.scheduledMs) });
  }
  if (pod.scheduledMs > now) return out;
  add('Scheduled', `Successfully assigned ${w.namespace}/${pod.name} to minikube`, pod.scheduledMs, 'Normal', 'default-scheduler');
  const events: PodEvents = { w, pod, now, scale, uid, involved, out, add };
  for (const c of w.template.containers) containerEvents(events, c);
  return out;
}

/** A scheduled pod's events for one container: mount, pull, config, start, crash and readiness-probe troubles. */
function containerEvents(events: PodEvents, c: ContainerInfo): void {
  const { pod, now, scale, add } = events;
  const trouble = pod.trouble;
  const created = pod.scheduledMs + scale * CONTAINER_CREATE_MS;
  const addC = adder(events.out, { ...events.involved, fieldPath: `spec.containers{${c.name}}` }, now);
  if (trouble?.kind === 'mount') {
    add('FailedMount', trouble.message, pod.scheduledMs, 'Warning', 'kubelet', { lastMs: now, count: Math.max(1, Math.floor((now - pod.scheduledMs) / (scale * 120_000)) + 1) });
    return;
  }
  if (trouble?.kind === 'image-pull') {
    imagePullEvents(addC, c, { scheduledMs: pod.scheduledMs, created, scale, now });
    return;
  }
  addC('Pulled', `Container image "${c.image}" already present on machine`, created);
  if (trouble?.kind === 'config') {
    addC('Failed', `Error: ${trouble.message}`, created, 'Warning', 'kubelet', { lastMs: now, count: Math.max(1, Math.floor((now - created) / (scale * 15_000)) + 1) });
    return;
  }
  if (pod.startMs > now) return;
  addC('Created', `Created container ${c.name}`, pod.startMs);
  addC('Started', `Started container ${c.name}`, pod.startMs);
  if (trouble?.kind === 'oom' || trouble?.kind === 'crash') crashEvents(events, c, addC, trouble.kind);
  if (trouble?.kind === 'waiting-deps') {
    const ip = podIp(events.uid);
    const port = c.ports[0]?.containerPort ?? 8080;
    addC('Unhealthy', `Readiness probe failed: Get "http://${ip}:${port}/health": dial tcp ${ip}:${port}: connect: connection refused`, pod.startMs + scale * 10_000, 'Warning', 'kubelet', { lastMs: now, count: Math.max(1, Math.floor((now - pod.startMs) / (scale * 10_000))) });
  }
}

/** An image that cannot be pulled: Pulling, the failure, then the back-off. */
function imagePullEvents(addC: Add, c: ContainerInfo, at: { scheduledMs: number; created: number; scale: number; now: number }): void {
  const { scheduledMs, created, scale, now } = at;
  addC('Pulling', `Pulling image "${c.image}"`, scheduledMs);
  const failure = `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/${c.image}": failed to resolve reference "docker.io/${c.image}": docker.io/${c.image}: not found`;
  addC('Failed', failure, created, 'Warning');
  addC('Failed', 'Error: ErrImagePull', created, 'Warning');
  addC('BackOff', `Back-off pulling image "${c.image}"`, created + scale * 1_000, 'Normal', 'kubelet', { lastMs: now });
  addC('Failed', 'Error: ImagePullBackOff', created + scale * 1_000, 'Warning', 'kubelet', { lastMs: now });
}

/** A crash-looping container: the node's OOMKilling (for OOM) and the kubelet's BackOff, once it has restarted. */
function crashEvents(events: PodEvents, c: ContainerInfo, addC: Add, kind: 'oom' | 'crash'): void {
  const { w, pod, now, scale } = events;
  const restarts = restartCount(pod.startMs, now, scale);
  if (kind === 'oom' && restarts > 0) {
    events.out.push({
      involved: { kind: 'Node', apiVersion: 'v1', name: 'minikube', namespace: w.namespace, uid: 'minikube' },
      reason: 'OOMKilling',
      message: `Memory cgroup out of memory: Killed process ${1000 + (restarts % 8000)} (${c.name}) total-vm:4194304kB, anon-rss:${Math.round((c.memoryLimit ?? 1 << 30) / 1024)}kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:5432kB oom_score_adj:-997`,
      type: 'Warning', component: 'kernel-monitor', firstMs: pod.startMs + scale * 5_000, lastMs: now, count: restarts,
    });
  }
  if (restarts > 0) {
    addC('BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.name}_${w.namespace}(${events.uid})`, pod.startMs + scale * 15_000, 'Warning', 'kubelet', { lastMs: now, count: restarts });
  }
}

function workloadEvents(w: WorkloadTimeline, now: number): Draft[] {
  const obj = w.stored.object;
  const involved: Involved = { kind: w.kind, apiVersion: obj.apiVersion, name: w.name, namespace: w.namespace, uid: String(obj.metadata.uid) };
  const out: Draft[] = [];
  const add = (reason: string, message: string, atMs: number, type: Draft['type'], component: string): void => {
    if (atMs <= now) out.push({ involved, reason, message, type, component, firstMs: atMs, lastMs: atMs, count: 1 });
  };
  if (w.kind === 'Deployment') {
    add('ScalingReplicaSet', `Scaled up replica set ${w.name}-${w.templateHash} to ${w.replicas}`, w.stored.sim.rolloutMs, 'Normal', 'deployment-controller');
  } else if (w.kind === 'StatefulSet') {
    for (const pod of w.pods) {
      const claims = claimTemplateNames(obj, pod.ordinal);
      if (claims.length > 0) add('SuccessfulCreate', `create Claim ${claims.join(', ')} Pod ${pod.name} in StatefulSet ${w.name} success`, pod.createdMs, 'Normal', 'statefulset-controller');
      add('SuccessfulCreate', `create Pod ${pod.name} in StatefulSet ${w.name} successful`, pod.createdMs, 'Normal', 'statefulset-controller');
    }
  } else {
    const pod = w.pods[0];
    if (pod) {
      add('SuccessfulCreate', `Created pod: ${pod.name}`, pod.createdMs, 'Normal', 'job-controller');
      if (pod.failed) add('BackoffLimitExceeded', 'Job has reached the specified backoff limit', pod.endMs, 'Warning', 'job-controller');
      else add('Completed', 'Job completed', pod.endMs, 'Normal', 'job-controller');
    }
  }
  return out;
}

/** Every event in the cluster at `now`, sorted by namespace and name as the API server lists them. */
export function deriveEvents(timelines: Iterable<WorkloadTimeline>, now: number, scale: number, rv: string): KubeObject[] {
  const drafts: Draft[] = [];
  for (const w of timelines) {
    drafts.push(...workloadEvents(w, now));
    for (const pod of w.pods) drafts.push(...podEvents(w, pod, now, scale));
  }
  return drafts
    .map((d) => toEvent(d, rv))
    .sort((a, b) => compareBytes(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`));
}
