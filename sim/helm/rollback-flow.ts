/**
 * Rolling a release back to an earlier revision: a new revision with that revision's chart and values,
 * its objects re-applied, described "Rollback to N". Used by `helm rollback` and by --atomic upgrades.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { updateState, loadState } from '../core/store.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import { pollView } from '../cluster/read.ts';
import { knownRepoCharts } from '../catalog/repos.ts';
import { readLocalChart, type ResolvedChart } from './chart-source.ts';
import { localChartDefinition } from '../catalog/index.ts';
import type { HelmContext } from './main.ts';
import { releaseReady } from './ready.ts';
import { findRecord, helmNow, history, supersedeOthers } from './releases.ts';
import type { ReleaseRecord } from './release-types.ts';
import { renderRelease, writeReleaseObjects } from './render.ts';

/** Options of a rollback. */
export interface RollbackOptions {
  wait: boolean;
  waitForJobs?: boolean;
  /** Virtual ms for --wait. */
  timeoutMs: number;
}

/** The chart a revision was installed from, found again without going through the repo config. */
function chartOf(record: ReleaseRecord): ResolvedChart {
  const ref = record.sim.chartRef;
  if (isAbsolute(ref) && existsSync(ref)) {
    const local = readLocalChart(ref);
    return { ref, metadata: record.chart.metadata, defaults: local.defaults, dependencies: local.dependencies, dir: ref, definition: localChartDefinition(record.chart.metadata.name) };
  }
  const definition = knownRepoCharts().find((c) => c.name === record.chart.metadata.name)?.definition;
  return { ref, metadata: record.chart.metadata, defaults: record.chart.values, dependencies: [], definition };
}

/** Rolls back to `target`; returns the new revision, or helm's error text. */
export async function rollbackTo(ctx: HelmContext, release: string, target: number, options: RollbackOptions): Promise<{ record?: ReleaseRecord; error?: string }> {
  const { inv } = ctx;
  const namespace = ctx.namespace;
  const created = await updateState(inv.env.dir, async (state) => {
    const now = inv.clock.now();
    if (!namespaceInfo(state, namespace, now, inv.env.timeScale)) return { error: 'release: not found' };
    const revisions = history(state, release, namespace);
    const current = revisions[revisions.length - 1];
    if (!current) return { error: 'release: not found' };
    const wanted = target === 0 ? current.version - 1 : target;
    const source = revisions.find((r) => r.version === wanted);
    if (!source) return { error: wanted <= 0 ? 'release: not found' : `release has no ${wanted} version` };
    const version = current.version + 1;
    const rendered = renderRelease(chartOf(source), release, namespace, version, source.config ?? {});
    const keys = await writeReleaseObjects(inv, state, rendered.render.objects, release, current.sim.objectKeys, now);
    const record: ReleaseRecord = {
      ...structuredClone(source),
      version,
      info: { ...source.info, first_deployed: revisions[0]!.info.first_deployed, last_deployed: helmNow(now), deleted: '', description: `Rollback to ${wanted}`, status: 'pending-rollback' },
      sim: { objectKeys: keys, chartRef: source.sim.chartRef },
    };
    current.info.status = 'superseded';
    state.releases.push(record);
    return { record };
  });
  if (!created.record) return created;
  const record = created.record;
  if (options.wait) {
    const keys = findRecord(await loadState(inv.env.dir), release, namespace, record.version)?.sim.objectKeys ?? [];
    const outcome = await pollView(inv, inv.clock.now() + inv.clock.real(options.timeoutMs), (view) => (releaseReady(view, keys, options.waitForJobs ?? false) ? true : undefined));
    if (!outcome.done) {
      await updateState(inv.env.dir, (state) => {
        const r = findRecord(state, release, namespace, record.version);
        if (r) {
          r.info.status = 'failed';
          r.info.description = `Rollback "${release}" failed: context deadline exceeded`;
        }
      });
      return { error: 'context deadline exceeded' };
    }
  }
  const done = await updateState(inv.env.dir, (state) => {
    const r = findRecord(state, release, namespace, record.version);
    if (!r) return undefined;
    r.info.status = 'deployed';
    supersedeOthers(state, r);
    return r;
  });
  return done ? { record: done } : { error: 'release: not found' };
}
