/**
 * Default virtual durations of the cluster's own machinery (the catalog sets per-object ones).
 */

/** Virtual ms from a pod's start to ready when neither the catalog nor a fault says otherwise. */
export const DEFAULT_READY_MS: Readonly<Record<string, number>> = { Deployment: 10_000, StatefulSet: 10_000, Job: 10_000 };

/** Virtual ms a Job keeps retrying (backoffLimit 6 with exponential back-off) before BackoffLimitExceeded. */
export const JOB_BACKOFF_WINDOW_MS = 360_000;

/** Virtual ms between a pod being scheduled and its containers being created (image pull). */
export const CONTAINER_CREATE_MS = 2_000;

/** Virtual ms a healed pod (its fault cleared) needs to become ready at most. */
export const HEAL_MS = 10_000;

/** Virtual ms a namespace takes to terminate: quick when empty, the pods' grace period otherwise. */
export function namespaceTerminationMs(objectCount: number, hasWorkloads: boolean): number {
  return hasWorkloads ? 35_000 : 3_000 + Math.min(objectCount, 20) * 250;
}

/** Virtual ms a Deployment stuck before ready takes to report ProgressDeadlineExceeded (spec default 600 s). */
export const PROGRESS_DEADLINE_MS = 600_000;
