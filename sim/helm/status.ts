/**
 * `helm status RELEASE [-o json|yaml] [--revision N] [--show-desc]`.
 */
import { CommandError, out } from '../core/exit.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { printRelease } from './printers.ts';
import { chosenRevision } from './lookup.ts';

/** Runs `helm status`. */
export async function runStatus(ctx: HelmContext): Promise<number> {
  const [name] = ctx.params;
  if (!name) throw new CommandError('Error: "helm status" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n');
  const format = helmFormat(ctx.args);
  const record = await chosenRevision(ctx, name);
  out(printRelease(record, format, ctx.args.bool('show-desc')));
  return 0;
}
