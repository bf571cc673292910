/**
 * Finds a recorded run and reads its events: `<stateDir>/logs/<runId>/events.jsonl`.
 *
 * Deals with: choosing the run (the latest, an id, a unique prefix of one, or a run folder's path), reading
 * the file line by line, and telling the user what to do when there is nothing to read.
 * Does not deal with: what the events mean (timeline.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve, sep } from 'node:path';
import { nodeLogName, RUN_FILES, runFolder, stateLayout } from '../state/layout.ts';
import type { RunEvent } from '../engine/types.ts';
import { safeFileName } from '../run-output/log-files.ts';
import { parseEventLine } from './event-schema.ts';

/** A run's recorded events. */
export interface LoadedRun {
  /** The run's id (its folder's name). */
  readonly runId: string;
  /** The run's log folder. */
  readonly dir: string;
  /** Its events, in the order they were written. */
  readonly events: readonly RunEvent[];
  /** Lines that were skipped, as `events.jsonl line N ...`; empty when every line was a valid event. */
  readonly problems: readonly string[];
}

/** Why no run could be read; `message` says what to do. */
export type LoadRunFailure = { ok: false; reason: 'no-runs' | 'unknown-run' | 'no-events'; message: string };

/** What {@link loadRun} needs. */
export interface LoadRunOptions {
  /** The state folder (absolute). */
  readonly stateDir: string;
  /**
   * Which run: an id, a unique prefix of one, `latest`, or the path of a run folder. `undefined` means the
   * latest run (the one `<stateDir>/logs/LATEST` names).
   */
  readonly run?: string;
  /** Where relative run folder paths resolve from. `undefined` means `process.cwd()`. */
  readonly cwd?: string;
}

const EVENTS_FILE = RUN_FILES.events;

/** Reads the chosen run's events. */
export async function loadRun(options: LoadRunOptions): Promise<{ ok: true; run: LoadedRun } | LoadRunFailure> {
  const located = await locateRun(options);
  if (!located.ok) return located;
  const file = runFolder(located.dir).events;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {
      ok: false,
      reason: 'no-events',
      message: `run ${located.runId} has no ${EVENTS_FILE} in ${located.dir}; its log folder may be from an older version, or could not be written`,
    };
  }
  const events: RunEvent[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseEventLine(line);
    if (parsed.kind === 'event') events.push(parsed.event);
    else if (parsed.kind === 'problem') problems.push(`${EVENTS_FILE} line ${index + 1} ${parsed.message}; it was skipped`);
  });
  if (!events.some((event) => event.type === 'run-started')) {
    return {
      ok: false,
      reason: 'no-events',
      message: `run ${located.runId} recorded no run-started event in ${file}, so there is nothing to report`,
    };
  }
  return { ok: true, run: { runId: located.runId, dir: located.dir, events, problems } };
}

type Located = { ok: true; runId: string; dir: string } | LoadRunFailure;

async function locateRun(options: LoadRunOptions): Promise<Located> {
  const layout = stateLayout(options.stateDir);
  const logsDir = layout.logs;
  const wanted = options.run?.trim();
  if (wanted !== undefined && wanted !== '' && looksLikePath(wanted)) {
    const dir = resolve(options.cwd ?? process.cwd(), wanted);
    const folder = basename(dir) === EVENTS_FILE ? resolve(dir, '..') : dir;
    if (isDirectory(folder)) return { ok: true, runId: basename(folder), dir: folder };
    return { ok: false, reason: 'unknown-run', message: `${dir} is not a run's log folder` };
  }

  const runs = await listRuns(logsDir);
  if (wanted === undefined || wanted === '' || wanted.toLowerCase() === 'latest') {
    const latest = await readLatest(layout.latestRun);
    const runId = latest !== undefined && runs.includes(latest) ? latest : runs[0];
    if (runId === undefined) {
      return {
        ok: false,
        reason: 'no-runs',
        message: `no runs are recorded in ${logsDir} yet; run "up" or "down" first, or pass --state-dir to read another state folder`,
      };
    }
    return { ok: true, runId, dir: layout.run(runId).dir };
  }
  if (runs.includes(wanted)) return { ok: true, runId: wanted, dir: layout.run(wanted).dir };
  const matches = runs.filter((id) => id.startsWith(wanted));
  if (matches.length === 1) return { ok: true, runId: matches[0]!, dir: layout.run(matches[0]!).dir };
  const recent = runs.slice(0, 5).join(', ');
  const message =
    matches.length > 1
      ? `"${wanted}" matches ${matches.length} runs (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}); give more of the run id`
      : runs.length === 0
        ? `no run "${wanted}": no runs are recorded in ${logsDir}; pass --state-dir if they are elsewhere`
        : `no run "${wanted}" in ${logsDir}; the latest runs are: ${recent}`;
  return { ok: false, reason: 'unknown-run', message };
}

/** Run ids, newest first (ids are timestamps, so they sort by time). */
async function listRuns(logsDir: string): Promise<string[]> {
  try {
    const entries = await readdir(logsDir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

async function readLatest(latestFile: string): Promise<string | undefined> {
  try {
    const id = (await readFile(latestFile, 'utf8')).trim();
    return id === '' ? undefined : id;
  } catch {
    return undefined;
  }
}

function looksLikePath(value: string): boolean {
  return isAbsolute(value) || value.includes('/') || value.includes(sep) || value.startsWith('.');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The node's log file in the run folder, or `undefined` if there is none. The log writer adds `~2`, `~3`
 * to names that would collide, so the header line (`# <id> ...`) tells which file is whose.
 */
export async function findNodeLog(dir: string, id: string): Promise<string | undefined> {
  const base = safeFileName(id);
  for (let n = 1; n <= 20; n++) {
    const path = runFolder(dir).file(nodeLogName(base, n));
    if (!existsSync(path)) return undefined;
    const header = await firstLine(path);
    if (header.startsWith(`# ${id} (`) || header.startsWith(`# ${id},`)) return path;
  }
  return undefined;
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}
