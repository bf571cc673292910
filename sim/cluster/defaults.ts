/**
 * Fields the API server fills in that do not depend on time: defaulted specs, and the status of kinds
 * that have no timeline (Namespaces, PVCs, Services).
 */
import { isMap } from '../core/values.ts';
import { k8sTime } from '../core/timefmt.ts';
import type { KubeObject, StoredObject } from '../core/state.ts';

/** Options that change how the cluster looks. */
export interface ViewOptions {
  /** LoadBalancer Services get an ingress IP (docker-desktop, `minikube tunnel`); false keeps them pending. */
  loadBalancerIngress: boolean;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The object as read back, with defaulted fields; `status` is added by the caller for workloads. */
export function withDefaults(stored: StoredObject, options: ViewOptions): KubeObject {
  const obj = clone(stored.object);
  const spec = isMap(obj.spec) ? obj.spec : undefined;
  switch (obj.kind) {
    case 'Deployment':
      if (spec) {
        spec.replicas ??= 1;
        spec.revisionHistoryLimit ??= 10;
        spec.progressDeadlineSeconds ??= 600;
        spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      }
      break;
    case 'StatefulSet':
      if (spec) {
        spec.replicas ??= 1;
        spec.podManagementPolicy ??= 'OrderedReady';
        spec.revisionHistoryLimit ??= 10;
        spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
        spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      }
      break;
    case 'Job':
      if (spec) {
        const uid = String(obj.metadata.uid);
        spec.backoffLimit ??= 6;
        spec.completions ??= 1;
        spec.parallelism ??= 1;
        spec.completionMode ??= 'NonIndexed';
        spec.suspend ??= false;
        spec.manualSelector ??= false;
        spec.podReplacementPolicy ??= 'TerminatingOrFailed';
        spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
        const template = isMap(spec.template) ? spec.template : {};
        const meta = isMap(template.metadata) ? template.metadata : {};
        meta.labels = {
          ...(meta.labels as Record<string, string> | undefined),
          'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': obj.metadata.name,
          'controller-uid': uid, 'job-name': obj.metadata.name,
        };
        template.metadata = meta;
        spec.template = template;
      }
      break;
    case 'Namespace': {
      const deleting = stored.sim.deletedMs !== undefined;
      obj.status = { phase: deleting ? 'Terminating' : 'Active' };
      if (deleting) {
        obj.metadata.deletionTimestamp = k8sTime(stored.sim.deletedMs!);
        (obj.status as Record<string, unknown>).conditions = [
          { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
          { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
          { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
          { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' },
          { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
        ];
      }
      break;
    }
    case 'PersistentVolumeClaim':
      if (spec) {
        spec.storageClassName ??= 'standard';
        spec.volumeMode ??= 'Filesystem';
        const requests = isMap(spec.resources) && isMap(spec.resources.requests) ? spec.resources.requests : {};
        obj.status = { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: requests.storage ?? '1Gi' } };
      }
      break;
    case 'Service':
      obj.status = {
        loadBalancer: spec?.type === 'LoadBalancer' && options.loadBalancerIngress ? { ingress: [{ ip: '127.0.0.1', ipMode: 'VIP' }] } : {},
      };
      break;
    case 'Secret':
      obj.type ??= 'Opaque';
      break;
    default:
      break;
  }
  return obj;
}
