/**
 * `report [run]`: where the time went in a recorded run (the latest by default) — a table in the terminal,
 * a Mermaid gantt chart, or a self-contained HTML page; `--json` for scripts.
 *
 * Deals with: options, choosing the run, writing the output, exit codes (0 when a report was produced, also
 * for a failed run; 2 when there is no such run or an option is wrong; 1 when the output cannot be written).
 * Does not deal with: the numbers (timeline.ts, critical-path.ts) or their layout (format-*.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIO } from './io.ts';
import { ExitCode } from './exit-codes.ts';
import type { ExtraHandler } from './main.ts';
import { badInput } from './prepare.ts';
import { resolveStateDir, runFolder } from '../state/layout.ts';
import { didYouMean } from '../engine/did-you-mean.ts';
import { findCriticalPath } from '../report/critical-path.ts';
import { formatHtml } from '../report/format-html.ts';
import { reportJson } from '../report/format-json.ts';
import { formatMermaid } from '../report/format-mermaid.ts';
import { formatTable } from '../report/format-table.ts';
import { findNodeLog, loadRun, type LoadedRun } from '../report/load-run.ts';
import { buildTimeline, TimelineError, type RunTimeline } from '../report/timeline.ts';

/** Output formats of `report`. */
export const REPORT_FORMATS = ['table', 'mermaid', 'html'] as const;
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * The options `report` takes beyond `--env` and `--state-dir`, in a shape the CLI can turn into
 * commander options (`new Option(flags, description)`, then `.choices()` and `.default()`).
 */
export const REPORT_OPTIONS = [
  { flags: '--format <format>', description: 'table in the terminal, Mermaid gantt chart, or a self-contained HTML page', choices: REPORT_FORMATS, default: 'table' },
  { flags: '--json', description: 'print one machine-readable summary instead' },
  { flags: '-o, --output <file>', description: 'write the report to this file (html default: report.html in the run\'s log folder; "-" for stdout)' },
] as const;

/** The `report` command. */
export const reportCommand: ExtraHandler & { readonly options: typeof REPORT_OPTIONS } = {
  name: 'report',
  description: 'show where the time went in a run: timings, the critical path, failures (default: the last run)',
  argument: { name: 'run', description: 'a run id (or a unique start of one), or a run\'s log folder; the last run when left out' },
  options: REPORT_OPTIONS,
  run: runReport,
};

/** The parsed options; anything missing takes its default. */
interface ReportOptions {
  readonly format: ReportFormat;
  readonly json: boolean;
  readonly output?: string;
  readonly stateDir?: string;
}

async function runReport(args: readonly string[], raw: Record<string, unknown>, io: CliIO): Promise<number> {
  const options = parseOptions(raw);
  if ('problem' in options) return badInput(io, 'the report options are not valid', [options.problem]).exitCode;

  const loaded = await loadRun({ stateDir: resolveStateDir(io, options), run: args[0], cwd: io.cwd });
  if (!loaded.ok) {
    io.stderr.write(`error: ${loaded.message}\n`);
    return ExitCode.badInput;
  }
  const { run } = loaded;
  for (const problem of run.problems) io.stderr.write(`warning: ${problem}\n`);
  let timeline: RunTimeline;
  try {
    timeline = buildTimeline(run.events);
  } catch (error) {
    if (!(error instanceof TimelineError)) throw error;
    io.stderr.write(`error: run ${run.runId} cannot be reported: ${error.message}\n`);
    return ExitCode.badInput;
  }
  const path = findCriticalPath(timeline);
  const logPaths = await logPathsOf(run, timeline);

  const text =
    options.format === 'html'
      ? formatHtml(timeline, path, { runId: run.runId, logPaths })
      : options.format === 'mermaid'
        ? formatMermaid(timeline, path)
        : formatTable(timeline, path, { runId: run.runId, logPaths });
  const target = outputPath(options, run, io);

  if (target !== undefined) {
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text, { mode: 0o600 });
    } catch (error) {
      io.stderr.write(`error: could not write the report to ${target}: ${(error as Error).message}; pass --output to write it elsewhere\n`);
      return ExitCode.failed;
    }
  }
  if (options.json) {
    const body = reportJson(timeline, path, { runId: run.runId, logDir: run.dir, problems: run.problems, ...(target === undefined ? {} : { output: target }) });
    io.stdout.write(JSON.stringify(body, null, 2) + '\n');
  } else if (target === undefined) {
    io.stdout.write(text);
  } else {
    io.stdout.write(`Report written to ${target}\n`);
    if (options.format === 'html') io.stdout.write(`Open it in a browser: ${pathToFileURL(target).href}\n`);
  }
  return ExitCode.success;
}

function parseOptions(raw: Record<string, unknown>): ReportOptions | { problem: string } {
  const format = raw.format ?? 'table';
  if (typeof format !== 'string' || !(REPORT_FORMATS as readonly string[]).includes(format)) {
    return { problem: `"${String(format)}" is not a report format${didYouMean(String(format), REPORT_FORMATS)}; choose table, mermaid or html` };
  }
  const output = raw.output;
  if (output !== undefined && (typeof output !== 'string' || output.trim() === '')) {
    return { problem: '--output needs a file name (or "-" for stdout)' };
  }
  return {
    format: format as ReportFormat,
    json: raw.json === true,
    ...(output === undefined ? {} : { output }),
    ...(typeof raw.stateDir === 'string' ? { stateDir: raw.stateDir } : {}),
  };
}

/** Where the report goes: a file path, or `undefined` for stdout. */
function outputPath(options: ReportOptions, run: LoadedRun, io: CliIO): string | undefined {
  if (options.output === '-') return undefined;
  if (options.output !== undefined) return resolve(io.cwd, options.output);
  // A page is useless on a terminal: it goes next to the run's logs unless asked otherwise.
  return options.format === 'html' ? runFolder(run.dir).htmlReport : undefined;
}

async function logPathsOf(run: LoadedRun, timeline: RunTimeline): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const node of timeline.nodes) {
    if (node.outcome !== 'failed' && node.outcome !== 'interrupted') continue;
    const path = await findNodeLog(run.dir, node.id);
    if (path !== undefined) paths.set(node.id, path);
  }
  return paths;
}
