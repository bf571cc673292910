/**
 * `chart-deps:dataspoke`: the umbrella chart's working copy with its dependencies fetched from the configured
 * chart sources.
 *
 * charts/dataspoke/Chart.yaml names its community dependencies' repositories as placeholders (`@bitnami`, ...).
 * The copy (under the state folder) gets them replaced by the sources of `.env`, and `helm dependency update`
 * on the copy fetches the packages and writes a Chart.lock consistent with that Chart.yaml (helm's `build`
 * would refuse a lock whose digest was made for other repositories). The versions are exact, so every source
 * resolves the same packages.
 */
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf, type TaskNode } from '../engine/index.ts';
import { copyGaps, filesUnder, mirrorChartFiles, sourcesOfChart, workingChartYaml } from './chart-copy.ts';
import { needsPlainHttp, sourceDeps, sourceInputs, sourceLocation } from './chart-sources.ts';
import { HELM_REPO_LOCK } from './helm-repos.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';

export const CHART_DEPS_ID = 'chart-deps:dataspoke';

/** Where the umbrella chart lives in the tree, and its working copy under the state folder. */
export function umbrellaChartDirs(env: TaskEnv): { readonly tree: string; readonly copy: string } {
  return { tree: join(env.paths.charts, 'dataspoke'), copy: env.paths.state.chartCopy('dataspoke') };
}

/** The node. The sources the tree's Chart.yaml names decide what it waits for. */
export function chartDepsNode(env: TaskEnv): TaskNode {
  const dirs = umbrellaChartDirs(env);
  const sources = sourcesOfChart(readFileSync(join(dirs.tree, 'Chart.yaml'), 'utf8'));
  const plainHttp = needsPlainHttp(env.config, sources);
  // Read again at run time: the tree may change between graph building and the run (a long DataHub install).
  const wanted = async () => workingChartYaml(await readFile(join(dirs.tree, 'Chart.yaml'), 'utf8'), (s) => sourceLocation(env.config, s));
  return {
    id: CHART_DEPS_ID,
    title: 'Umbrella chart dependencies (helm dependency update on a working copy)',
    deps: sourceDeps(env.config, sources),
    groups: ['dataspoke-infra'],
    locks: [HELM_REPO_LOCK],
    inputs: async () => ({
      chart: fingerprintOf(await readFile(join(dirs.tree, 'Chart.yaml'), 'utf8')),
      // file:// subcharts are packaged into the copy's charts/ by dependency update: an edit needs a new package.
      subcharts: await filesUnder(join(dirs.tree, 'subcharts')),
      ...sourceInputs(env.config, sources),
    }),
    retry: KUBE_RETRY,
    timeoutMs: 5 * 60_000,
    async check() {
      const current = await readFile(join(dirs.copy, 'Chart.yaml'), 'utf8').catch(() => undefined);
      if (current === undefined) return { done: false, detail: 'no working copy yet' };
      if (current !== (await wanted())) return { done: false, detail: 'chart sources or Chart.yaml changed' };
      const gaps = await copyGaps(dirs.copy);
      return gaps.length === 0 ? { done: true } : { done: false, detail: gaps.join('; ') };
    },
    async run(ctx) {
      await mirrorChartFiles(dirs.tree, dirs.copy);
      // Without a lock the check says "not done" until helm has finished: it writes Chart.lock last.
      await rm(join(dirs.copy, 'Chart.lock'), { force: true });
      await writeFile(join(dirs.copy, 'Chart.yaml'), await wanted());
      await env.helm.dependencyUpdate({ chartDir: dirs.copy, plainHttp }, ctx);
    },
  };
}
