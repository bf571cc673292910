/**
 * What a workload's pod template asks of the cluster: containers, resource requests and limits, and the
 * Secrets, ConfigMaps and PersistentVolumeClaims it cannot start without.
 */
import { isMap } from '../core/values.ts';
import { parseBytes, parseCpuMillis } from '../core/quantity.ts';
import type { KubeObject } from '../core/state.ts';

/** One container of the template. */
export interface ContainerInfo {
  name: string;
  image: string;
  /** Requested CPU in millicores (defaults to the limit when only a limit is set, as the API server does). */
  cpuMillis: number;
  /** Requested memory in bytes. */
  memoryBytes: number;
  /** Memory limit in bytes; `undefined` means unlimited. */
  memoryLimit?: number;
  /** Container ports, for port-forward. */
  ports: { name?: string; containerPort: number }[];
}

/** Something the pod needs before its containers can be created. */
export interface Requirement {
  kind: 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';
  name: string;
  /** A key that must exist in the Secret or ConfigMap. */
  key?: string;
  /** Referenced from a volume (mount failure) rather than from the environment (config error). */
  viaVolume?: boolean;
}

/** The parts of a pod template the simulator uses. */
export interface PodTemplateInfo {
  labels: Record<string, string>;
  containers: ContainerInfo[];
  requirements: Requirement[];
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isMap) : [];
}

/** The pod template of a Deployment, StatefulSet or Job. */
export function podTemplateOf(object: KubeObject): Record<string, unknown> {
  const spec = isMap(object.spec) ? object.spec : {};
  return isMap(spec.template) ? spec.template : {};
}

/** Reads containers and requirements from a pod template. */
export function analysePodTemplate(template: Record<string, unknown>): PodTemplateInfo {
  const meta = isMap(template.metadata) ? template.metadata : {};
  const spec = isMap(template.spec) ? template.spec : {};
  const requirements: Requirement[] = [];
  const containers = asArray(spec.containers).map((c): ContainerInfo => {
    const resources = isMap(c.resources) ? c.resources : {};
    const requests = isMap(resources.requests) ? resources.requests : {};
    const limits = isMap(resources.limits) ? resources.limits : {};
    for (const env of asArray(c.env)) {
      const from = isMap(env.valueFrom) ? env.valueFrom : undefined;
      const secretRef = from && isMap(from.secretKeyRef) ? from.secretKeyRef : undefined;
      const cmRef = from && isMap(from.configMapKeyRef) ? from.configMapKeyRef : undefined;
      if (secretRef && secretRef.optional !== true) requirements.push({ kind: 'Secret', name: String(secretRef.name), key: String(secretRef.key) });
      if (cmRef && cmRef.optional !== true) requirements.push({ kind: 'ConfigMap', name: String(cmRef.name), key: String(cmRef.key) });
    }
    for (const envFrom of asArray(c.envFrom)) {
      const s = isMap(envFrom.secretRef) ? envFrom.secretRef : undefined;
      const m = isMap(envFrom.configMapRef) ? envFrom.configMapRef : undefined;
      if (s && s.optional !== true) requirements.push({ kind: 'Secret', name: String(s.name) });
      if (m && m.optional !== true) requirements.push({ kind: 'ConfigMap', name: String(m.name) });
    }
    return {
      name: String(c.name ?? 'main'),
      image: String(c.image ?? ''),
      cpuMillis: parseCpuMillis(requests.cpu ?? limits.cpu),
      memoryBytes: parseBytes(requests.memory ?? limits.memory),
      memoryLimit: limits.memory === undefined ? undefined : parseBytes(limits.memory),
      ports: asArray(c.ports).map((p) => ({ name: p.name === undefined ? undefined : String(p.name), containerPort: Number(p.containerPort) })),
    };
  });
  for (const volume of asArray(spec.volumes)) {
    const secret = isMap(volume.secret) ? volume.secret : undefined;
    const cm = isMap(volume.configMap) ? volume.configMap : undefined;
    const pvc = isMap(volume.persistentVolumeClaim) ? volume.persistentVolumeClaim : undefined;
    if (secret && secret.optional !== true) requirements.push({ kind: 'Secret', name: String(secret.secretName), viaVolume: true });
    if (cm && cm.optional !== true) requirements.push({ kind: 'ConfigMap', name: String(cm.name), viaVolume: true });
    if (pvc) requirements.push({ kind: 'PersistentVolumeClaim', name: String(pvc.claimName), viaVolume: true });
  }
  const labels = isMap(meta.labels) ? (meta.labels as Record<string, string>) : {};
  return { labels, containers, requirements };
}

/** The volumeClaimTemplates of a StatefulSet, as PVC names for pod `ordinal`. */
export function claimTemplateNames(object: KubeObject, ordinal: number): string[] {
  const spec = isMap(object.spec) ? object.spec : {};
  return asArray(spec.volumeClaimTemplates).map((t) => `${String((t.metadata as Record<string, unknown> | undefined)?.name ?? 'data')}-${object.metadata.name}-${ordinal}`);
}
