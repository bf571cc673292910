/**
 * Hand-made event sequences for report tests: declare the graph, then list what happened when.
 * The builder fills in what the engine would (run-started, the initial node-waiting events, durations,
 * attempts, run-finished), so a test reads like the run's story.
 */
import type { RunEvent, SkipReason } from '../../engine/types.ts';

/** One thing that happened, at a time in ms since the run started. */
export type Step =
  | { start: string; at: number }
  | { done: string; at: number }
  | { fail: string; at: number; error?: string; tail?: string[]; interrupted?: boolean }
  | { skip: string; at: number; reason: SkipReason }
  | { lock: string; at: number; name: string; holder?: string }
  | { retry: string; at: number; error?: string; delayMs?: number };

/** The events of a run of `graph` (id → dependencies, in execution order) that went as `steps` say. */
export function scriptRun(
  graph: Record<string, readonly string[]>,
  steps: readonly Step[],
  options: { base?: number; mode?: 'up' | 'down'; concurrency?: number; finishAt?: number } = {},
): RunEvent[] {
  const base = options.base ?? 0;
  const ids = Object.keys(graph);
  const events: RunEvent[] = [{ type: 'run-started', at: base, mode: options.mode ?? 'up', nodes: ids, concurrency: options.concurrency ?? 4 }];
  for (const id of ids) if (graph[id]!.length > 0) events.push({ type: 'node-waiting', at: base, id, deps: graph[id]! });
  const startedAt = new Map<string, number>();
  const attempts = new Map<string, number>();
  let failed = false;
  let interrupted = false;
  let last = base;
  for (const step of steps) {
    const at = base + step.at;
    last = Math.max(last, at);
    if ('start' in step) {
      startedAt.set(step.start, at);
      attempts.set(step.start, 1);
      events.push({ type: 'node-started', at, id: step.start, attempt: 1 });
    } else if ('done' in step) {
      const id = step.done;
      events.push({ type: 'node-done', at, id, durationMs: at - startedAt.get(id)!, attempts: attempts.get(id)! });
    } else if ('fail' in step) {
      const id = step.fail;
      failed ||= !step.interrupted;
      interrupted ||= step.interrupted === true;
      events.push({
        type: 'node-failed',
        at,
        id,
        durationMs: at - (startedAt.get(id) ?? at),
        error: step.error ?? `${id} broke`,
        tail: step.tail ?? [],
        attempts: attempts.get(id) ?? 1,
        interrupted: step.interrupted === true,
      });
    } else if ('skip' in step) {
      events.push({ type: 'node-skipped', at, id: step.skip, reason: step.reason });
    } else if ('lock' in step) {
      events.push({ type: 'node-waiting', at, id: step.lock, deps: [], lock: step.name, ...(step.holder ? { holder: step.holder } : {}) } as RunEvent);
    } else {
      const id = step.retry;
      const attempt = (attempts.get(id) ?? 1) + 1;
      attempts.set(id, attempt);
      events.push({ type: 'node-retrying', at, id, attempt, maxAttempts: 5, error: step.error ?? 'try again', delayMs: step.delayMs ?? 0 });
    }
  }
  const end = base + (options.finishAt ?? last - base);
  const outcome = interrupted ? 'interrupted' : failed ? 'failed' : 'success';
  events.push({ type: 'run-finished', at: end, outcome, durationMs: end - base });
  return events;
}
