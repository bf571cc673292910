/**
 * Finding a release's revisions as helm sees them, shared by `status`, `history` and `get values`: none when
 * its namespace is gone (helm keeps releases in that namespace), and the one `--revision` names.
 */
import { CommandError } from '../core/exit.ts';
import { loadState } from '../core/store.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import type { ReleaseRecord } from './release-types.ts';
import type { HelmContext } from './main.ts';
import { history } from './releases.ts';

/** Every revision of `name` in the context's namespace, oldest first. */
export async function visibleRevisions(ctx: HelmContext, name: string): Promise<ReleaseRecord[]> {
  const state = await loadState(ctx.inv.env.dir);
  const visible = namespaceInfo(state, ctx.namespace, ctx.inv.clock.now(), ctx.inv.env.timeScale) !== undefined;
  return visible ? history(state, name, ctx.namespace) : [];
}

/** The revision `--revision` names, else the latest; helm's "not found" when there is none. */
export async function chosenRevision(ctx: HelmContext, name: string): Promise<ReleaseRecord> {
  const revisions = await visibleRevisions(ctx, name);
  const wanted = ctx.args.get('revision');
  const record = wanted ? revisions.find((r) => r.version === Number(wanted)) : revisions[revisions.length - 1];
  if (!record) throw new CommandError('Error: release: not found\n');
  return record;
}
