/**
 * Helm repositories and the umbrella chart's dependencies. Everything here writes helm's repository
 * files or cache, so it all shares one lock.
 */
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fingerprintOf, type TaskNode } from '../engine/index.ts';
import { PREFLIGHT_ID } from './preflight.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';

/** The lock every helm repository writer holds. */
export const HELM_REPO_LOCK = 'helm-repositories';

/** The repositories of UPSTREAM.md. */
export const HELM_REPOSITORIES = {
  datahub: 'https://helm.datahubproject.io/',
  bitnami: 'https://charts.bitnami.com/bitnami',
  qdrant: 'https://qdrant.github.io/qdrant-helm',
  temporal: 'https://go.temporal.io/helm-charts',
} as const;

export type RepoName = keyof typeof HELM_REPOSITORIES;

export function repoNodeId(name: RepoName): string {
  return `helm-repo:${name}`;
}

export const CHART_DEPS_ID = 'chart-deps:dataspoke';

const REPO_GROUPS: Record<RepoName, string[]> = {
  datahub: ['datahub'],
  bitnami: ['dataspoke-infra'],
  qdrant: ['dataspoke-infra'],
  temporal: ['dataspoke-infra'],
};

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** One node per repository. */
export function helmRepoNodes(env: TaskEnv): TaskNode[] {
  // The four checks share one `helm repo list`; adding a repository invalidates it.
  const listed = env.reads.of((ctx) => env.helm.repoList(ctx));
  return (Object.keys(HELM_REPOSITORIES) as RepoName[]).map((name) => {
    const url = HELM_REPOSITORIES[name];
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
        await env.helm.repoAdd(name, url, ctx);
      },
    };
  });
}

interface ChartLock {
  dependencies?: { name: string; version: string; repository: string }[];
}

/** `helm dependency build` of the umbrella chart: the packaged dependencies match Chart.lock. */
export function chartDepsNode(env: TaskEnv): TaskNode {
  const chartDir = join(env.paths.charts, 'dataspoke');
  const lockFile = join(chartDir, 'Chart.lock');
  const expected = async () => {
    const lock = parse(await readFile(lockFile, 'utf8')) as ChartLock;
    return (lock.dependencies ?? []).map((d) => join(chartDir, 'charts', `${d.name}-${d.version}.tgz`));
  };
  return {
    id: CHART_DEPS_ID,
    title: 'Umbrella chart dependencies (helm dependency build)',
    deps: [repoNodeId('bitnami'), repoNodeId('qdrant'), repoNodeId('temporal')],
    groups: ['dataspoke-infra'],
    locks: [HELM_REPO_LOCK],
    inputs: async () => ({
      lock: fingerprintOf(await readFile(lockFile, 'utf8')),
      chart: fingerprintOf(await readFile(join(chartDir, 'Chart.yaml'), 'utf8')),
    }),
    retry: KUBE_RETRY,
    timeoutMs: 5 * 60_000,
    async check() {
      const files = await expected();
      const missing = (await Promise.all(files.map((f) => access(f).then(() => false, () => true)))).filter(Boolean).length;
      return { done: missing === 0, ...(missing ? { detail: `${missing} of ${files.length} packages missing` } : {}) };
    },
    async run(ctx) {
      await env.helm.dependencyBuild(chartDir, ctx);
    },
  };
}
