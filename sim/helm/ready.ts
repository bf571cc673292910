/**
 * helm's --wait: every Deployment and StatefulSet of the release ready, every PVC bound, every
 * LoadBalancer Service with an ingress address, and with --wait-for-jobs every Job complete.
 */
import { isMap } from '../core/values.ts';
import type { ClusterView } from '../cluster/view.ts';
import { workloadReady } from '../cluster/status.ts';

/** True when helm would consider the objects at `keys` ready. */
export function releaseReady(view: ClusterView, keys: readonly string[], waitForJobs: boolean): boolean {
  for (const key of keys) {
    const stored = view.visible.get(key);
    if (!stored) return false;
    const kind = stored.object.kind;
    if (kind === 'Deployment' || kind === 'StatefulSet' || (kind === 'Job' && waitForJobs)) {
      const t = view.timelines.get(key);
      if (!t || !workloadReady(t, view.now)) return false;
    }
    if (kind === 'Service') {
      const obj = view.get('Service', String(stored.object.metadata.namespace), stored.object.metadata.name);
      const spec = obj && isMap(obj.spec) ? obj.spec : {};
      const status = obj && isMap(obj.status) ? obj.status : {};
      const lb = isMap(status.loadBalancer) ? status.loadBalancer : {};
      if (spec.type === 'LoadBalancer' && !(Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) && !Array.isArray(lb.ingress)) return false;
    }
  }
  return true;
}
