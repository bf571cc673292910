/**
 * The per-run log folder: `<stateDir>/logs/<runId>/` with one `<node>.log` per node, `run.log` (every event
 * as a line, output included), `events.jsonl` (every event as JSON, for later timeline reports), and
 * `<stateDir>/logs/LATEST` holding the newest run id.
 *
 * Deals with: the folder's layout, file names safe and unique for any node id (uniqueFileNames), lazy
 * creation, redaction of everything written, and what each event writes where (writeEvent).
 * Does not deal with: the wording of a line (plain.ts), pruning old runs, or anything on the terminal.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import writeFileAtomic from 'write-file-atomic';
import { nodeLogName, RUN_FILES, stateLayout } from '../state/layout.ts';
import type { RunEvent } from '../engine/types.ts';
import { redactStrings } from '../config/redact.ts';
import { splitLines, stripAnsi } from './format.ts';
import { formatEvent, formatStamp, type FormatContext } from './plain.ts';

/** Options of {@link createRunLogs}. */
export interface RunLogsOptions {
  /** The state folder; logs go to `<stateDir>/logs/<runId>/`. */
  readonly stateDir: string;
  /** The run's id; `undefined` means {@link makeRunId} of `now()`. */
  readonly runId?: string;
  /** Applied to every line and every string of every event before it is written. */
  readonly redact: (text: string) => string;
  /** Node titles for the first line of each node's log; a missing entry means "id only". */
  readonly titles?: ReadonlyMap<string, string>;
  /** The clock for the run id; `undefined` means `new Date()`. */
  readonly now?: () => Date;
}

/** A sink for run events that writes the run's log folder. */
export interface RunLogs {
  /** Sortable, timestamp-based: `2026-11-22T18-03-04-123Z`. */
  readonly runId: string;
  /** `<stateDir>/logs/<runId>`; created on the first event, not before. */
  readonly dir: string;
  /** Where a node's log is (or would be) written; unique per id even when two ids clean up the same. */
  logPathFor(id: string): string;
  /** Writes the event to `events.jsonl`, `run.log` and, for node events, the node's log. Never throws. */
  onEvent(event: RunEvent): void;
  /** Flushes and closes every file. Never rejects. */
  close(): Promise<void>;
  /** Problems met while writing (permissions, full disk), one line each; empty when all went well. */
  readonly problems: readonly string[];
}

