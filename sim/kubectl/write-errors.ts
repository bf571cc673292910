/**
 * The API server's refusals on writes, worded as kubectl prints them.
 */
import { qualifiedResource, type KindInfo } from '../cluster/kinds.ts';

/** "namespaces "x" not found" when creating into a missing namespace. */
export function namespaceNotFound(namespace: string, source: string | undefined, verb = 'creating'): string {
  return source === undefined
    ? `Error from server (NotFound): namespaces "${namespace}" not found\n`
    : `Error from server (NotFound): error when ${verb} "${source}": namespaces "${namespace}" not found\n`;
}

/** Writes into a namespace that is being deleted. */
export function namespaceTerminating(info: KindInfo, name: string, namespace: string, source: string | undefined): string {
  const body = `${qualifiedResource(info)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`;
  return source === undefined ? `Error from server (Forbidden): ${body}\n` : `Error from server (Forbidden): error when creating "${source}": ${body}\n`;
}

/** Creating what exists. */
export function alreadyExists(info: KindInfo, name: string, source: string | undefined): string {
  const body = `${qualifiedResource(info)} "${name}" already exists`;
  return source === undefined ? `Error from server (AlreadyExists): ${body}\n` : `Error from server (AlreadyExists): error when creating "${source}": ${body}\n`;
}

/** Reading or deleting what does not exist. */
export function notFound(info: KindInfo, name: string, source?: string, verb = 'deleting'): string {
  const body = `${qualifiedResource(info)} "${name}" not found`;
  return source === undefined ? `Error from server (NotFound): ${body}\n` : `Error from server (NotFound): error when ${verb} "${source}": ${body}\n`;
}
