/**
 * Repairing a release a killed earlier run left behind, so `helm upgrade --install` can proceed:
 * pending-install → uninstall; pending-upgrade/pending-rollback → roll back to the last deployed revision;
 * failed first install → install again (upgrade --install does that). Each finding is said out loud.
 */
import type { NodeContext } from '../engine/index.ts';
import type { Helm, ReleaseTimeout } from '../kube/helm.ts';

/** Looks at the release and repairs it when stuck; does nothing for a healthy or absent release. */
export async function repairRelease(helm: Helm, target: ReleaseTimeout, ctx: NodeContext): Promise<void> {
  const { release } = target;
  const status = await helm.status(target, ctx);
  const state = status?.info.status;
  if (!state || state === 'deployed' || state === 'superseded') return;
  if (state === 'pending-install') {
    ctx.warn(`release ${release} was left pending-install by an interrupted run; uninstalling it, then installing again`);
    await helm.uninstall(target, ctx);
    return;
  }
  if (state === 'pending-upgrade' || state === 'pending-rollback') {
    const history = await helm.history(target, ctx);
    const lastDeployed = [...history].reverse().find((r) => r.status === 'deployed' || r.status === 'superseded');
    if (lastDeployed) {
      ctx.warn(`release ${release} was left ${state} by an interrupted run; rolling back to revision ${lastDeployed.revision}, then upgrading`);
      await helm.rollback({ ...target, revision: lastDeployed.revision }, ctx);
    } else {
      ctx.warn(`release ${release} was left ${state} with no deployed revision; uninstalling it, then installing again`);
      await helm.uninstall(target, ctx);
    }
    return;
  }
  if (state === 'failed') {
    const history = await helm.history(target, ctx);
    const everDeployed = history.some((r) => r.status === 'deployed' || r.status === 'superseded');
    ctx.warn(
      everDeployed
        ? `release ${release} is failed (its last upgrade did not finish); upgrading it again`
        : `release ${release} failed its first install; installing it again`,
    );
  }
}
