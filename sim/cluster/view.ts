/**
 * The cluster as a read sees it at one instant: visible objects with computed statuses, derived pods,
 * events and synthetic objects. Every read command (and every wait loop) builds one of these.
 */
import { parseBytes, parseCpuMillis } from '../core/quantity.ts';
import { k8sTime } from '../core/timefmt.ts';
import { objectKey, type KubeObject, type SimState, type StoredObject } from '../core/state.ts';
import type { FaultsFile } from '../faults/types.ts';
import { withDefaults, type ViewOptions } from './defaults.ts';
import { deriveEvents } from './events.ts';
import { kindInfo } from './kinds.ts';
import { namespaceInfo, purgeTime, type NamespaceInfo } from './namespaces.ts';
import { renderPod } from './pods.ts';
import { deploymentStatus, jobStatus, statefulSetStatus } from './status.ts';
import { nodeObject, releaseSecret, rootCaConfigMap } from './synthetic.ts';
import { computeTimelines, type WorkloadTimeline } from './timeline.ts';
import { compareBytes } from '../core/order.ts';

/** What a view is built from. */
export interface ViewInput {
  state: SimState;
  faults: FaultsFile;
  now: number;
  scale: number;
  options: ViewOptions;
}

/** A consistent read of the cluster at `now`. */
export interface ClusterView {
  readonly now: number;
  readonly state: SimState;
  /** The namespace's phase; `undefined` when it does not exist. */
  namespace(name: string): NamespaceInfo | undefined;
  /** Stored objects that reads can see, by key. */
  readonly visible: ReadonlyMap<string, StoredObject>;
  /** Timelines of visible workloads, by key. */
  readonly timelines: ReadonlyMap<string, WorkloadTimeline>;
  /** One object as `kubectl get` returns it; `undefined` when not found. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** Objects of a kind in a namespace (every namespace when `namespace` is undefined), sorted by name. */
  list(kind: string, namespace?: string): KubeObject[];
  /** The earliest real ms after `now` at which something in the view changes; Infinity when nothing will. */
  nextChangeMs(): number;
}

/** What the view's reads are computed from. */
interface ViewParts {
  input: ViewInput;
  namespace(name: string): NamespaceInfo | undefined;
  visible: ReadonlyMap<string, StoredObject>;
  timelines: ReadonlyMap<string, WorkloadTimeline>;
  /** The resourceVersion every derived object carries. */
  rv: string;
}

/** Builds the view. */
export function buildView(input: ViewInput): ClusterView {
  const { state, faults, now, scale } = input;
  const namespace = namespaceLookup(state, now, scale);
  const visible = visibleObjects(state, now, namespace);
  const timelines = computeTimelines({
    now, scale, visible, faults,
    node: { cpuMillis: parseCpuMillis(state.node.cpu), memoryBytes: parseBytes(state.node.memory) },
  });
  const parts: ViewParts = { input, namespace, visible, timelines, rv: String(state.resourceVersion) };
  const get = (kind: string, ns: string, name: string): KubeObject | undefined => getObject(parts, kind, ns, name);
  const list = (kind: string, ns?: string): KubeObject[] => listObjects(parts, kind, ns);
  const nextChangeMs = (): number => nextChange(parts);
  return { now, state, namespace, visible, timelines, get, list, nextChangeMs };
}

/** The namespace's phase at `now`, computed once per name. */
function namespaceLookup(state: SimState, now: number, scale: number): (name: string) => NamespaceInfo | undefined {
  const nsCache = new Map<string, NamespaceInfo | undefined>();
  return (name: string): NamespaceInfo | undefined => {
    if (!nsCache.has(name)) nsCache.set(name, namespaceInfo(state, name, now, scale));
    return nsCache.get(name);
  };
}

/** The stored objects a read sees: in an existing namespace, and past any "appear-delay". */
function visibleObjects(state: SimState, now: number, namespace: (name: string) => NamespaceInfo | undefined): Map<string, StoredObject> {
  const visible = new Map<string, StoredObject>();
  for (const [key, stored] of Object.entries(state.objects)) {
    const obj = stored.object;
    if (obj.kind === 'Namespace' ? !namespace(obj.metadata.name) : obj.metadata.namespace !== undefined && !namespace(obj.metadata.namespace)) continue;
    if (stored.sim.visibleFromMs !== undefined && stored.sim.visibleFromMs > now) continue;
    visible.set(key, stored);
  }
  return visible;
}

