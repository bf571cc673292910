/**
 * While helm installs DataHub, the `datahub-system-update` pre-install hook Job can take 5-10 minutes.
 * Report its progress: poll every 10 s, a line every 30 s, and how it ended once helm returns. A Job that existed before this helm run
 * (same uid: a Complete Job of an earlier revision) is not this run's and is ignored.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration, type NodeContext } from '../engine/index.ts';
import type { KubeObject, Kubectl } from '../kube/kubectl.ts';
import { jobState } from './waits.ts';

export const SYSTEM_UPDATE_JOB = 'datahub-system-update';

/** Options for {@link reportSystemUpdate}. */
export interface ProgressOptions {
  readonly namespace: string;
  readonly pollMs: number;
  readonly reportMs: number;
  /** The Job's uid before helm started, if one existed. */
  readonly previousUid: string | undefined;
  /** Aborts when helm returns: the report ends then. */
  readonly helmReturned: AbortSignal;
}

/** The uid of the Job as it is now, if any. */
export async function currentJobUid(kubectl: Kubectl, namespace: string, ctx: NodeContext): Promise<string | undefined> {
  return (await kubectl.get({ kind: 'job', name: SYSTEM_UPDATE_JOB, namespace }, ctx).catch(() => undefined))?.metadata.uid;
}

/**
 * One run's report, prepared before helm starts: notes the Job's uid as it is now and returns the report
 * to run while helm does. The uid lives in what this returns, so each run has its own.
 */
export async function prepareSystemUpdateReport(
  kubectl: Kubectl,
  options: Omit<ProgressOptions, 'previousUid' | 'helmReturned'>,
  ctx: NodeContext,
): Promise<(helmReturned: AbortSignal) => Promise<void>> {
  const previousUid = await currentJobUid(kubectl, options.namespace, ctx);
  return (helmReturned) => reportSystemUpdate(kubectl, { ...options, previousUid, helmReturned }, ctx);
}

/** Logs progress lines until helm returns. */
export async function reportSystemUpdate(kubectl: Kubectl, options: ProgressOptions, ctx: NodeContext): Promise<void> {
  const signal = options.helmReturned;
  const started = Date.now();
  let lastReport = started;
  let lastState = '';
  while (!signal.aborted) {
    await sleep(options.pollMs, undefined, { signal }).catch(() => {});
    if (signal.aborted) break;
    const current = await kubectl.get({ kind: 'job', name: SYSTEM_UPDATE_JOB, namespace: options.namespace }, { signal, log: () => {} }).catch(() => undefined);
    const line = describe(current, options.previousUid, Date.now() - started);
    const now = Date.now();
    if (line !== lastState && /complete|failed/.test(line)) {
      ctx.log(line);
      lastReport = now;
    } else if (now - lastReport >= options.reportMs) {
      ctx.log(line);
      lastReport = now;
    }
    lastState = line;
  }
  // helm returned: say how the hook ended, even when no poll caught it (a fast hook, a loaded machine). A Job
  // deleted by its hook-delete-policy, or an interrupted run, says nothing more.
  if (ctx.signal.aborted || /complete|failed/.test(lastState)) return;
  const final = await kubectl.get({ kind: 'job', name: SYSTEM_UPDATE_JOB, namespace: options.namespace }, { signal: ctx.signal, log: () => {} }).catch(() => undefined);
  const line = describe(final, options.previousUid, Date.now() - started);
  if (/complete|failed/.test(line)) ctx.log(line);
}

function describe(job: KubeObject | undefined, previousUid: string | undefined, elapsedMs: number): string {
  const elapsed = formatDuration(elapsedMs);
  if (!job || job.metadata.uid === previousUid) return `${SYSTEM_UPDATE_JOB}: not started yet (${elapsed} into the install)`;
  const status = (job.status ?? {}) as { active?: number; succeeded?: number; failed?: number };
  const state = jobState(job);
  if (state === 'complete') return `${SYSTEM_UPDATE_JOB}: complete after ${elapsed}`;
  if (state === 'failed') return `${SYSTEM_UPDATE_JOB}: failed (${status.failed ?? 0} failed pods) after ${elapsed}`;
  return `${SYSTEM_UPDATE_JOB}: running for ${elapsed} (active ${status.active ?? 0}, failed ${status.failed ?? 0}); this is normal on a first install (5-10 min)`;
}
