/**
 * `helm history RELEASE [-o json|yaml] [--max N]`.
 */
import { CommandError, out } from '../core/exit.ts';
import { ansic } from '../core/timefmt.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { helmJson, helmTable, helmYaml } from './printers.ts';
import { visibleRevisions } from './lookup.ts';

/** Runs `helm history`. */
export async function runHistory(ctx: HelmContext): Promise<number> {
  const [name] = ctx.params;
  if (!name) throw new CommandError('Error: "helm history" requires 1 argument\n\nUsage:  helm history RELEASE_NAME [flags]\n');
  const format = helmFormat(ctx.args);
  const revisions = await visibleRevisions(ctx, name);
  if (revisions.length === 0) throw new CommandError('Error: release: not found\n');
  const max = Number(ctx.args.get('max') ?? 256);
  const rows = revisions.slice(-max).map((r) => ({
    revision: r.version, updated: r.info.last_deployed, status: r.info.status,
    chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`, app_version: r.chart.metadata.appVersion ?? '', description: r.info.description,
  }));
  if (format === 'json') out(helmJson(rows));
  else if (format === 'yaml') out(helmYaml(rows));
  else {
    out(helmTable([
      ['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION'],
      ...rows.map((r) => [String(r.revision), ansic(r.updated), r.status, r.chart, r.app_version, r.description]),
    ]));
  }
  return 0;
}
