/**
 * Pod objects, rendered from a workload's timeline at the time of the read.
 */
import { isMap } from '../core/values.ts';
import { hexDigest, podIp } from '../core/ids.ts';
import { k8sTime } from '../core/timefmt.ts';
import type { KubeObject } from '../core/state.ts';
import { CONTAINER_CREATE_MS } from './durations.ts';
import type { ContainerInfo } from './pod-template.ts';
import { podTemplateOf } from './pod-template.ts';
import type { PodTimeline, WorkloadTimeline } from './timeline.ts';

/** A uid that stays the same for a pod between reads. */
export function podUid(workloadUid: string, podName: string): string {
  const h = hexDigest(`${workloadUid}/${podName}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** How many times a crash-looping container has restarted by `now` (back-off 10 s doubling to 5 min). */
export function restartCount(sinceMs: number, now: number, scale: number): number {
  let t = sinceMs + scale * 5_000;
  let count = 0;
  let backoff = 10_000;
  while (t <= now && count < 1000) {
    count += 1;
    t += scale * (backoff + 5_000);
    backoff = Math.min(backoff * 2, 300_000);
  }
  return count;
}

function qosClass(containers: readonly ContainerInfo[], template: Record<string, unknown>): string {
  const spec = isMap(template.spec) ? template.spec : {};
  const raw = Array.isArray(spec.containers) ? (spec.containers as Record<string, unknown>[]) : [];
  const resources = raw.map((c) => (isMap(c.resources) ? c.resources : {}));
  if (containers.every((c) => c.cpuMillis === 0 && c.memoryBytes === 0)) return 'BestEffort';
  const guaranteed = resources.every((r) => {
    const req = isMap(r.requests) ? r.requests : undefined;
    const lim = isMap(r.limits) ? r.limits : undefined;
    return lim?.cpu !== undefined && lim?.memory !== undefined && (!req || (req.cpu ?? lim.cpu) === lim.cpu && (req.memory ?? lim.memory) === lim.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function condition(type: string, ok: boolean, atMs: number, reason?: string, message?: string): Record<string, unknown> {
  return {
    type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: k8sTime(atMs),
    ...(reason ? { reason } : {}), ...(message ? { message } : {}),
  };
}

function ownerLabels(w: WorkloadTimeline, pod: PodTimeline): Record<string, string> {
  const uid = String(w.stored.object.metadata.uid);
  if (w.kind === 'Deployment') return { 'pod-template-hash': w.templateHash };
  if (w.kind === 'StatefulSet') {
    return {
      'apps.kubernetes.io/pod-index': String(pod.ordinal),
      'controller-revision-hash': `${w.name}-${w.templateHash}`,
      'statefulset.kubernetes.io/pod-name': pod.name,
    };
  }
  return { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': w.name, 'controller-uid': uid, 'job-name': w.name };
}

/** One pod being rendered: its workload and timeline, the read time, and what follows from them. */
interface PodRender {
  w: WorkloadTimeline;
  pod: PodTimeline;
  now: number;
  scheduled: boolean;
  /** Real ms at which its containers are created (Infinity while unscheduled). */
  createdContainers: number;
  workloadUid: string;
  uid: string;
}

/** Renders the pod of `w` described by `pod`, as the API server would return it at `now`. */
export function renderPod(w: WorkloadTimeline, pod: PodTimeline, now: number, scale: number, rv: string): KubeObject {
  const template = podTemplateOf(w.stored.object);
  const tspec = isMap(template.spec) ? template.spec : {};
  const workloadUid = String(w.stored.object.metadata.uid);
  const uid = podUid(workloadUid, pod.name);
  const scheduled = pod.scheduledMs <= now;
  const createdContainers = scheduled ? pod.scheduledMs + scale * CONTAINER_CREATE_MS : Infinity;
  const r: PodRender = { w, pod, now, scheduled, createdContainers, workloadUid, uid };
  const ip = podIp(uid);
  const containerStatuses = w.template.containers.map((c) => containerStatus(c, pod, now, scale, uid, w.namespace, createdContainers));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: podMetadata(r, template, rv),
    spec: {
      ...tspec,
      restartPolicy: tspec.restartPolicy ?? (w.kind === 'Job' ? 'Never' : 'Always'),
      schedulerName: tspec.schedulerName ?? 'default-scheduler',
      terminationGracePeriodSeconds: tspec.terminationGracePeriodSeconds ?? 30,
      ...(scheduled ? { nodeName: 'minikube' } : {}),
      ...(w.kind === 'StatefulSet' ? { hostname: pod.name, subdomain: (w.stored.object.spec as Record<string, unknown>).serviceName } : {}),
    },
    status: {
      phase: podPhase(r),
      conditions: podConditions(r),
      qosClass: qosClass(w.template.containers, template),
      ...(scheduled ? { hostIP: '192.168.49.2', hostIPs: [{ ip: '192.168.49.2' }], startTime: k8sTime(pod.scheduledMs), containerStatuses } : {}),
      ...(scheduled && createdContainers <= now ? { podIP: ip, podIPs: [{ ip }] } : {}),
    },
  };
}

/** The pod's metadata: generated name, the template's labels and annotations, its owner (a ReplicaSet for a Deployment). */
function podMetadata(r: PodRender, template: Record<string, unknown>, rv: string): KubeObject['metadata'] {
  const { w, pod, uid, workloadUid } = r;
  const tmeta = isMap(template.metadata) ? template.metadata : {};
  const ownerKind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
  const ownerName = w.kind === 'Deployment' ? `${w.name}-${w.templateHash}` : w.name;
  return {
    name: pod.name,
    ...(w.kind === 'StatefulSet' ? {} : { generateName: w.kind === 'Job' ? `${w.name}-` : `${ownerName}-` }),
    namespace: w.namespace,
    uid,
    resourceVersion: rv,
    creationTimestamp: k8sTime(pod.createdMs),
    labels: { ...(tmeta.labels as Record<string, string> | undefined), ...ownerLabels(w, pod) },
    ...(isMap(tmeta.annotations) ? { annotations: tmeta.annotations as Record<string, string> } : {}),
    ownerReferences: [{
      apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1', kind: ownerKind, name: ownerName,
      uid: w.kind === 'Deployment' ? podUid(workloadUid, ownerName) : workloadUid, controller: true, blockOwnerDeletion: true,
    }],
    ...(w.stored.object.metadata.deletionTimestamp ? { deletionTimestamp: String(w.stored.object.metadata.deletionTimestamp), deletionGracePeriodSeconds: 30 } : {}),
  };
}

/** Pending, Running once its containers are created (unless held by config, a mount or an image pull), or a Job pod's end. */
function podPhase(r: PodRender): string {
  const { w, pod, now, scheduled, createdContainers } = r;
  const trouble = pod.trouble;
  if (w.kind === 'Job' && pod.endMs <= now) return pod.failed ? 'Failed' : 'Succeeded';
  if (scheduled && trouble?.kind !== 'config' && trouble?.kind !== 'mount' && trouble?.kind !== 'image-pull' && createdContainers <= now) return 'Running';
  return 'Pending';
}

/** The pod's conditions: only PodScheduled=False (Unschedulable) until it is scheduled. */
function podConditions(r: PodRender): Record<string, unknown>[] {
  const { w, pod, now, scheduled, createdContainers } = r;
  const trouble = pod.trouble;
  if (!scheduled) return [condition('PodScheduled', false, pod.createdMs, 'Unschedulable', trouble && 'message' in trouble ? trouble.message : undefined)];
  const ready = pod.readyMs <= now && !(w.kind === 'Job' && pod.endMs <= now);
  const readiness = (type: string): Record<string, unknown> => (w.kind === 'Job' && pod.endMs <= now
    ? condition(type, false, pod.endMs, 'PodCompleted')
    : condition(type, ready, ready ? pod.readyMs : pod.scheduledMs, ready ? undefined : 'ContainersNotReady', ready ? undefined : `containers with unready status: [${w.template.containers.map((c) => c.name).join(' ')}]`));
  return [
    condition('PodReadyToStartContainers', createdContainers <= now, Math.min(createdContainers, now)),
    condition('Initialized', true, pod.scheduledMs),
    readiness('Ready'),
    readiness('ContainersReady'),
    condition('PodScheduled', true, pod.scheduledMs),
  ];
}

function containerStatus(c: ContainerInfo, pod: PodTimeline, now: number, scale: number, podUidValue: string, namespace: string, createdMs: number): Record<string, unknown> {
  const base = { name: c.name, image: c.image, imageID: '', restartCount: 0, started: false, ready: false, lastState: {} as Record<string, unknown> };
  const containerID = `docker://${hexDigest(`${podUidValue}/${c.name}`, 64)}`;
  const imageID = `docker-pullable://${c.image.split(':')[0]}@sha256:${hexDigest(c.image, 64)}`;
  const trouble = pod.trouble;
  if (pod.endMs <= now) {
    return {
      ...base, imageID, containerID,
      state: { terminated: { exitCode: pod.failed ? 1 : 0, reason: pod.failed ? 'Error' : 'Completed', startedAt: k8sTime(pod.startMs), finishedAt: k8sTime(pod.endMs), containerID } },
    };
  }
  if (createdMs > now || trouble?.kind === 'mount') return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
  if (trouble?.kind === 'config') return { ...base, state: { waiting: { reason: 'CreateContainerConfigError', message: trouble.message } } };
  if (trouble?.kind === 'image-pull') return { ...base, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } } };
  if (trouble?.kind === 'oom' || trouble?.kind === 'crash') {
    const restarts = restartCount(pod.startMs, now, scale);
    const reason = trouble.kind === 'oom' ? 'OOMKilled' : 'Error';
    const lastState = restarts > 0
      ? { terminated: { exitCode: trouble.kind === 'oom' ? 137 : 1, reason, startedAt: k8sTime(Math.max(pod.startMs, now - scale * 8_000)), finishedAt: k8sTime(Math.max(pod.startMs, now - scale * 3_000)), containerID } }
      : {};
    const backoff = Math.min(10 * 2 ** Math.max(0, restarts - 1), 300);
    return {
      ...base, imageID, containerID, restartCount: restarts, lastState,
      state: restarts > 0
        ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff >= 60 ? `${Math.floor(backoff / 60)}m${backoff % 60}s` : `${backoff}s`} restarting failed container=${c.name} pod=${pod.name}_${namespace}(${podUidValue})` } }
        : { running: { startedAt: k8sTime(pod.startMs) } },
      started: restarts === 0,
    };
  }
  const ready = pod.readyMs <= now;
  return { ...base, imageID, containerID, started: true, ready, state: { running: { startedAt: k8sTime(Math.max(pod.startMs, createdMs)) } } };
}
