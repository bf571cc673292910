/**
 * Queries and transitions on helm release records, as helm's storage driver sees them.
 */
import { helmTime } from '../core/timefmt.ts';
import type { SimState } from '../core/state.ts';
import type { ReleaseRecord, ReleaseStatus } from './release-types.ts';

/** Every revision of a release, oldest first. */
export function history(state: SimState, name: string, namespace: string): ReleaseRecord[] {
  return state.releases.filter((r) => r.name === name && r.namespace === namespace).sort((a, b) => a.version - b.version);
}

/** The newest revision; `undefined` when the release does not exist. */
export function latest(state: SimState, name: string, namespace: string): ReleaseRecord | undefined {
  const all = history(state, name, namespace);
  return all[all.length - 1];
}

/** True for the statuses helm treats as "another operation is in progress". */
export function isPending(status: ReleaseStatus): boolean {
  return status === 'pending-install' || status === 'pending-upgrade' || status === 'pending-rollback';
}

/** A timestamp in helm's format with a per-call nanosecond tail. */
export function helmNow(now: number): string {
  return helmTime(now, Math.floor(Math.random() * 1_000_000));
}

/** Marks every deployed revision but `except` superseded, as helm does when a new one is deployed. */
export function supersedeOthers(state: SimState, record: ReleaseRecord): void {
  for (const r of history(state, record.name, record.namespace)) {
    if (r.version !== record.version && (r.info.status === 'deployed' || isPending(r.info.status))) r.info.status = 'superseded';
  }
}

/** Finds the stored copy of a record (records are replaced when the state is re-read). */
export function findRecord(state: SimState, name: string, namespace: string, version: number): ReleaseRecord | undefined {
  return state.releases.find((r) => r.name === name && r.namespace === namespace && r.version === version);
}
