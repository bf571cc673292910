/**
 * The texts an unhealthy API server produces, as kubectl and helm print them.
 */
import type { ApiErrorKind } from './types.ts';

const SERVER = '127.0.0.1:6443';
/** The user RBAC names in a Forbidden answer. */
const USER = 'developer';

/** What a helm error text depends on. */
export interface HelmErrorContext {
  /** The helm subcommand ("upgrade", "list", "status", ...). */
  command: string;
  namespace: string;
  release?: string;
  /** `--revision N` of status / get: helm reads that revision's Secret by name instead of querying by labels. */
  revision?: string;
  /** upgrade of an existing release: errors carry "UPGRADE FAILED: ". */
  upgrading?: boolean;
}

/** What a conflict is about. */
export interface ConflictTarget {
  /** Qualified resource ("deployments.apps"). */
  resource: string;
  name: string;
  kind: string;
}

/** What a denied call asked for, as the API server words a Forbidden answer. */
export interface DeniedAccess {
  verb: string;
  /** Plural resource ("secrets", "deployments"). */
  resource: string;
  /** API group; '' for the core group. */
  group: string;
  name?: string;
  /** `undefined`: at the cluster scope (cluster-scoped kinds, `-A`). */
  namespace?: string;
}

/** The API server's Forbidden message, without the tool's own prefix. */
export function forbiddenMessage(access: DeniedAccess): string {
  const qualified = access.group ? `${access.resource}.${access.group}` : access.resource;
  const subject = access.name ? `${qualified} "${access.name}"` : qualified;
  const scope = access.namespace === undefined ? 'at the cluster scope' : `in the namespace "${access.namespace}"`;
  return `${subject} is forbidden: User "${USER}" cannot ${access.verb} resource "${access.resource}" in API group "${access.group}" ${scope}`;
}

/** kubectl's stderr for an API error fault. */
export function kubectlApiError(kind: ApiErrorKind, target?: ConflictTarget, access?: DeniedAccess): string {
  switch (kind) {
    case 'forbidden':
      return `Error from server (Forbidden): ${forbiddenMessage(access ?? { verb: 'get', resource: 'pods', group: '' })}\n`;
    case 'connection-refused':
    case 'unreachable':
      return `The connection to the server ${SERVER} was refused - did you specify the right host or port?\n`;
    case 'tls-handshake-timeout':
      return 'Unable to connect to the server: net/http: TLS handshake timeout\n';
    case 'etcd-leader-changed':
      return 'Error from server: etcdserver: leader changed\n';
    case 'conflict': {
      const what = target ? `${target.resource} "${target.name}"` : 'the object';
      return `Error from server (Conflict): Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again\n`;
    }
  }
}

/** Commands whose action asks the API server for its version first (KubeClient.IsReachable). */
const REACHABILITY_COMMANDS = new Set(['status', 'history', 'list', 'get', 'upgrade', 'install', 'rollback', 'uninstall']);

/** helm's stderr for an API error fault, or (`kind: 'unknown-context'`) for a --kube-context that does not exist. */
export function helmApiError(kind: ApiErrorKind | 'unknown-context', ctx: HelmErrorContext, target?: ConflictTarget, contextName?: string): string {
  const prefix = ctx.upgrading ? 'UPGRADE FAILED: ' : '';
  if (kind === 'forbidden') {
    // helm reads its release records (Secrets) first; that is what RBAC refuses.
    if (ctx.revision && (ctx.command === 'status' || ctx.command === 'get')) {
      const key = `sh.helm.release.v1.${ctx.release ?? ''}.v${ctx.revision}`;
      const denied = forbiddenMessage({ verb: 'get', resource: 'secrets', group: '', name: key, namespace: ctx.namespace });
      return `Error: get: failed to get "${key}": ${denied}\n`;
    }
    const denied = forbiddenMessage({ verb: 'list', resource: 'secrets', group: '', namespace: ctx.namespace });
    return ctx.command === 'list' ? `Error: list: failed to list: ${denied}\n` : `Error: ${prefix}query: failed to query with labels: ${denied}\n`;
  }
  if (kind === 'etcd-leader-changed') return `Error: ${prefix}etcdserver: leader changed\n`;
  if (kind === 'conflict') {
    const t = target ?? { resource: 'secrets', name: `sh.helm.release.v1.${ctx.release ?? 'release'}.v1`, kind: 'Secret' };
    return `Error: ${prefix}cannot patch "${t.name}" with kind ${t.kind}: Operation cannot be fulfilled on ${t.resource} "${t.name}": the object has been modified; please apply your changes to the latest version and try again\n`;
  }
  const reach = REACHABILITY_COMMANDS.has(ctx.command);
  if (kind === 'unknown-context') {
    const cause = `context "${contextName}" does not exist`;
    if (reach) return `Error: Kubernetes cluster unreachable: ${cause}\n`;
    if (ctx.command === 'list') return `Error: list: failed to list: ${cause}\n`;
    return `Error: query: failed to query with labels: ${cause}\n`;
  }
  const cause = kind === 'tls-handshake-timeout' ? 'net/http: TLS handshake timeout' : `dial tcp ${SERVER}: connect: connection refused`;
  if (reach) return `Error: Kubernetes cluster unreachable: Get "https://${SERVER}/version": ${cause}\n`;
  if (ctx.command === 'list') {
    return `Error: list: failed to list: Get "https://${SERVER}/api/v1/namespaces/${ctx.namespace}/secrets?labelSelector=owner%3Dhelm": ${cause}\n`;
  }
  const selector = `name%3D${ctx.release ?? ''}%2Cowner%3Dhelm`;
  return `Error: query: failed to query with labels: Get "https://${SERVER}/api/v1/namespaces/${ctx.namespace}/secrets?labelSelector=${selector}": ${cause}\n`;
}