/** `2026-11-22T18:03:04.123Z` → `2026-11-22T18-03-04-123Z`: sorts by time and is a valid file name everywhere. */
export function makeRunId(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** A node id as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`; no leading dot. */
export function safeFileName(id: string): string {
  const cleaned = id
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  return cleaned === '' ? '_' : cleaned;
}

const RUN_LOG = RUN_FILES.runLog;
const EVENTS_FILE = RUN_FILES.events;

/** Creates the sink; nothing touches the disk until the first event. */
export function createRunLogs(options: RunLogsOptions): RunLogs {
  const runId = options.runId ?? makeRunId((options.now ?? (() => new Date()))());
  const layout = stateLayout(options.stateDir);
  const folder = layout.run(runId);
  const dir = folder.dir;
  const redact = options.redact;

  const fileNameFor = uniqueFileNames([RUN_LOG, EVENTS_FILE]);
  const streams = new Map<string, WriteStream>();
  const problems: string[] = [];
  let state: 'idle' | 'open' | 'broken' = 'idle';
  let context: FormatContext | undefined;

  function open(): boolean {
    if (state === 'idle') {
      try {
        // Private like the rest of the state folder: logs are redacted, but still describe the cluster.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileAtomic.sync(layout.latestRun, `${runId}\n`, { mode: 0o600 });
        state = 'open';
      } catch (error) {
        problems.push(`could not create the log folder ${dir}: ${messageOf(error)}`);
        state = 'broken';
      }
    }
    return state === 'open';
  }

  function write(fileName: string, lines: readonly string[], header?: string): void {
    if (!open()) return;
    let stream = streams.get(fileName);
    if (stream === undefined) {
      const path = folder.file(fileName);
      stream = appendStream(path, (error) => {
        problems.push(`could not write ${path}: ${messageOf(error)}`);
        streams.delete(fileName);
      });
      streams.set(fileName, stream);
      if (header !== undefined) stream.write(`${redact(header)}\n`);
    }
    for (const line of lines) stream.write(`${redact(line)}\n`);
  }

  return {
    runId,
    dir,
    logPathFor: (id) => folder.file(fileNameFor(id)),
    problems,
    onEvent(event) {
      try {
        context = contextAfter(event, context);
        const header = (id: string) => nodeHeader(id, options.titles?.get(id), runId);
        writeEvent(event, context, { write, redact, fileNameFor, header });
      } catch (error) {
        problems.push(`could not log a ${event.type} event: ${messageOf(error)}`);
      }
    },
    close: () => closeAll(streams),
  };
}

/** What run lines are formatted against: the `run-started` event's, else the first event's (as an `up`). */
function contextAfter(event: RunEvent, context: FormatContext | undefined): FormatContext {
  if (event.type === 'run-started') return { startedAt: event.at, mode: event.mode };
  return context ?? { startedAt: event.at, mode: 'up' };
}

/** Where {@link writeEvent} writes: appending lines to a file of the run's folder, by file name. */
interface EventFiles {
  write(fileName: string, lines: readonly string[], header?: string): void;
  readonly redact: (text: string) => string;
  /** The node's log file name. */
  fileNameFor(id: string): string;
  /** The first line of the node's log. */
  header(id: string): string;
}

/** One event as JSON in `events.jsonl`, as a line in `run.log` and, for a node's event, as lines in its log. */
function writeEvent(event: RunEvent, context: FormatContext, files: EventFiles): void {
  files.write(EVENTS_FILE, [JSON.stringify(redactStrings(event, files.redact))]);
  const lines = linesFor(event, context);
  files.write(RUN_LOG, event.type === 'node-output' ? [formatEvent(event, context)] : lines);
  if ('id' in event && event.id !== undefined) files.write(files.fileNameFor(event.id), lines, files.header(event.id));
}

/**
 * A node id's log file name, the same for the same id: {@link safeFileName} plus `.log`, then `~2`, `~3`…
 * when that name is taken (by `reserved` or another id), compared lower-cased, so that two ids differing
 * only by case do not share a file on macOS.
 */
export function uniqueFileNames(reserved: readonly string[]): (id: string) => string {
  const fileNames = new Map<string, string>();
  const usedNames = new Set(reserved.map((name) => name.toLowerCase()));
  return (id) => {
    let name = fileNames.get(id);
    if (name !== undefined) return name;
    const base = safeFileName(id);
    name = nodeLogName(base);
    for (let n = 2; usedNames.has(name.toLowerCase()); n += 1) name = nodeLogName(base, n);
    usedNames.add(name.toLowerCase());
    fileNames.set(id, name);
    return name;
  };
}

/** `# id (title), run <runId>`: the first line of a node's log; the title is left out when missing or the id. */
function nodeHeader(id: string, title: string | undefined, runId: string): string {
  return `# ${id}${title !== undefined && title !== id ? ` (${title})` : ''}, run ${runId}`;
}

/** A private file (0600) opened for appending; `onError` hears of any failure to open or write it. */
function appendStream(path: string, onError: (error: Error) => void): WriteStream {
  const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  stream.on('error', onError);
  return stream;
}

/** Ends every stream and waits until each is flushed (or failed); forgets them all. Never rejects. */
async function closeAll(streams: Map<string, WriteStream>): Promise<void> {
  const closing = [...streams.values()].map(async (stream) => {
    stream.end();
    await finished(stream).catch(() => undefined);
  });
  streams.clear();
  await Promise.all(closing);
}

/** An event as log lines: output as `[stamp] line`, other events as plain lines plus their full error. */
function linesFor(event: RunEvent, context: FormatContext): string[] {
  if (event.type === 'node-output') {
    const stamp = formatStamp(event.at, context);
    return splitLines(stripAnsi(event.line)).map((line) => `${stamp} ${line}`);
  }
  const lines = [formatEvent(event, context)];
  if (event.type === 'node-failed' || event.type === 'node-retrying') {
    const errorLines = splitLines(stripAnsi(event.error));
    if (errorLines.length > 1) lines.push(...errorLines.map((line) => `    ${line}`));
  }
  return lines;
}


function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
