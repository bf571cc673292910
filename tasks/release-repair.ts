/**
 * Repairing a release a killed earlier run left behind, so `helm upgrade --install` can proceed:
 * pending-install → uninstall; pending-upgrade/pending-rollback → roll back to the last deployed revision;
 * failed first install → install again (upgrade --install does that). Each finding is said out loud.
 */
import type { NodeContext } from '../engine/index.ts';
import type { Helm } from '../kube/helm.ts';

/** Looks at the release and repairs it when stuck; does nothing for a healthy or absent release. */
export async function repairRelease(helm: Helm, release: string, namespace: string, timeout: string, ctx: NodeContext): Promise<void> {
  const status = await helm.status(release, namespace, ctx);
  const state = status?.info.status;
  if (!state || state === 'deployed' || state === 'superseded') return;
  if (state === 'pending-install') {
    ctx.warn(`release ${release} was left pending-install by an interrupted run; uninstalling it, then installing again`);
    await helm.uninstall(release, namespace, timeout, ctx);
    return;
  }
  if (state === 'pending-upgrade' || state === 'pending-rollback') {
    const history = await helm.history(release, namespace, ctx);
    const lastDeployed = [...history].reverse().find((r) => r.status === 'deployed' || r.status === 'superseded');
    if (lastDeployed) {
      ctx.warn(`release ${release} was left ${state} by an interrupted run; rolling back to revision ${lastDeployed.revision}, then upgrading`);
      await helm.rollback(release, lastDeployed.revision, namespace, timeout, ctx);
    } else {
      ctx.warn(`release ${release} was left ${state} with no deployed revision; uninstalling it, then installing again`);
      await helm.uninstall(release, namespace, timeout, ctx);
    }
    return;
  }
  if (state === 'failed') {
    const history = await helm.history(release, namespace, ctx);
    const everDeployed = history.some((r) => r.status === 'deployed' || r.status === 'superseded');
    ctx.warn(
      everDeployed
        ? `release ${release} is failed (its last upgrade did not finish); upgrading it again`
        : `release ${release} failed its first install; installing it again`,
    );
  }
}
