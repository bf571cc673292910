/**
 * Reading the cluster from a command: one view now, or a view re-read until a condition holds (the
 * blocking commands: helm --wait, rollout status, wait, namespace deletion with --wait).
 */
import { loadState } from '../core/store.ts';
import type { Invocation } from '../core/invocation.ts';
import { loadFaults } from '../faults/store.ts';
import { purgeExpiredNamespaces } from './namespaces.ts';
import { buildView, type ClusterView } from './view.ts';

/** The cluster as it is now. */
export async function readView(inv: Invocation): Promise<ClusterView> {
  const [state, faults] = await Promise.all([loadState(inv.env.dir), loadFaults(inv.env.dir)]);
  const now = inv.clock.now();
  // Purging here only trims the in-memory copy; the file is cleaned by the next mutating call.
  purgeExpiredNamespaces(state, now, inv.env.timeScale);
  return buildView({ state, faults, now, scale: inv.env.timeScale, options: { loadBalancerIngress: inv.env.loadBalancerIngress } });
}

/** What a poll ended with. */
export type PollOutcome<T> = { done: true; value: T } | { done: false; reason: 'timeout' | 'interrupted' };

/**
 * Re-reads the cluster until `test` returns a value, the real deadline passes, or the process is
 * interrupted. Sleeps until the next known change, re-reading at least every few (scaled) seconds so that
 * other processes' changes are seen.
 */
export async function pollView<T>(
  inv: Invocation,
  deadlineMs: number,
  test: (view: ClusterView) => T | undefined,
): Promise<PollOutcome<T>> {
  const maxSleep = Math.min(500, Math.max(10, inv.clock.real(2_000)));
  for (;;) {
    const view = await readView(inv);
    const value = test(view);
    if (value !== undefined) return { done: true, value };
    const now = inv.clock.now();
    if (now >= deadlineMs) return { done: false, reason: 'timeout' };
    if (inv.interrupted.aborted) return { done: false, reason: 'interrupted' };
    const wake = Math.min(view.nextChangeMs() + 1, now + maxSleep, deadlineMs);
    await inv.clock.sleepReal(Math.max(1, wake - now), inv.interrupted);
    if (inv.interrupted.aborted) return { done: false, reason: 'interrupted' };
  }
}
