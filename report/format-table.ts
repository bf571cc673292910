/**
 * The terminal report: one row per node with its times, the critical path marked `*`, and the run's time
 * against the critical path.
 *
 * ```
 * up failed after 3m04s · run 2026-11-22T18-03-04-123Z · 5 tasks, concurrency 2
 *
 *   task        start   took  deps wait  lock wait  outcome
 * * namespaces   10ms   1.2s        0ms          -  done
 *   secrets      1.2s   90ms       1.2s          -  skipped: already done
 * * datahub      1.4s  3m02s       1.2s      190ms  failed after 3 attempts
 *   frontend        -      -          -          -  skipped: dependency failed
 *   cleanup         -      -       1.3s      3m02s  not started
 *
 * * critical path: namespaces → datahub
 *   3m03s (99%) of the run's 3m04s: 3m03s working, 200ms waiting to start (lock, check or free slot)
 * ```
 * `start` is the time since the run started; `deps wait` the time until its last dependency finished.
 * Failures (first line of the error, and the log file) and the run's warnings follow.
 *
 * Deals with: layout of plain text (no colour, so it survives pipes and CI logs). Does not deal with: I/O.
 */
import { firstLine, formatDuration } from '../run-output/format.ts';
import type { CriticalPath } from './critical-path.ts';
import { byStart, describeOutcome, describePathIds, describePathTime, describeRun, describeSize } from './describe.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

/** What the table needs besides the timeline and its critical path. */
export interface TableOptions {
  /** Shown in the heading; `undefined` leaves it out. */
  readonly runId?: string;
  /** Log file per node id, shown under failures; a missing entry means "no log file". */
  readonly logPaths?: ReadonlyMap<string, string>;
}

const HEADERS = ['task', 'start', 'took', 'deps wait', 'lock wait', 'outcome'] as const;
/** Columns that hold times: right-aligned, so that the units line up. */
const RIGHT = new Set([1, 2, 3, 4]);

/** The report as text, ending with a newline. */
export function formatTable(timeline: RunTimeline, path: CriticalPath, options: TableOptions = {}): string {
  const critical = new Set(path.ids);
  const rows = byStart(timeline.nodes).map((node) => cellsOf(node, timeline));
  const widths = HEADERS.map((header, col) => Math.max(header.length, ...rows.map((row) => row.cells[col]!.length)));
  const line = (mark: string, cells: readonly string[]) =>
    `${mark} ${cells
      .map((cell, col) => (col === cells.length - 1 ? cell : RIGHT.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')}`;

  const heading = [describeRun(timeline), ...(options.runId === undefined ? [] : [`run ${options.runId}`]), describeSize(timeline)];
  const lines = [heading.join(' · '), '', line(' ', HEADERS)];
  for (const row of rows) lines.push(line(critical.has(row.id) ? '*' : ' ', row.cells));
  lines.push('', `* critical path: ${describePathIds(path)}`, `  ${describePathTime(path, timeline)}`);

  const failed = timeline.nodes.filter((node) => node.outcome === 'failed' || node.outcome === 'interrupted');
  if (failed.length > 0) {
    lines.push('', 'Failed:');
    for (const node of failed) {
      lines.push(`  ✖ ${node.id}: ${firstLine(node.error ?? '') || node.outcome}`);
      const log = options.logPaths?.get(node.id);
      if (log !== undefined) lines.push(`    Log: ${log}`);
    }
  }
  if (timeline.warnings.length > 0) {
    lines.push('', 'Warnings:', ...timeline.warnings.map((warning) => `  ! ${firstLine(warning)}`));
  }
  return lines.join('\n') + '\n';
}

function cellsOf(node: NodeTiming, timeline: RunTimeline): { id: string; cells: string[] } {
  const time = (ms: number | undefined) => (ms === undefined ? '-' : formatDuration(ms));
  const started = node.startedAt !== undefined;
  return {
    id: node.id,
    cells: [
      node.id,
      started ? time(node.startedAt! - timeline.startedAt) : '-',
      started ? time(node.durationMs) : '-',
      time(node.waitedForDepsMs),
      node.waitedForLockMs > 0 ? time(node.waitedForLockMs) : '-',
      describeOutcome(node, timeline.mode),
    ],
  };
}
