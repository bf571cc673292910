/**
 * `helm status RELEASE [-o json|yaml] [--revision N] [--show-desc]`.
 */
import { CommandError, out } from '../core/exit.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import { loadState } from '../core/store.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { printRelease } from './printers.ts';
import { history } from './releases.ts';

/** Runs `helm status`. */
export async function runStatus(ctx: HelmContext): Promise<number> {
  const [name] = ctx.params;
  if (!name) throw new CommandError('Error: "helm status" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n');
  const format = helmFormat(ctx.args);
  const state = await loadState(ctx.inv.env.dir);
  const visible = namespaceInfo(state, ctx.namespace, ctx.inv.clock.now(), ctx.inv.env.timeScale) !== undefined;
  const revisions = visible ? history(state, name, ctx.namespace) : [];
  const wanted = ctx.args.get('revision');
  const record = wanted ? revisions.find((r) => r.version === Number(wanted)) : revisions[revisions.length - 1];
  if (!record) throw new CommandError('Error: release: not found\n');
  out(printRelease(record, format, ctx.args.bool('show-desc')));
  return 0;
}
