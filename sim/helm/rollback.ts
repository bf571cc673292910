/**
 * `helm rollback RELEASE [REVISION] [--wait] [--timeout D]`: the repair for a stuck pending release.
 */
import { parseGoDuration } from '../core/clock.ts';
import { CommandError, out } from '../core/exit.ts';
import type { HelmContext } from './main.ts';
import { rollbackTo } from './rollback-flow.ts';

/** Runs `helm rollback`. */
export async function runRollback(ctx: HelmContext): Promise<number> {
  const [name, revision] = ctx.params;
  if (!name) throw new CommandError('Error: "helm rollback" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]\n');
  if (revision !== undefined && !/^\d+$/.test(revision)) throw new CommandError(`Error: invalid revision number: strconv.Atoi: parsing "${revision}": invalid syntax\n`);
  const timeoutMs = parseGoDuration(ctx.args.get('timeout') ?? '5m0s') ?? 300_000;
  if (ctx.fault?.kind === 'killed') await ctx.inv.killSelf();
  const result = await rollbackTo(ctx, name, Number(revision ?? 0), { wait: ctx.args.bool('wait'), waitForJobs: ctx.args.bool('wait-for-jobs'), timeoutMs });
  if (result.error) throw new CommandError(`Error: ${result.error}\n`);
  out('Rollback was a success! Happy Helming!\n');
  return 0;
}
