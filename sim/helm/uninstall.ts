/**
 * `helm uninstall RELEASE... [--keep-history] [--wait]`: the release goes "uninstalling", its manifest
 * objects are deleted (hook Jobs and StatefulSet PVCs stay, as with helm), then its records are removed
 * (or kept as "uninstalled").
 */
import { CommandError, out } from '../core/exit.ts';
import { updateState } from '../core/store.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import type { HelmContext } from './main.ts';
import { history, latest } from './releases.ts';
import { deleteReleaseObjects } from './render.ts';

/** Runs `helm uninstall`. */
export async function runUninstall(ctx: HelmContext): Promise<number> {
  const { inv } = ctx;
  if (ctx.params.length === 0) throw new CommandError('Error: "helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]\n');
  for (const name of ctx.params) {
    const found = await updateState(inv.env.dir, (state) => {
      if (!namespaceInfo(state, ctx.namespace, inv.clock.now(), inv.env.timeScale)) return false;
      const record = latest(state, name, ctx.namespace);
      if (!record || record.info.status === 'uninstalled') return false;
      record.info.status = 'uninstalling';
      record.info.description = 'Deletion in progress (or silently failed)';
      return true;
    });
    if (!found) {
      if (ctx.args.bool('ignore-not-found')) continue;
      throw new CommandError(`Error: uninstall: Release not loaded: ${name}: release: not found\n`);
    }
    if (ctx.fault?.kind === 'killed') await inv.killSelf();
    // Deleting the objects (and, with --wait, seeing them gone) takes a few API round trips.
    await inv.clock.sleepVirtual(ctx.args.bool('wait') ? 5_000 : 1_000, inv.interrupted);
    await updateState(inv.env.dir, (state) => {
      const revisions = history(state, name, ctx.namespace);
      const last = revisions[revisions.length - 1];
      if (!last) return;
      deleteReleaseObjects(state, last.sim.objectKeys, name);
      if (ctx.args.bool('keep-history')) {
        last.info.status = 'uninstalled';
        last.info.description = 'Uninstallation complete';
        last.info.deleted = new Date(inv.clock.now()).toISOString();
        for (const r of revisions) if (r !== last && r.info.status === 'deployed') r.info.status = 'superseded';
      } else {
        state.releases = state.releases.filter((r) => !(r.name === name && r.namespace === ctx.namespace));
      }
    });
    out(`release "${name}" uninstalled\n`);
  }
  return 0;
}
