/**
 * Running a release's hooks the way helm does: sorted by weight then name, one at a time, each Job
 * re-created (before-hook-creation: new uid, new creationTimestamp) and watched until it completes or
 * fails, each within the full --timeout (with or without --wait).
 */
import type { Invocation } from '../core/invocation.ts';
import { objectKey } from '../core/state.ts';
import { updateState } from '../core/store.ts';
import { bindObjectFault } from '../faults/match.ts';
import { putObject } from '../cluster/mutations.ts';
import { pollView } from '../cluster/read.ts';
import type { HookBlueprint } from '../catalog/types.ts';
import { findRecord, helmNow } from './releases.ts';
import { compareBytes } from '../core/order.ts';

/** Which release revision the hooks belong to. */
export interface HookRun {
  release: string;
  namespace: string;
  version: number;
  /** Virtual ms each hook may take. */
  timeoutMs: number;
}

/** The hooks of `event`, in helm's execution order. */
export function hooksFor(hooks: readonly HookBlueprint[], event: string): HookBlueprint[] {
  return hooks
    .filter((h) => h.events.includes(event))
    .sort((a, b) => a.weight - b.weight || compareBytes(a.object.metadata.name, b.object.metadata.name));
}

async function recordPhase(inv: Invocation, run: HookRun, name: string, phase: string, field: 'started_at' | 'completed_at'): Promise<void> {
  await updateState(inv.env.dir, (state) => {
    const record = findRecord(state, run.release, run.namespace, run.version);
    const hook = record?.hooks?.find((h) => h.name === name);
    if (!hook) return;
    hook.last_run[field] = helmNow(inv.clock.now());
    hook.last_run.phase = phase;
  });
}

/** Runs the hooks of `event`; returns helm's error text for the first that fails, `undefined` when all succeed. */
export async function runHooks(inv: Invocation, run: HookRun, hooks: readonly HookBlueprint[], event: string): Promise<string | undefined> {
  for (const hook of hooksFor(hooks, event)) {
    const name = hook.object.metadata.name;
    const key = objectKey('Job', run.namespace, name);
    await updateState(inv.env.dir, async (state) => {
      const now = inv.clock.now();
      if (hook.deletePolicies.includes('before-hook-creation')) delete state.objects[key];
      const sim = { ...hook.sim };
      if (!state.objects[key]) {
        const fault = await bindObjectFault(inv.env.dir, inv, { kind: 'Job', namespace: run.namespace, name });
        if (fault) {
          inv.firedFaults.push(fault.id);
          Object.assign(sim, { fault });
        }
      }
      putObject(state, structuredClone(hook.object), { now, sim });
      const hookRecord = findRecord(state, run.release, run.namespace, run.version)?.hooks?.find((h) => h.name === name);
      if (hookRecord) hookRecord.last_run = { started_at: helmNow(now), completed_at: '', phase: 'Running' };
    });
    const deadline = inv.clock.now() + inv.clock.real(run.timeoutMs);
    const outcome = await pollView(inv, deadline, (view) => {
      const t = view.timelines.get(key);
      if (!t) return undefined;
      if (t.failedMs <= view.now) return 'failed' as const;
      if (t.readyMs <= view.now) return 'complete' as const;
      return undefined;
    });
    const succeeded = outcome.done && outcome.value === 'complete';
    await recordPhase(inv, run, name, succeeded ? 'Succeeded' : 'Failed', 'completed_at');
    const policy = succeeded ? 'hook-succeeded' : 'hook-failed';
    if (hook.deletePolicies.includes(policy)) {
      await updateState(inv.env.dir, (state) => {
        delete state.objects[key];
      });
    }
    if (!outcome.done) return outcome.reason === 'interrupted' ? 'context canceled' : 'timed out waiting for the condition';
    if (outcome.value === 'failed') return `job ${name} failed: BackoffLimitExceeded`;
  }
  return undefined;
}
