/**
 * The end-of-run summary: what failed and why, what was skipped, the counts and the total time.
 *
 * Deals with: wording a finished run (a RunResult plus the events that explain it) as lines of text.
 * Does not deal with: printing them or redacting them (the reporter does both).
 */
import type { NodeResult, RunEvent, RunMode, RunResult, SkipReason } from '../engine/types.ts';
import { describeSkip, formatDuration, plural, splitLines, stripAnsi } from './format.ts';

/** What {@link formatSummary} needs besides the result and the events. */
export interface SummaryOptions {
  /** Node titles by id; a missing entry means "show the id only". */
  readonly titles?: ReadonlyMap<string, string>;
  /** Path of a node's log file; `undefined` means no log files were written. */
  readonly logPathFor?: (id: string) => string;
  /** The run's log folder; `undefined` means no log files were written. */
  readonly logDir?: string;
}

type FailedEvent = Extract<RunEvent, { type: 'node-failed' }>;

/**
 * The summary as lines, without trailing newlines and before redaction.
 *
 * A failed run:
 * ```
 * ✖ datahub (Install DataHub) failed after 3 attempts, 3m02s
 *   Error: helm upgrade --install datahub exited with code 1
 *   Last output:
 *     │ Error: timed out waiting for the condition
 *   Log: state/logs/2026-11-22T18-03-04-123Z/datahub.log
 *
 * Skipped because a dependency failed: frontend
 * Not started: cleanup
 *
 * ✖ up failed after 3m05s: 1 done, 2 skipped (1 dependency failed, 1 not started), 1 failed
 * Logs: state/logs/2026-11-22T18-03-04-123Z
 * ```
 * A tool's exit code is in its error's first line (`helm upgrade ... failed (exit 1): ...`), so the headline
 * does not repeat it; `--json` and the report carry it as data (`failure.exitCode`).
 * A run that stopped before anything else did a thing (preflight failed) says `20 tasks not started:
 * preflight failed` instead of the two lists.
 */
export function formatSummary(result: RunResult, events: readonly RunEvent[], options: SummaryOptions = {}): string[] {
  const mode = runMode(events);
  const failures = new Map<string, FailedEvent>();
  for (const event of events) if (event.type === 'node-failed') failures.set(event.id, event);

  const sections: string[][] = [];

  const failureLines: string[] = [];
  for (const [id, node] of result.nodes) {
    if (node.outcome !== 'failed' && node.outcome !== 'interrupted') continue;
    failureLines.push(...describeFailure(id, node, failures.get(id), options));
  }
  sections.push(failureLines);

  const stoppedAtStart = stoppedBeforeAnythingElse(result);
  sections.push(stoppedAtStart !== undefined ? [stoppedAtStart] : describeSkips(result, mode));

  const closing = [headline(result, mode)];
  if (options.logDir !== undefined) closing.push(`Logs: ${options.logDir}`);
  sections.push(closing);

  return sections.filter((lines) => lines.length > 0).flatMap((lines, index) => (index === 0 ? lines : ['', ...lines]));
}

/** `Skipped because a dependency failed: ids` and `Not started: ids`, for the lines that have any. */
function describeSkips(result: RunResult, mode: RunMode): string[] {
  const lines: string[] = [];
  for (const reason of ['dependency-failed', 'not-started'] as const) {
    const ids = [...result.nodes].filter(([, node]) => node.outcome === 'skipped' && node.reason === reason);
    if (ids.length === 0) continue;
    const label =
      reason === 'not-started' ? 'Not started' : `Skipped because ${mode === 'down' ? 'a dependent' : 'a dependency'} failed`;
    lines.push(`${label}: ${ids.map(([id]) => id).join(', ')}`);
  }
  return lines;
}

/**
 * When the run stopped before any other task did anything (preflight failed, say), listing every task that
 * did not start buries the failure: one line says how many and why. `undefined` otherwise.
 */
function stoppedBeforeAnythingElse(result: RunResult): string | undefined {
  const nodes = [...result.nodes];
  const stopped = nodes.filter(([, node]) => node.outcome === 'failed' || node.outcome === 'interrupted');
  const notStarted = nodes.filter(([, node]) => node.outcome === 'skipped' && (node.reason === 'dependency-failed' || node.reason === 'not-started'));
  if (stopped.length === 0 || notStarted.length < 2 || stopped.length + notStarted.length !== nodes.length) return undefined;
  const verb = stopped.every(([, node]) => node.outcome === 'interrupted') ? 'interrupted' : 'failed';
  return `${plural(notStarted.length, 'task')} not started: ${stopped.map(([id]) => id).join(', ')} ${verb}`;
}

/** A failed or interrupted node: its name, how it ended, its error, its last output and its log. */
function describeFailure(id: string, node: NodeResult, event: FailedEvent | undefined, options: SummaryOptions): string[] {
  const title = options.titles?.get(id);
  const name = title !== undefined && title !== id ? `${id} (${title})` : id;
  const timing =
    event === undefined
      ? ''
      : ` after ${event.attempts > 1 ? `${event.attempts} attempts, ` : ''}${formatDuration(event.durationMs)}`;
  const lines = [`✖ ${name} ${node.outcome}${timing}`];

  const error = splitLines(stripAnsi(event?.error ?? node.error ?? '')).filter((line) => line.trim() !== '');
  error.forEach((line, index) => lines.push(index === 0 ? `  Error: ${line}` : `         ${line}`));

  const tail = event?.tail ?? [];
  if (tail.length > 0) {
    lines.push('  Last output:');
    for (const line of tail) lines.push(`    │ ${stripAnsi(line)}`);
  }
  if (options.logPathFor !== undefined) lines.push(`  Log: ${options.logPathFor(id)}`);
  return lines;
}

function headline(result: RunResult, mode: RunMode): string {
  const counts = countOutcomes(result);
  const skipped = [...counts.skipReasons].map(([reason, count]) => `${count} ${describeSkip(reason, mode)}`);
  const parts = [
    `${counts.done} done`,
    `${counts.skipped} skipped${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}`,
    `${counts.failed} failed`,
    ...(counts.interrupted > 0 ? [`${counts.interrupted} interrupted`] : []),
  ];
  const duration = formatDuration(result.durationMs);
  const verdict = result.outcome === 'success' ? `✔ ${mode} succeeded in ${duration}` : `✖ ${mode} ${result.outcome} after ${duration}`;
  return `${verdict}: ${parts.join(', ')}`;
}

function countOutcomes(result: RunResult) {
  const counts = { done: 0, skipped: 0, failed: 0, interrupted: 0, skipReasons: new Map<SkipReason, number>() };
  for (const node of result.nodes.values()) {
    counts[node.outcome] += 1;
    if (node.outcome === 'skipped' && node.reason !== undefined) {
      counts.skipReasons.set(node.reason, (counts.skipReasons.get(node.reason) ?? 0) + 1);
    }
  }
  return counts;
}

function runMode(events: readonly RunEvent[]): RunMode {
  const started = events.find((event) => event.type === 'run-started');
  return started?.type === 'run-started' ? started.mode : 'up';
}