/** A stored object as a read returns it: defaults filled in, its namespace's deletion, its workload status. */
function render(parts: ViewParts, stored: StoredObject): KubeObject {
  const { state, now, scale, options } = parts.input;
  const obj = withDefaults(stored, options);
  const ns = obj.metadata.namespace;
  if (ns && parts.namespace(ns)?.phase === 'Terminating') {
    obj.metadata.deletionTimestamp = k8sTime(state.objects[objectKey('Namespace', '', ns)]!.sim.deletedMs!);
  }
  const key = objectKey(obj.kind, ns ?? '', obj.metadata.name);
  const t = parts.timelines.get(key);
  if (t) {
    if (t.kind === 'Deployment') obj.status = deploymentStatus(t, now, scale);
    if (t.kind === 'StatefulSet') obj.status = statefulSetStatus(t, now);
    if (t.kind === 'Job') obj.status = jobStatus(t, now);
  }
  return obj;
}

const inNamespace = (ns: string | undefined, objNs: string | undefined): boolean => ns === undefined || ns === objNs;

/** Objects of a kind in a namespace (every namespace when `ns` is undefined): derived pods, events and node, or stored ones. */
function listObjects(parts: ViewParts, kind: string, ns?: string): KubeObject[] {
  const { state, now, scale } = parts.input;
  if (kind === 'Pod') return sortByName(listPods(parts, ns), ns === undefined);
  if (kind === 'Event') {
    return deriveEvents([...parts.timelines.values()].filter((t) => inNamespace(ns, t.namespace)), now, scale, parts.rv);
  }
  if (kind === 'Node') return [nodeObject(state.node, now - 86_400_000, parts.rv)];
  return sortByName(listStored(parts, kind, ns), ns === undefined);
}

/** The pods of every workload's timeline that exist at `now`. */
function listPods(parts: ViewParts, ns: string | undefined): KubeObject[] {
  const { now, scale } = parts.input;
  const out: KubeObject[] = [];
  for (const t of parts.timelines.values()) {
    if (!inNamespace(ns, t.namespace)) continue;
    for (const pod of t.pods) if (pod.createdMs <= now) out.push(renderPod(t, pod, now, scale, parts.rv));
  }
  return out;
}

/** Stored objects of a kind, with the synthetic ones: each namespace's root CA ConfigMap, each release's Secret. */
function listStored(parts: ViewParts, kind: string, ns: string | undefined): KubeObject[] {
  const info = kindInfo(kind);
  const out: KubeObject[] = [];
  for (const stored of parts.visible.values()) {
    if (stored.object.kind !== kind) continue;
    if (info.namespaced && !inNamespace(ns, stored.object.metadata.namespace)) continue;
    out.push(render(parts, stored));
  }
  if (kind === 'ConfigMap') {
    for (const stored of parts.visible.values()) {
      if (stored.object.kind !== 'Namespace' || !inNamespace(ns, stored.object.metadata.name)) continue;
      out.push(rootCaConfigMap(stored.object.metadata.name, stored.sim.createdMs, parts.rv));
    }
  }
  if (kind === 'Secret') {
    for (const record of parts.input.state.releases) {
      if (inNamespace(ns, record.namespace) && parts.namespace(record.namespace)) out.push(releaseSecret(record, parts.rv));
    }
  }
  return out;
}

/** One object as `kubectl get` returns it: derived and synthetic ones from their listing. */
function getObject(parts: ViewParts, kind: string, ns: string, name: string): KubeObject | undefined {
  const info = kindInfo(kind);
  if (['Pod', 'Event', 'Node'].includes(kind) || (kind === 'ConfigMap' && name === 'kube-root-ca.crt') || (kind === 'Secret' && name.startsWith('sh.helm.release.v1.'))) {
    return listObjects(parts, kind, info.namespaced ? ns : undefined).find((o) => o.metadata.name === name);
  }
  const stored = parts.visible.get(objectKey(kind, info.namespaced ? ns : '', name));
  return stored ? render(parts, stored) : undefined;
}

/** The earliest real ms after `now` at which a timeline, an appear-delay or a namespace purge changes something. */
function nextChange(parts: ViewParts): number {
  const { state, now, scale } = parts.input;
  let next = Infinity;
  const consider = (t: number): void => {
    if (t > now && t < next) next = t;
  };
  for (const t of parts.timelines.values()) {
    consider(t.readyMs);
    consider(t.failedMs);
    for (const p of t.pods) [p.createdMs, p.scheduledMs, p.startMs, p.readyMs, p.endMs].forEach(consider);
  }
  for (const stored of Object.values(state.objects)) {
    if (stored.sim.visibleFromMs !== undefined) consider(stored.sim.visibleFromMs);
    if (stored.object.kind === 'Namespace') consider(purgeTime(stored, scale));
  }
  return next;
}

function sortByName(objects: KubeObject[], byNamespace: boolean): KubeObject[] {
  return objects.sort((a, b) => {
    if (byNamespace) {
      const c = compareBytes(a.metadata.namespace ?? '', b.metadata.namespace ?? '');
      if (c !== 0) return c;
    }
    return compareBytes(a.metadata.name, b.metadata.name);
  });
}
