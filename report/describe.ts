/**
 * Words shared by every report format: a node's outcome, the run's verdict, the critical path in one line.
 *
 * Deals with: turning timeline values into the short text users read. Does not deal with: layout.
 */
import { describeSkip, formatDuration, plural } from '../run-output/format.ts';
import type { CriticalPath } from './critical-path.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

/**
 * `done`, `done after 3 attempts`, `skipped: already done`, `failed after 2 attempts`, `failed with exit code
 * 1` (a process's failure), `failed (killed by SIGKILL)`, `not started`.
 */
export function describeOutcome(node: NodeTiming, mode: RunTimeline['mode']): string {
  const attempts = node.attempts > 1 ? ` after ${node.attempts} attempts` : '';
  const exit =
    node.failure?.exitCode !== undefined
      ? ` with exit code ${node.failure.exitCode}`
      : node.failure?.signal !== undefined
        ? ` (killed by ${node.failure.signal})`
        : '';
  switch (node.outcome) {
    case 'done':
      return `done${attempts}${node.forced === 'fingerprint' ? ' (inputs changed)' : node.forced === 'force' ? ' (--force)' : ''}`;
    case 'skipped':
      return node.skipReason === 'not-started' ? 'not started' : `skipped: ${describeSkip(node.skipReason ?? 'not-started', mode)}`;
    case 'failed':
      return `failed${exit}${attempts}`;
    case 'interrupted':
      return `interrupted${exit}${attempts}`;
    case 'unfinished':
      return node.startedAt === undefined ? 'waiting when the log ends' : 'running when the log ends';
  }
}

/** `up failed after 3m05s`, `down succeeded in 12.0s`, `up unfinished: the log ends after 40.0s`. */
export function describeRun(timeline: RunTimeline): string {
  const duration = formatDuration(timeline.durationMs);
  switch (timeline.outcome) {
    case 'success':
      return `${timeline.mode} succeeded in ${duration}`;
    case 'unfinished':
      return `${timeline.mode} unfinished: the log ends after ${duration}`;
    default:
      return `${timeline.mode} ${timeline.outcome} after ${duration}`;
  }
}

/** `5 tasks, concurrency 2`. */
export function describeSize(timeline: RunTimeline): string {
  return `${plural(timeline.nodes.length, 'task')}, concurrency ${timeline.concurrency}`;
}

/** `a → b → c`, or `none` when nothing ran. */
export function describePathIds(path: CriticalPath): string {
  return path.ids.length === 0 ? 'none' : path.ids.join(' → ');
}

/**
 * How the run's time compares with its critical path:
 * `3m03s of the run's 3m05s: 3m03s working, 200ms waiting to start (lock, check or free slot)`.
 */
export function describePathTime(path: CriticalPath, timeline: RunTimeline): string {
  if (path.ids.length === 0) return `no task got going in the run's ${formatDuration(timeline.durationMs)}`;
  const share = timeline.durationMs > 0 ? ` (${Math.floor((path.spanMs / timeline.durationMs) * 100)}%)` : '';
  const waiting = path.waitMs > 0 ? `, ${formatDuration(path.waitMs)} waiting to start (lock, check or free slot)` : '';
  return `${formatDuration(path.spanMs)}${share} of the run's ${formatDuration(timeline.durationMs)}: ${formatDuration(path.workMs)} working${waiting}`;
}

/** Nodes in the order they started; nodes that never started follow, in execution order. */
export function byStart(nodes: readonly NodeTiming[]): NodeTiming[] {
  return [...nodes].sort((a, b) => {
    const sa = a.startedAt ?? Number.POSITIVE_INFINITY;
    const sb = b.startedAt ?? Number.POSITIVE_INFINITY;
    return sa !== sb ? sa - sb : a.index - b.index;
  });
}
