/**
 * The kinds the simulated API server serves: names, short names, groups and scope, as kubectl resolves them.
 */

/** One served kind. */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Plural resource name ("deployments"). */
  resource: string;
  /** API group; '' for the core group. */
  group: string;
  namespaced: boolean;
  /** Names kubectl accepts besides the plural: singular, short names. */
  aliases: readonly string[];
}

const KINDS: readonly KindInfo[] = [
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces', group: '', namespaced: false, aliases: ['namespace', 'ns'] },
  { kind: 'Node', apiVersion: 'v1', resource: 'nodes', group: '', namespaced: false, aliases: ['node', 'no'] },
  { kind: 'Secret', apiVersion: 'v1', resource: 'secrets', group: '', namespaced: true, aliases: ['secret'] },
  { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmaps', group: '', namespaced: true, aliases: ['configmap', 'cm'] },
  { kind: 'Service', apiVersion: 'v1', resource: 'services', group: '', namespaced: true, aliases: ['service', 'svc'] },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', resource: 'persistentvolumeclaims', group: '', namespaced: true, aliases: ['persistentvolumeclaim', 'pvc'] },
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', group: '', namespaced: true, aliases: ['pod', 'po'] },
  { kind: 'Event', apiVersion: 'v1', resource: 'events', group: '', namespaced: true, aliases: ['event', 'ev'] },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', group: '', namespaced: true, aliases: ['serviceaccount', 'sa'] },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', group: 'apps', namespaced: true, aliases: ['deployment', 'deploy'] },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets', group: 'apps', namespaced: true, aliases: ['statefulset', 'sts'] },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs', group: 'batch', namespaced: true, aliases: ['job'] },
  { kind: 'CronJob', apiVersion: 'batch/v1', resource: 'cronjobs', group: 'batch', namespaced: true, aliases: ['cronjob', 'cj'] },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles', group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['role'] },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['rolebinding'] },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', resource: 'networkpolicies', group: 'networking.k8s.io', namespaced: true, aliases: ['networkpolicy', 'netpol'] },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', resource: 'ingresses', group: 'networking.k8s.io', namespaced: true, aliases: ['ingress', 'ing'] },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', resource: 'poddisruptionbudgets', group: 'policy', namespaced: true, aliases: ['poddisruptionbudget', 'pdb'] },
];

/** Kinds whose pods the simulator derives and whose readiness it tracks. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'Job']);

/** The kind served under a kubectl resource argument ("deploy", "deployments.apps", "Deployment"). */
export function resolveKindArg(arg: string): KindInfo | undefined {
  const lower = arg.toLowerCase();
  const [name, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return KINDS.find(
    (k) =>
      (k.resource === name || k.aliases.includes(name!) || k.kind.toLowerCase() === name) &&
      (group === '' || k.group === group),
  );
}

/** The kind with this `kind` field, when the apiVersion fits. */
export function kindByName(kind: string, apiVersion?: string): KindInfo | undefined {
  const info = KINDS.find((k) => k.kind === kind);
  if (!info || apiVersion === undefined) return info;
  return info.apiVersion === apiVersion ? info : undefined;
}

/** "deployments.apps", "secrets": how the API server names a resource in errors. */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** "deployment.apps/x", "secret/x": kubectl's `-o name` form. */
export function nameRef(info: KindInfo, name: string): string {
  const singular = info.kind.toLowerCase();
  return `${info.group ? `${singular}.${info.group}` : singular}/${name}`;
}

/** Kind info for a stored kind; unknown kinds never reach the store. */
export function kindInfo(kind: string): KindInfo {
  const info = KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`sim: unknown kind ${kind}`);
  return info;
}
