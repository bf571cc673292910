/**
 * `helm get values RELEASE [-o json|yaml] [--all] [--revision N]`: the user-supplied values (`null` when
 * none were given), or with --all the computed values.
 */
import { CommandError, out } from '../core/exit.ts';
import { coalesceValues } from '../core/values.ts';
import { toHelmYaml } from '../core/serialize.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { helmJson } from './printers.ts';
import { chosenRevision } from './lookup.ts';

/** Runs `helm get values` (the only `helm get` subcommand the simulator serves). */
export async function runGetValues(ctx: HelmContext): Promise<number> {
  const [sub, name] = ctx.params;
  if (sub !== 'values') throw new CommandError(`Error: unknown command "${sub ?? ''}" for "helm get"\n`);
  if (!name) throw new CommandError('Error: "helm get values" requires 1 argument\n\nUsage:  helm get values RELEASE_NAME [flags]\n');
  const format = helmFormat(ctx.args);
  const record = await chosenRevision(ctx, name);
  const all = ctx.args.bool('all');
  const values = all ? coalesceValues(record.chart.values, record.config ?? {}) : record.config ?? null;
  if (format === 'json') out(helmJson(values));
  else if (format === 'yaml') out(values === null ? 'null\n' : toHelmYaml(values));
  else out(`${all ? 'COMPUTED VALUES' : 'USER-SUPPLIED VALUES'}:\n${values === null ? 'null\n' : toHelmYaml(values)}`);
  return 0;
}
