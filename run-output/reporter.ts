/**
 * The one entry point the CLI uses: pick a view for the terminal (chooseMode) and build a reporter that feeds
 * it and the per-run log folder from the same events, and prints the end-of-run summary of the run's result
 * (the engine's, the one the exit code and `--json` come from) with those events (createReporter).
 *
 * Deals with: wiring views, log files and the summary together; keeping a broken reporter from breaking a run.
 * Does not deal with: wording (plain.ts, summary.ts), drawing (listr.ts), files (log-files.ts).
 */
import type { RunEvent, RunResult } from '../engine/types.ts';
import { createListrReporter } from './listr.ts';
import { createRunLogs, type RunLogs } from './log-files.ts';
import { createPlainReporter } from './plain.ts';
import { formatSummary } from './summary.ts';

/** Consumes a run's events. The engine calls `onEvent` synchronously; `close` is awaited once, after the run. */
export interface Reporter {
  /** Handles one event. Never throws. */
  onEvent(event: RunEvent): void;
  /** Finishes drawing and writing. Never rejects. */
  close(): Promise<void>;
}

/** `tty`: listr2's live view. `plain`: one line per event. `silent`: nothing on the stream (--json, benchmarks). */
export type ReporterMode = 'tty' | 'plain' | 'silent';

/**
 * The view for this terminal: `silent` when asked, `plain` when the stream is not a TTY, when `CI` is set
 * (to anything but `''`, `0` or `false`) or when `TERM=dumb`, else `tty`.
 */
export function chooseMode(options: {
  /** `isTTY` of the output stream; `undefined` means not a TTY. */
  readonly isTTY: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Machine-readable output (--json) or a benchmark: print nothing. `undefined` means `false`. */
  readonly silent?: boolean;
}): ReporterMode {
  if (options.silent === true) return 'silent';
  if (options.isTTY !== true) return 'plain';
  const ci = options.env['CI'];
  if (ci !== undefined && !['', '0', 'false'].includes(ci.trim().toLowerCase())) return 'plain';
  if (options.env['TERM'] === 'dumb') return 'plain';
  return 'tty';
}

/** Options of {@link createReporter}. */
export interface ReporterOptions {
  readonly mode: ReporterMode;
  /** Stream node output (`node-output` events) to the terminal too. Log files always get it. */
  readonly verbose: boolean;
  /** Ids and titles of the graph's nodes (all or only the selected ones: the run's own list decides). */
  readonly nodes: readonly { readonly id: string; readonly title: string }[];
  /** Where the view and the summary go; `undefined` means `process.stdout`. */
  readonly stream?: NodeJS.WritableStream;
  /** Replaces secret values by `***`; applied to everything printed or written. */
  readonly redact: (text: string) => string;
  /** The state folder; logs go to `<stateDir>/logs/<runId>/`. `undefined` means no log files. */
  readonly stateDir?: string;
  /** The run's id for the log folder; `undefined` means one made from `now()`. */
  readonly runId?: string;
  /** Clock for the run id; `undefined` means `new Date()`. */
  readonly now?: () => Date;
  /** Options for the `tty` view that tests need (a listr2 renderer that prints one line per change). */
  readonly listr?: { readonly renderer?: 'default' | 'simple' | 'test'; readonly lazy?: boolean };
}

/** A reporter with the run's log folder, closed with the run's result. */
export interface RunReporter extends Reporter {
  /** The run's log folder; `undefined` when no `stateDir` was given. */
  readonly logDir: string | undefined;
  /** A node's log file; `undefined` when no `stateDir` was given. */
  logPathFor(id: string): string | undefined;
  /**
   * Finishes drawing and writing, then (not in `silent` mode) prints the summary of `result`, the run's
   * result as the engine returned it. `undefined` (the run never returned) means no summary. Never rejects.
   */
  close(result?: RunResult): Promise<void>;
}

/**
 * Builds the reporter for a run: the chosen view, the log folder (when `stateDir` is given) and, on
 * `close(result)`, the summary on the stream (not in `silent` mode), followed by any problem the reporter met.
 */
export function createReporter(options: ReporterOptions): RunReporter {
  const stream = options.stream ?? process.stdout;
  const redact = options.redact;
  const titles = new Map(options.nodes.map((node) => [node.id, node.title]));
  const logs: RunLogs | undefined =
    options.stateDir === undefined
      ? undefined
      : createRunLogs({ stateDir: options.stateDir, runId: options.runId, redact, titles, now: options.now });
  const view = createView(options, stream, titles);
  // Output lines are not kept: the summary needs only the final events (their tail has the last lines).
  const events: RunEvent[] = [];
  // The first problem of each part only: a part that throws on every event would otherwise flood the end.
  const problems = new Map<string, string>();
  const guard = (what: string, action: () => void): void => {
    try {
      action();
    } catch (error) {
      if (!problems.has(what)) problems.set(what, `${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  let closed = false;
  return {
    logDir: logs?.dir,
    logPathFor: (id) => logs?.logPathFor(id),
    onEvent(event) {
      if (closed) return;
      if (event.type !== 'node-output') events.push(event);
      if (logs !== undefined) guard('log files', () => logs.onEvent(event));
      if (view !== undefined) guard(`the ${options.mode} view`, () => view.onEvent(event));
    },
    async close(result) {
      if (closed) return;
      closed = true;
      await view?.close().catch((error: unknown) =>
        guard('the view', () => {
          throw error;
        }),
      );
      await logs?.close();
      if (options.mode === 'silent') return;
      guard('the summary', () => {
        const summary = result === undefined ? [] : ['', ...formatSummary(result, events, { titles, logDir: logs?.dir, logPathFor: logs?.logPathFor })];
        const lines = [...summary, ...[...(logs?.problems ?? []), ...problems.values()].map((problem) => `⚠ reporter: ${problem}`)];
        if (lines.length > 0) stream.write(`${lines.map(redact).join('\n')}\n`);
      });
    },
  };
}

/** The view the mode asks for: listr2's live view, plain lines, or none. */
function createView(options: ReporterOptions, stream: NodeJS.WritableStream, titles: ReadonlyMap<string, string>): Reporter | undefined {
  const { redact, verbose } = options;
  if (options.mode === 'tty') {
    const { renderer, lazy } = options.listr ?? {};
    return createListrReporter({ nodes: options.nodes, verbose, stream, redact, renderer, lazy });
  }
  return options.mode === 'plain' ? createPlainReporter({ stream, verbose, redact, titles }) : undefined;
}
