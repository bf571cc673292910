/**
 * `helm list`: the latest revision of each release, filtered by status the way helm does (deployed and
 * failed by default; pending ones only with --pending or --all).
 */
import { out } from '../core/exit.ts';
import { loadState } from '../core/store.ts';
import { goTimeString } from '../core/timefmt.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { helmJson, helmTable, helmYaml } from './printers.ts';
import type { ReleaseRecord, ReleaseStatus } from './release-types.ts';
import { compareBytes } from '../core/order.ts';

const FILTERS: Record<string, ReleaseStatus[]> = {
  deployed: ['deployed'], failed: ['failed'], pending: ['pending-install', 'pending-upgrade', 'pending-rollback'],
  superseded: ['superseded'], uninstalled: ['uninstalled'], uninstalling: ['uninstalling'],
};

/** Runs `helm list`. */
export async function runList(ctx: HelmContext): Promise<number> {
  const { args, inv } = ctx;
  const format = helmFormat(args);
  const state = await loadState(inv.env.dir);
  const now = inv.clock.now();
  const allNamespaces = args.bool('all-namespaces');
  let allowed: ReleaseStatus[] | undefined;
  if (!args.bool('all')) {
    const chosen = Object.keys(FILTERS).filter((f) => args.bool(f));
    allowed = chosen.length > 0 ? chosen.flatMap((f) => FILTERS[f]!) : ['deployed', 'failed'];
  }
  const latest = new Map<string, ReleaseRecord>();
  for (const r of state.releases) {
    if (!allNamespaces && r.namespace !== ctx.namespace) continue;
    if (!namespaceInfo(state, r.namespace, now, inv.env.timeScale)) continue;
    const key = `${r.namespace}/${r.name}`;
    if ((latest.get(key)?.version ?? 0) < r.version) latest.set(key, r);
  }
  const filter = args.get('filter');
  let releases = [...latest.values()]
    .filter((r) => !allowed || allowed.includes(r.info.status))
    .filter((r) => !filter || new RegExp(filter).test(r.name))
    .sort((a, b) => (args.bool('date') ? compareBytes(a.info.last_deployed, b.info.last_deployed) : compareBytes(a.name, b.name)));
  if (args.bool('reverse')) releases = releases.reverse();
  const max = Number(args.get('max') ?? 256);
  if (max > 0) releases = releases.slice(0, max);
  const rows = releases.map((r) => ({
    name: r.name, namespace: r.namespace, revision: String(r.version), updated: goTimeString(r.info.last_deployed),
    status: r.info.status, chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`, app_version: r.chart.metadata.appVersion ?? '',
  }));
  if (args.bool('short')) out(rows.map((r) => `${r.name}\n`).join(''));
  else if (format === 'json') out(helmJson(rows));
  else if (format === 'yaml') out(helmYaml(rows));
  else {
    const table = rows.map((r) => [r.name, r.namespace, r.revision, r.updated, r.status, r.chart, r.app_version]);
    if (!args.bool('no-headers')) table.unshift(['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
    out(helmTable(table));
  }
  return 0;
}
