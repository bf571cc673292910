/**
 * Writing objects into the state as the API server would: uids, resourceVersions, generations,
 * ClusterIPs, Secret stringData, StatefulSet claims, immutable fields. Used by kubectl and helm alike.
 */
import { isMap } from '../core/values.ts';
import { clusterIp, newUid } from '../core/ids.ts';
import { k8sTime } from '../core/timefmt.ts';
import { objectKey, type KubeObject, type ObjectSim, type SimState, type StoredObject } from '../core/state.ts';
import { kindInfo, WORKLOAD_KINDS } from './kinds.ts';
import { podTemplateOf } from './pod-template.ts';

/** How a write went, in kubectl's words. */
export type PutOutcome = 'created' | 'configured' | 'unchanged';

/** The API server refused the write (field is immutable, ...). */
export class InvalidObjectError extends Error {}

/** Options of a write. */
export interface PutOptions {
  now: number;
  /** Simulator bookkeeping to set on creation (and to refresh on update). */
  sim?: Partial<ObjectSim>;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function normalise(obj: KubeObject): KubeObject {
  const out = structuredClone(obj);
  if (out.kind === 'Secret' && isMap(out.stringData)) {
    const data = isMap(out.data) ? { ...out.data } : {};
    for (const [k, v] of Object.entries(out.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    out.data = data;
    delete out.stringData;
  }
  if (out.kind === 'Namespace') {
    out.metadata.labels = { ...out.metadata.labels, 'kubernetes.io/metadata.name': out.metadata.name };
    out.spec = { finalizers: ['kubernetes'] };
    delete out.status;
  }
  delete out.status;
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp']) {
    delete out.metadata[field];
  }
  return out;
}

function withoutVolatile(obj: KubeObject): string {
  const { metadata, ...rest } = obj;
  const { resourceVersion: _rv, generation: _g, ...meta } = metadata;
  return JSON.stringify({ ...rest, metadata: meta });
}

function defaultServicePorts(spec: Record<string, unknown>): void {
  if (!Array.isArray(spec.ports)) return;
  spec.ports = (spec.ports as Record<string, unknown>[]).map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p }));
}

/** Creates or updates an object; returns what kubectl would report. */
export function putObject(state: SimState, input: KubeObject, options: PutOptions): { stored: StoredObject; outcome: PutOutcome } {
  const info = kindInfo(input.kind);
  const obj = normalise(input);
  const namespace = info.namespaced ? obj.metadata.namespace ?? 'default' : '';
  if (info.namespaced) obj.metadata.namespace = namespace;
  else delete obj.metadata.namespace;
  const key = objectKey(obj.kind, namespace, obj.metadata.name);
  const existing = state.objects[key];
  if (!existing) return { stored: createObject(state, key, obj, options), outcome: 'created' };
  return updateObject(state, existing, obj, options);
}

/** A new object: uid, resourceVersion, creation time, generation, and the spec fields the API server allocates. */
function createObject(state: SimState, key: string, obj: KubeObject, options: PutOptions): StoredObject {
  const { now } = options;
  state.resourceVersion += 1;
  obj.metadata = {
    ...obj.metadata,
    uid: newUid(),
    resourceVersion: String(state.resourceVersion),
    creationTimestamp: k8sTime(now),
    ...(WORKLOAD_KINDS.has(obj.kind) ? { generation: 1 } : {}),
  };
  const spec = isMap(obj.spec) ? obj.spec : undefined;
  if (obj.kind === 'Service' && spec) defaultNewService(state, spec);
  if (obj.kind === 'PersistentVolumeClaim' && spec) spec.volumeName ??= `pvc-${obj.metadata.uid}`;
  const stored: StoredObject = { object: obj, sim: { createdMs: now, updatedMs: now, rolloutMs: now, podEpoch: 0, ...options.sim } };
  state.objects[key] = stored;
  if (obj.kind === 'StatefulSet') createClaims(state, stored, now);
  return stored;
}

/** A new Service: its ClusterIP (none when headless or ExternalName) and the defaulted fields. */
function defaultNewService(state: SimState, spec: Record<string, unknown>): void {
  const headless = spec.clusterIP === 'None';
  if (!headless && spec.type !== 'ExternalName') {
    const ip = clusterIp(state.serviceCount++);
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } else if (headless) spec.clusterIPs = ['None'];
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  defaultServicePorts(spec);
}

