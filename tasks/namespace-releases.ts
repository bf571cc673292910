/**
 * One `helm list -n <namespace> -a` per namespace for every release check there: the state and the chart
 * (`NAME-VERSION`) of each release's latest revision, whatever its status. DataHub's two releases share
 * one call; `helm status -o json` has no chart at all (helm drops it before printing).
 */
import type { NodeContext } from '../engine/index.ts';
import type { Helm, HelmListEntry } from '../kube/helm.ts';
import type { SharedRead, SharedReads } from '../kube/read-cache.ts';

/** Releases by namespace, listed once per namespace until something changes. */
export interface NamespaceReleases {
  /** The latest revision of every release in `namespace`, by release name. */
  get(namespace: string, ctx: Pick<NodeContext, 'signal' | 'log'>): Promise<ReadonlyMap<string, HelmListEntry>>;
}

export function namespaceReleases(helm: Helm, reads: SharedReads): NamespaceReleases {
  const shared = new Map<string, SharedRead<ReadonlyMap<string, HelmListEntry>>>();
  return {
    get(namespace, ctx) {
      let one = shared.get(namespace);
      if (!one) {
        one = reads.of(async (c) => new Map((await helm.list(namespace, c)).map((r) => [r.name, r])));
        shared.set(namespace, one);
      }
      return one.get(ctx);
    },
  };
}
