/**
 * The line-per-event view for CI and pipes: one greppable line per event, no colour, no cursor movement.
 *
 * Deals with: wording each RunEvent as `[elapsed] <symbol> <node id> <what happened>`.
 * Does not deal with: the end-of-run summary (summary.ts) or log files (log-files.ts).
 */
import type { RunEvent, RunMode } from '../engine/types.ts';
import { describeSkip, firstLine, formatDuration, formatElapsed, plural, splitLines, stripAnsi } from './format.ts';
import type { Reporter } from './reporter.ts';

/** What `formatEvent` needs to know about the run besides the event itself. */
export interface FormatContext {
  /** The `at` of the run's `run-started` event: stamps show the time elapsed since then. */
  readonly startedAt: number;
  /** Direction of the run; it changes a few words (`already gone` in `down`). */
  readonly mode: RunMode;
  /**
   * Node titles (in `down`, the nodes' down titles). In `down` a start line names the step, since the id alone
   * reads as the install (`▸ release:datahub started: Uninstall DataHub release`). `undefined` means ids only.
   */
  readonly titles?: ReadonlyMap<string, string>;
}

/** The `[mm:ss]` stamp that starts every line, elapsed since the run started. */
export function formatStamp(at: number, context: FormatContext): string {
  return `[${formatElapsed(at - context.startedAt)}]`;
}

/**
 * One event as one line, without a trailing newline and before redaction.
 *
 * ```
 * [00:00] ● up started: 3 nodes, concurrency 4
 * [00:00] ◌ secrets waiting for namespaces
 * [00:00] ◇ namespaces checking
 * [00:00] ▸ namespaces started
 * [00:01] │ namespaces: namespace/datahub created
 * [00:01] ✔ namespaces done (1.2s)
 * [00:01] ↷ secrets skipped: already done
 * [00:05] ↻ datahub retry 2/4 in 2s: connection refused
 * [03:02] ✖ datahub failed after 3 attempts, 3m02s: timed out
 * [03:02] ● up failed after 3m02s
 * ```
 */
export function formatEvent(event: RunEvent, context: FormatContext): string {
  const stamp = formatStamp(event.at, context);
  // A node should log one line at a time; if one slips through with newlines, every piece keeps its prefix.
  if (event.type === 'node-output') {
    return splitLines(stripAnsi(event.line))
      .map((line) => `${stamp} │ ${event.id}: ${line}`)
      .join('\n');
  }
  return `${stamp} ${describeEvent(event, context.mode, context.titles)}`;
}

function describeEvent(event: RunEvent, mode: RunMode, titles?: ReadonlyMap<string, string>): string {
  switch (event.type) {
    case 'run-started':
      return `● ${event.mode} started: ${plural(event.nodes.length, 'node')}, concurrency ${event.concurrency}`;
    case 'node-waiting':
      return `◌ ${event.id} ${describeWait(event.deps, event.lock, event.slot)}`;
    case 'node-checking':
      return `◇ ${event.id} checking`;
    case 'node-started': {
      const notes = [
        ...(event.attempt > 1 ? [`attempt ${event.attempt}`] : []),
        ...(event.forced === 'fingerprint' ? ['inputs changed'] : event.forced === 'force' ? ['--force'] : []),
      ];
      const title = mode === 'down' ? titles?.get(event.id) : undefined;
      return `▸ ${event.id} started${title !== undefined && title !== event.id ? `: ${title}` : ''}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    }
    case 'node-output':
      return `│ ${event.id}: ${event.line}`;
    case 'node-retrying':
      return (
        `↻ ${event.id} retry ${event.attempt}/${event.maxAttempts} in ${formatDuration(event.delayMs)}: ` +
        stripAnsi(firstLine(event.error))
      );
    case 'node-skipped':
      return `↷ ${event.id} skipped: ${describeSkip(event.reason, mode)}${event.detail ? ` (${event.detail})` : ''}`;
    case 'node-done':
      return `✔ ${event.id} done (${formatDuration(event.durationMs)}${attemptsNote(event.attempts)})`;
    case 'node-failed': {
      const verb = event.interrupted ? 'interrupted' : 'failed';
      const attempts = event.attempts > 1 ? `${event.attempts} attempts, ` : '';
      const error = stripAnsi(firstLine(event.error));
      return `✖ ${event.id} ${verb} after ${attempts}${formatDuration(event.durationMs)}${error ? `: ${error}` : ''}`;
    }
    case 'warning':
      return `⚠ ${stripAnsi(firstLine(event.message))}`;
    case 'run-finished':
      return event.outcome === 'success'
        ? `● ${mode} succeeded in ${formatDuration(event.durationMs)}`
        : `● ${mode} ${event.outcome} after ${formatDuration(event.durationMs)}`;
  }
}

/** `waiting for namespaces, crds`, `waiting for lock helm`, or `waiting for a free slot`. */
export function describeWait(deps: readonly string[], lock: string | undefined, slot?: number): string {
  if (lock !== undefined) return `waiting for lock ${lock}`;
  if (deps.length > 0) return `waiting for ${deps.join(', ')}`;
  return slot === undefined ? 'waiting for a free slot' : `waiting for a free slot (concurrency ${slot})`;
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? `, ${attempts} attempts` : '';
}

/** Options of {@link createPlainReporter}. */
export interface PlainReporterOptions {
  /** Where lines go. */
  readonly stream: NodeJS.WritableStream;
  /** Print `node-output` lines too. */
  readonly verbose: boolean;
  /** Applied to every line before it is written. */
  readonly redact: (text: string) => string;
  /** Node titles by id, for the start lines of `down`. `undefined` means ids only. */
  readonly titles?: ReadonlyMap<string, string>;
}

type SkippedEvent = Extract<RunEvent, { type: 'node-skipped' }>;

/** More tasks than this skipped in a row for the same failed dependency make one line, not one each. */
const MAX_SKIPS_LISTED = 3;

/**
 * A reporter that writes {@link formatEvent} lines as events arrive. Tasks skipped in a row because the same
 * dependency failed (everything after a failed preflight) make one line when there are more than
 * {@link MAX_SKIPS_LISTED}: `↷ 20 tasks skipped: dependency failed (needs "preflight")`. The run's log
 * (log-files.ts) still has a line for each.
 */
export function createPlainReporter(options: PlainReporterOptions): Reporter {
  let context: FormatContext | undefined;
  let skips: SkippedEvent[] = [];
  const write = (line: string) => options.stream.write(`${options.redact(line)}\n`);
  const flush = () => {
    if (skips.length === 0 || context === undefined) return;
    const first = skips[0]!;
    if (skips.length <= MAX_SKIPS_LISTED) for (const skip of skips) write(formatEvent(skip, context));
    else {
      const detail = first.detail ? ` (${first.detail})` : '';
      write(`${formatStamp(first.at, context)} ↷ ${plural(skips.length, 'task')} skipped: ${describeSkip(first.reason, context.mode)}${detail}`);
    }
    skips = [];
  };
  return {
    onEvent(event) {
      if (event.type === 'run-started') context = { startedAt: event.at, mode: event.mode, ...(options.titles ? { titles: options.titles } : {}) };
      // Events before run-started should not happen; stamp them from the first one seen.
      context ??= { startedAt: event.at, mode: 'up' };
      if (event.type === 'node-output' && !options.verbose) return;
      if (event.type === 'node-skipped' && event.reason === 'dependency-failed') {
        if (skips.length > 0 && skips[0]!.detail !== event.detail) flush();
        skips.push(event);
        return;
      }
      flush();
      write(formatEvent(event, context));
    },
    async close() {
      flush();
    },
  };
}