/** An update: merged over the stored object; unchanged, or a new resourceVersion (and generation, rollout). */
function updateObject(state: SimState, existing: StoredObject, obj: KubeObject, options: PutOptions): { stored: StoredObject; outcome: PutOutcome } {
  const { now } = options;
  const old = existing.object;
  if (obj.kind === 'Job' && JSON.stringify(podTemplateOf(obj)) !== JSON.stringify(podTemplateOf(old))) {
    throw new InvalidObjectError(`Job.batch "${obj.metadata.name}" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable`);
  }
  const merged = mergeOver(old, obj);
  if (withoutVolatile(merged) === withoutVolatile(old)) return { stored: existing, outcome: 'unchanged' };
  state.resourceVersion += 1;
  merged.metadata.resourceVersion = String(state.resourceVersion);
  const specChanged = JSON.stringify(merged.spec) !== JSON.stringify(old.spec);
  if (WORKLOAD_KINDS.has(obj.kind) && specChanged) merged.metadata.generation = Number(old.metadata.generation ?? 1) + 1;
  const templateChanged = JSON.stringify(podTemplateOf(merged)) !== JSON.stringify(podTemplateOf(old));
  existing.object = merged;
  existing.sim = { ...existing.sim, ...options.sim, updatedMs: now, rolloutMs: templateChanged ? now : existing.sim.rolloutMs, createdMs: existing.sim.createdMs };
  if (obj.kind === 'StatefulSet') createClaims(state, existing, now);
  return { stored: existing, outcome: 'configured' };
}

/** The written object over the stored one: metadata, labels and annotations merged, allocated spec fields kept. */
function mergeOver(old: KubeObject, obj: KubeObject): KubeObject {
  const merged: KubeObject = {
    ...obj,
    metadata: {
      ...old.metadata,
      ...obj.metadata,
      labels: { ...old.metadata.labels, ...obj.metadata.labels },
      annotations: { ...old.metadata.annotations, ...obj.metadata.annotations },
    },
  };
  if (Object.keys(merged.metadata.labels!).length === 0) delete merged.metadata.labels;
  if (Object.keys(merged.metadata.annotations!).length === 0) delete merged.metadata.annotations;
  if (obj.kind === 'Service' && isMap(merged.spec) && isMap(old.spec)) {
    merged.spec.clusterIP ??= old.spec.clusterIP;
    merged.spec.clusterIPs ??= old.spec.clusterIPs;
    merged.spec.type ??= old.spec.type;
    merged.spec.sessionAffinity ??= old.spec.sessionAffinity;
    merged.spec.ipFamilies ??= old.spec.ipFamilies;
    merged.spec.ipFamilyPolicy ??= old.spec.ipFamilyPolicy;
    merged.spec.internalTrafficPolicy ??= old.spec.internalTrafficPolicy;
    defaultServicePorts(merged.spec);
  }
  if (obj.kind === 'PersistentVolumeClaim' && isMap(merged.spec) && isMap(old.spec)) merged.spec.volumeName ??= old.spec.volumeName;
  return merged;
}

/** The PVCs a StatefulSet's volumeClaimTemplates create; they outlive the StatefulSet, as in Kubernetes. */
function createClaims(state: SimState, sts: StoredObject, now: number): void {
  const spec = isMap(sts.object.spec) ? sts.object.spec : {};
  const templates = Array.isArray(spec.volumeClaimTemplates) ? (spec.volumeClaimTemplates as Record<string, unknown>[]) : [];
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const selector = isMap(spec.selector) && isMap(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  for (const template of templates) {
    const meta = isMap(template.metadata) ? template.metadata : {};
    for (let i = 0; i < replicas; i += 1) {
      const name = `${String(meta.name ?? 'data')}-${sts.object.metadata.name}-${i}`;
      const key = objectKey('PersistentVolumeClaim', String(sts.object.metadata.namespace), name);
      if (state.objects[key]) continue;
      putObject(state, {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim',
        metadata: { name, namespace: sts.object.metadata.namespace, labels: { ...(selector as Record<string, string>) } },
        spec: structuredClone(template.spec ?? {}),
      }, { now });
    }
  }
}

/** Removes an object; returns false when it did not exist. Namespaces go through beginNamespaceDeletion. */
export function removeObject(state: SimState, kind: string, namespace: string, name: string): boolean {
  const key = objectKey(kind, kindInfo(kind).namespaced ? namespace : '', name);
  if (!state.objects[key]) return false;
  delete state.objects[key];
  state.resourceVersion += 1;
  return true;
}

/** The annotation kubectl's client-side apply keeps. */
export const LAST_APPLIED_ANNOTATION = LAST_APPLIED;
