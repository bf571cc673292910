/**
 * `report --json`: one machine-readable summary of a recorded run, for scripts and CI.
 * Times are ms since the run started (`startMs`, `endMs`, `readyMs`), so they compare directly.
 */
import type { CriticalPath } from './critical-path.ts';
import type { RunTimeline } from './timeline.ts';

/** Where the report came from and where the HTML went. */
export interface JsonContext {
  readonly runId: string;
  readonly logDir: string;
  /** The HTML file written; `undefined` when none was. */
  readonly output?: string;
  /** Lines of `events.jsonl` that were skipped; empty when all were valid. */
  readonly problems: readonly string[];
}

/** The summary as a plain object (the command prints it with `JSON.stringify`). */
export function reportJson(timeline: RunTimeline, path: CriticalPath, context: JsonContext): Record<string, unknown> {
  const critical = new Set(path.ids);
  const offset = (at: number | undefined) => (at === undefined ? null : at - timeline.startedAt);
  return {
    command: 'report',
    runId: context.runId,
    logDir: context.logDir,
    ...(context.output === undefined ? {} : { output: context.output }),
    mode: timeline.mode,
    outcome: timeline.outcome,
    startedAt: new Date(timeline.startedAt).toISOString(),
    durationMs: timeline.durationMs,
    concurrency: timeline.concurrency,
    criticalPath: { nodes: path.ids, spanMs: path.spanMs, workMs: path.workMs, waitMs: path.waitMs },
    nodes: timeline.nodes.map((node) => ({
      id: node.id,
      outcome: node.outcome,
      ...(node.skipReason === undefined ? {} : { skipReason: node.skipReason }),
      critical: critical.has(node.id),
      deps: node.deps,
      readyMs: offset(node.readyAt),
      startMs: offset(node.startedAt),
      endMs: offset(node.endedAt),
      durationMs: node.durationMs,
      waitedForDepsMs: node.waitedForDepsMs ?? null,
      waitedForLockMs: node.waitedForLockMs,
      queuedMs: node.queuedMs ?? null,
      locks: node.locks,
      lockHolders: node.lockHolders,
      attempts: node.attempts,
      retries: node.retries.length,
      ...(node.error === undefined ? {} : { error: node.error }),
      ...(node.failure === undefined ? {} : { failure: node.failure }),
    })),
    warnings: timeline.warnings,
    problems: context.problems,
  };
}
