/**
 * Helm repositories: one `helm repo add` per `https://` or `http://` chart source (an `oci://` source needs
 * none). Everything that writes helm's repository files or cache shares one lock.
 */
import type { ChartSourceName } from '../config/config.ts';
import type { TaskNode } from '../engine/index.ts';
import { repoNodeId, repositorySources } from './chart-sources.ts';
import { PREFLIGHT_ID } from './preflight.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';

export { repoNodeId } from './chart-sources.ts';

/** The lock every helm repository writer holds. */
export const HELM_REPO_LOCK = 'helm-repositories';

const REPO_GROUPS: Record<ChartSourceName, string[]> = {
  datahub: ['datahub'],
  bitnami: ['dataspoke-infra'],
  qdrant: ['dataspoke-infra'],
  temporal: ['dataspoke-infra'],
};

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** One node per repository source, named after it; the URL comes from `.env`. */
export function helmRepoNodes(env: TaskEnv): TaskNode[] {
  // The checks share one `helm repo list`; adding a repository invalidates it.
  const listed = env.reads.of((ctx) => env.helm.repoList(ctx));
  return repositorySources(env.config).map((name) => {
    const url = env.config.chartSources.urls[name];
    return {
      id: repoNodeId(name),
      title: `Helm repository ${name}`,
      deps: [PREFLIGHT_ID],
      groups: REPO_GROUPS[name],
      locks: [HELM_REPO_LOCK],
      inputs: () => ({ name, url }),
      retry: KUBE_RETRY,
      timeoutMs: 3 * 60_000,
      async check(ctx) {
        const repo = (await listed.get(ctx)).find((r) => r.name === name);
        if (!repo) return { done: false, detail: 'not added' };
        return sameUrl(repo.url, url) ? { done: true } : { done: false, detail: `points at ${repo.url}` };
      },
      async run(ctx) {
        await env.helm.repoAdd({ name, url }, ctx);
      },
    };
  });
}
