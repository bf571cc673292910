/**
 * One `kubectl get <kinds> -n <namespace>` per namespace for every check that reads objects there: the
 * waits (a Deployment, a Job) and the example manifests' check share it, so a no-op re-run reads each
 * namespace once instead of once per object.
 *
 * Nodes declare what they read while the graph is built; each read fetches every kind declared for its
 * namespace.
 */
import type { NodeContext } from '../engine/index.ts';
import type { KubeObject, Kubectl } from '../kube/kubectl.ts';
import type { SharedRead, SharedReads } from '../kube/read-cache.ts';

type Kinds = () => readonly string[] | Promise<readonly string[]>;

/** Objects by namespace, read once per namespace until something changes. */
export interface NamespaceObjects {
  /** Adds kinds (lower-case singular, as `deployment`) to what every read of `namespace` fetches. */
  declare(namespace: string, kinds: Kinds): void;
  /** The declared kinds' objects in `namespace`, by {@link objectKey}. */
  get(namespace: string, ctx: Pick<NodeContext, 'signal' | 'log'>): Promise<ReadonlyMap<string, KubeObject>>;
}

/** `kind/name` with the kind in lower case: `deployment/example-kafka`. */
export function objectKey(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

export function namespaceObjects(kubectl: Kubectl, reads: SharedReads): NamespaceObjects {
  const declared = new Map<string, Kinds[]>();
  const shared = new Map<string, SharedRead<ReadonlyMap<string, KubeObject>>>();
  const read = (namespace: string) =>
    reads.of(async (ctx) => {
      const lists = await Promise.all((declared.get(namespace) ?? []).map((kinds) => kinds()));
      const kinds = [...new Set(lists.flat().map((k) => k.toLowerCase()))].sort();
      if (kinds.length === 0) return new Map();
      const found = await kubectl.list({ kinds: kinds.join(','), namespace }, ctx);
      return new Map(found.map((o) => [objectKey(o.kind ?? '', o.metadata.name), o]));
    });
  return {
    declare(namespace, kinds) {
      declared.set(namespace, [...(declared.get(namespace) ?? []), kinds]);
    },
    get(namespace, ctx) {
      let one = shared.get(namespace);
      if (!one) shared.set(namespace, (one = read(namespace)));
      return one.get(ctx);
    },
  };
}
