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

type Spec = Record<string, unknown>;

/** The object as read back, with defaulted fields; `status` is added by the caller for workloads. */
export function withDefaults(stored: StoredObject, options: ViewOptions): KubeObject {
  const obj = clone(stored.object);
  const spec = isMap(obj.spec) ? obj.spec : undefined;
  switch (obj.kind) {
    case 'Deployment':
      if (spec) defaultDeployment(spec);
      break;
    case 'StatefulSet':
      if (spec) defaultStatefulSet(spec);
      break;
    case 'Job':
      if (spec) defaultJob(obj, spec);
      break;
    case 'Namespace':
      setNamespaceStatus(obj, stored);
      break;
    case 'PersistentVolumeClaim':
      if (spec) defaultClaim(obj, spec);
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

function defaultDeployment(spec: Spec): void {
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
}

function defaultStatefulSet(spec: Spec): void {
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.revisionHistoryLimit ??= 10;
  spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
}

/** A Job's defaults, with the selector and pod labels the Job controller adds from its uid. */
function defaultJob(obj: KubeObject, spec: Spec): void {
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

/** The conditions of a Namespace being deleted: [type, status, reason, message]. */
const DELETION_CONDITIONS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
  ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: pods. has 1 resource instances'],
  ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
];

/** Active, or Terminating with its deletion timestamp and conditions. */
function setNamespaceStatus(obj: KubeObject, stored: StoredObject): void {
  const deleting = stored.sim.deletedMs !== undefined;
  obj.status = { phase: deleting ? 'Terminating' : 'Active' };
  if (!deleting) return;
  obj.metadata.deletionTimestamp = k8sTime(stored.sim.deletedMs!);
  (obj.status as Record<string, unknown>).conditions = DELETION_CONDITIONS.map(([type, status, reason, message]) => (
    { type, status, lastTransitionTime: k8sTime(stored.sim.deletedMs!), reason, message }
  ));
}

/** A claim's defaults; it is Bound at once with the storage it requests. */
function defaultClaim(obj: KubeObject, spec: Spec): void {
  spec.storageClassName ??= 'standard';
  spec.volumeMode ??= 'Filesystem';
  const requests = isMap(spec.resources) && isMap(spec.resources.requests) ? spec.resources.requests : {};
  obj.status = { phase: 'Bound', accessModes: spec.accessModes ?? ['ReadWriteOnce'], capacity: { storage: requests.storage ?? '1Gi' } };
}
