/**
 * Scripted runs for the reporter tests.
 *
 * ```
 *   namespaces ──► secrets
 *        │
 *        └──────► datahub ──► frontend        cleanup (never starts)
 * ```
 * In the failed run, secrets is already done, datahub fails after three attempts, frontend is skipped
 * because of it and cleanup never starts. The secret `s3cr3t-token` leaks into output, error and tail.
 */
import { Writable } from 'node:stream';
import type { RunEvent } from '../../engine/types.ts';

export const SECRET = 's3cr3t-token';

/** The redaction the CLI would build from the config's secret values. */
export const redact = (text: string): string => text.replaceAll(SECRET, '***');

export const nodes = [
  { id: 'namespaces', title: 'Namespaces' },
  { id: 'secrets', title: 'Secrets' },
  { id: 'datahub', title: 'Install DataHub' },
  { id: 'frontend', title: 'Frontend' },
  { id: 'cleanup', title: 'Cleanup' },
] as const;

export const titles: ReadonlyMap<string, string> = new Map(nodes.map((node) => [node.id, node.title]));

const ids = nodes.map((node) => node.id);

export const failedRun: readonly RunEvent[] = [
  { type: 'run-started', at: 1_000, mode: 'up', nodes: ids, concurrency: 2 },
  { type: 'node-waiting', at: 1_000, id: 'secrets', deps: ['namespaces'] },
  { type: 'node-waiting', at: 1_000, id: 'datahub', deps: ['namespaces'] },
  { type: 'node-waiting', at: 1_000, id: 'frontend', deps: ['datahub'] },
  { type: 'node-checking', at: 1_000, id: 'namespaces' },
  { type: 'node-started', at: 1_010, id: 'namespaces', attempt: 1 },
  { type: 'node-output', at: 1_500, id: 'namespaces', line: 'namespace/datahub created' },
  { type: 'node-done', at: 2_210, id: 'namespaces', durationMs: 1_200, attempts: 1 },
  { type: 'node-checking', at: 2_210, id: 'secrets' },
  { type: 'node-waiting', at: 2_210, id: 'datahub', deps: [], lock: 'helm' },
  { type: 'node-skipped', at: 2_300, id: 'secrets', reason: 'check' },
  { type: 'node-started', at: 2_400, id: 'datahub', attempt: 1 },
  { type: 'node-output', at: 3_000, id: 'datahub', line: `using token ${SECRET}` },
  { type: 'node-retrying', at: 4_400, id: 'datahub', attempt: 2, maxAttempts: 3, error: 'connection refused', delayMs: 2_000 },
  { type: 'warning', at: 5_000, message: 'journal was unreadable; starting a new one' },
  { type: 'node-started', at: 6_400, id: 'datahub', attempt: 2 },
  { type: 'node-retrying', at: 8_400, id: 'datahub', attempt: 3, maxAttempts: 3, error: 'connection refused', delayMs: 4_000 },
  { type: 'node-started', at: 12_400, id: 'datahub', attempt: 3 },
  { type: 'node-output', at: 150_000, id: 'datahub', line: 'Error: timed out waiting for the condition' },
  {
    type: 'node-failed',
    at: 184_400,
    id: 'datahub',
    durationMs: 182_000,
    error: `helm upgrade --install datahub exited with code 1\nError: UPGRADE FAILED: token ${SECRET} rejected`,
    tail: [`using token ${SECRET}`, 'Error: timed out waiting for the condition'],
    attempts: 3,
    interrupted: false,
  },
  { type: 'node-skipped', at: 184_400, id: 'frontend', reason: 'dependency-failed', detail: 'datahub failed' },
  { type: 'node-skipped', at: 184_500, id: 'cleanup', reason: 'not-started' },
  { type: 'run-finished', at: 184_500, outcome: 'failed', durationMs: 183_500 },
];

export const successfulRun: readonly RunEvent[] = [
  { type: 'run-started', at: 0, mode: 'up', nodes: ['namespaces', 'secrets', 'datahub'], concurrency: 4 },
  { type: 'node-waiting', at: 0, id: 'secrets', deps: ['namespaces'] },
  { type: 'node-waiting', at: 0, id: 'datahub', deps: ['namespaces'] },
  { type: 'node-skipped', at: 5, id: 'namespaces', reason: 'check' },
  { type: 'node-skipped', at: 6, id: 'secrets', reason: 'journal' },
  { type: 'node-started', at: 6, id: 'datahub', attempt: 1, forced: 'fingerprint' },
  { type: 'node-done', at: 65_006, id: 'datahub', durationMs: 65_000, attempts: 1 },
  { type: 'run-finished', at: 65_010, outcome: 'success', durationMs: 65_010 },
];

/** A writable stream that keeps what was written. */
export function captureStream(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}
