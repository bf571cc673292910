/**
 * Namespace lifecycle: Active, Terminating for a while after deletion (its contents still listed, with
 * a deletionTimestamp), then gone with everything in it, helm releases included.
 */
import { objectKey, type SimState, type StoredObject } from '../core/state.ts';
import { namespaceTerminationMs } from './durations.ts';

/** A namespace as reads see it. */
export interface NamespaceInfo {
  phase: 'Active' | 'Terminating';
  /** Real ms at which a Terminating namespace disappears; Infinity for Active ones. */
  purgeMs: number;
}

/** Real ms at which a deleted namespace is purged. */
export function purgeTime(stored: StoredObject, scale: number): number {
  if (stored.sim.deletedMs === undefined) return Infinity;
  return stored.sim.deletedMs + scale * (stored.sim.terminationMs ?? 0);
}

/** The namespace's phase at `now`; `undefined` when it does not exist (or has been purged). */
export function namespaceInfo(state: SimState, name: string, now: number, scale: number): NamespaceInfo | undefined {
  const stored = state.objects[objectKey('Namespace', '', name)];
  if (!stored) return undefined;
  const purgeMs = purgeTime(stored, scale);
  if (purgeMs <= now) return undefined;
  return { phase: stored.sim.deletedMs === undefined ? 'Active' : 'Terminating', purgeMs };
}

/** Removes namespaces whose termination is over, with their objects and releases. Run before mutations. */
export function purgeExpiredNamespaces(state: SimState, now: number, scale: number): void {
  for (const [key, stored] of Object.entries(state.objects)) {
    if (stored.object.kind !== 'Namespace' || purgeTime(stored, scale) > now) continue;
    const name = stored.object.metadata.name;
    delete state.objects[key];
    for (const [k, s] of Object.entries(state.objects)) if (s.object.metadata.namespace === name) delete state.objects[k];
    state.releases = state.releases.filter((r) => r.namespace !== name);
  }
}

/** Starts deleting a namespace; returns false when it was already Terminating. */
export function beginNamespaceDeletion(state: SimState, name: string, now: number): boolean {
  const stored = state.objects[objectKey('Namespace', '', name)]!;
  if (stored.sim.deletedMs !== undefined) return false;
  const contents = Object.values(state.objects).filter((s) => s.object.metadata.namespace === name);
  const hasWorkloads = contents.some((s) => ['Deployment', 'StatefulSet', 'Job'].includes(s.object.kind));
  stored.sim.deletedMs = now;
  stored.sim.terminationMs = namespaceTerminationMs(contents.length, hasWorkloads);
  state.resourceVersion += 1;
  stored.object.metadata.resourceVersion = String(state.resourceVersion);
  return true;
}
