/**
 * The shape of the simulated cluster's state (state.json) and its initial value.
 *
 * Deals with: what is stored. Does not deal with: derived things (pods, events, statuses), which are
 * computed from timestamps on every read by cluster/view.ts.
 */
import type { ReleaseRecord } from '../helm/release-types.ts';
import type { BoundFault } from '../faults/types.ts';

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The metadata fields the simulator reads; others pass through untouched. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Where a workload waits for another object before it can become ready. */
export type DependencyRef =
  /** A Service (by name, or "host:port" as in chart values) whose backing workload must be ready. */
  | { service: string; namespace: string }
  /** A Job that must have completed. */
  | { job: string; namespace: string };

/** The simulator's bookkeeping for one object; never shown to clients. */
export interface ObjectSim {
  /** Real epoch ms when the object was created. */
  createdMs: number;
  /** Real epoch ms of the last change. */
  updatedMs: number;
  /** Real epoch ms when the current pod template started rolling out (workloads). */
  rolloutMs: number;
  /** Bumped when a pod of the workload is deleted, so its replacement gets a new name. */
  podEpoch: number;
  /** Virtual ms a pod needs from start to ready (or a Job to complete). `undefined`: the kind's default. */
  readyAfterMs?: number;
  /** Objects this workload waits for before its pods can start. */
  dependsOn?: DependencyRef[];
  /** Memory limit (bytes) below which the container is OOM-killed while starting. */
  minMemoryLimit?: number;
  /** Real epoch ms before which reads do not see the object (fault "appear-delay"). */
  visibleFromMs?: number;
  /** Namespaces being deleted: real epoch ms of the delete call. */
  deletedMs?: number;
  /** Namespaces being deleted: virtual ms the termination takes. */
  terminationMs?: number;
  /** A fault bound to this object when it was created. */
  fault?: BoundFault;
  /** The helm release that manages the object. */
  release?: string;
  /** True for helm hook objects (not part of the release manifest). */
  hook?: boolean;
}

/** One stored object. */
export interface StoredObject {
  /** The object as the API server stores it, without status (status is computed on read). */
  object: KubeObject;
  sim: ObjectSim;
}

/** A helm repository added with `helm repo add`. */
export interface RepoEntry {
  name: string;
  url: string;
  /** Real epoch ms of the last index download. */
  updatedMs: number;
}

/** The single node of the cluster. */
export interface NodeSpec {
  name: string;
  /** Allocatable CPU, as a quantity ("8"). */
  cpu: string;
  /** Allocatable memory, as a quantity ("16Gi"). */
  memory: string;
}

/** Everything state.json holds. */
export interface SimState {
  version: 1;
  /** kube contexts, all pointing at this one cluster. */
  contexts: string[];
  currentContext: string;
  node: NodeSpec;
  /** Last resourceVersion handed out. */
  resourceVersion: number;
  /** Services created so far (for ClusterIP allocation). */
  serviceCount: number;
  /** Objects by key, see objectKey(). */
  objects: Record<string, StoredObject>;
  /** Every revision of every helm release. */
  releases: ReleaseRecord[];
  /** Client-side helm repositories (repositories.yaml). */
  repos: RepoEntry[];
}

/** Options for a new cluster. */
export interface InitialStateOptions {
  contexts?: string[];
  node?: Partial<Pick<NodeSpec, 'cpu' | 'memory'>>;
}

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** A fresh cluster: the system namespaces, one node, no repos, no releases. */
export function initialState(options: InitialStateOptions = {}, now = Date.now()): SimState {
  const contexts = options.contexts && options.contexts.length > 0 ? [...options.contexts] : ['minikube'];
  const state: SimState = {
    version: 1,
    contexts,
    currentContext: contexts[0]!,
    node: { name: 'minikube', cpu: String(options.node?.cpu ?? '8'), memory: String(options.node?.memory ?? '16Gi') },
    resourceVersion: 100,
    serviceCount: 0,
    objects: {},
    releases: [],
    repos: [],
  };
  for (const name of SYSTEM_NAMESPACES) {
    const created = now - 86_400_000;
    state.resourceVersion += 1;
    state.objects[objectKey('Namespace', '', name)] = {
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          uid: `00000000-0000-4000-8000-${String(SYSTEM_NAMESPACES.indexOf(name)).padStart(12, '0')}`,
          resourceVersion: String(state.resourceVersion),
          creationTimestamp: new Date(Math.floor(created / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
          labels: { 'kubernetes.io/metadata.name': name },
        },
        spec: { finalizers: ['kubernetes'] },
      },
      sim: { createdMs: created, updatedMs: created, rolloutMs: created, podEpoch: 0 },
    };
  }
  return state;
}

/** The key of an object in SimState.objects; cluster-scoped objects use an empty namespace. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
