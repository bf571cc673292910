/**
 * A small fixed run for word-for-word report tests.
 *
 * ```
 *   namespaces ──► secrets ──► cleanup
 *        │
 *        └──────► datahub ──► frontend
 * ```
 * namespaces runs 1.2 s; secrets is already done (its check takes 90 ms); datahub waits 190 ms for the
 * `helm` lock, then fails three times over 3m02s; frontend is skipped because of it; cleanup waits for the
 * `helm` lock from when secrets is skipped until the run stops, and never starts.
 */
import type { RunEvent } from '../../engine/types.ts';

/** 2026-11-22T18:03:04.123Z, the run's start. */
export const T0 = Date.UTC(2026, 10, 22, 18, 3, 4, 123);
export const RUN_ID = '2026-11-22T18-03-04-123Z';

const ids = ['namespaces', 'secrets', 'datahub', 'frontend', 'cleanup'];

export const failedRun: readonly RunEvent[] = [
  { type: 'run-started', at: T0, mode: 'up', nodes: ids, concurrency: 2 },
  { type: 'node-waiting', at: T0, id: 'secrets', deps: ['namespaces'] },
  { type: 'node-waiting', at: T0, id: 'datahub', deps: ['namespaces'] },
  { type: 'node-waiting', at: T0, id: 'frontend', deps: ['datahub'] },
  { type: 'node-waiting', at: T0, id: 'cleanup', deps: ['secrets'] },
  { type: 'node-checking', at: T0, id: 'namespaces' },
  { type: 'node-checking', at: T0, id: 'secrets' },
  { type: 'node-started', at: T0 + 10, id: 'namespaces', attempt: 1 },
  { type: 'node-output', at: T0 + 500, id: 'namespaces', line: 'namespace/datahub created' },
  { type: 'node-done', at: T0 + 1_210, id: 'namespaces', durationMs: 1_200, attempts: 1 },
  { type: 'node-waiting', at: T0 + 1_210, id: 'datahub', deps: [], lock: 'helm' },
  { type: 'node-skipped', at: T0 + 1_300, id: 'secrets', reason: 'check' },
  { type: 'node-waiting', at: T0 + 1_300, id: 'cleanup', deps: [], lock: 'helm' },
  { type: 'node-started', at: T0 + 1_400, id: 'datahub', attempt: 1 },
  { type: 'node-output', at: T0 + 2_000, id: 'datahub', line: 'Release "datahub" does not exist. Installing it now.' },
  { type: 'node-retrying', at: T0 + 3_400, id: 'datahub', attempt: 2, maxAttempts: 3, error: 'connection refused', delayMs: 1_000 },
  { type: 'warning', at: T0 + 5_000, message: 'journal was unreadable; starting a new one' },
  { type: 'node-retrying', at: T0 + 6_400, id: 'datahub', attempt: 3, maxAttempts: 3, error: 'connection refused', delayMs: 2_000 },
  { type: 'node-output', at: T0 + 150_000, id: 'datahub', line: 'Error: timed out waiting for the condition' },
  {
    type: 'node-failed',
    at: T0 + 183_400,
    id: 'datahub',
    durationMs: 182_000,
    error: 'helm upgrade --install datahub exited with code 1\nError: UPGRADE FAILED: <pods> & "jobs" not ready',
    tail: ['Release "datahub" does not exist. Installing it now.', 'Error: timed out waiting for the condition'],
    attempts: 3,
    interrupted: false,
  },
  { type: 'node-skipped', at: T0 + 183_400, id: 'frontend', reason: 'dependency-failed', detail: 'needs "datahub"' },
  { type: 'node-skipped', at: T0 + 183_500, id: 'cleanup', reason: 'not-started' },
  { type: 'run-finished', at: T0 + 183_500, outcome: 'failed', durationMs: 183_500 },
];
