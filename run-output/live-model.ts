/**
 * What the live view shows, as data: one row per selected node (its state, the words after its title, its
 * latest output line) and a footer (elapsed time, how many nodes are finished out of how many).
 *
 * Deals with: folding run events into rows; which states spin; the wording of waits and of the footer.
 * Does not deal with: drawing (listr.ts), redaction, colour.
 */
import type { RunEvent, RunMode, SkipReason } from '../engine/types.ts';
import { describeSkip, firstLine, formatDuration, formatElapsed, stripAnsi } from './format.ts';

/**
 * Where a node is. `pending`: nothing said yet. `waiting`: for dependencies, a lock or a free slot (no
 * spinner). `checking` and `running` (a retry's pause included) spin. The last three are final.
 */
export type RowState = 'pending' | 'waiting' | 'checking' | 'running' | 'done' | 'skipped' | 'failed';

/** One node as the live view shows it. */
export interface LiveRow {
  readonly id: string;
  readonly title: string;
  state: RowState;
  /** Shown after the title (`waiting for namespaces`, `retry 2/5 in 4s: …`); `undefined` means the title alone. */
  status: string | undefined;
  /** The latest output line while it runs, replaced by each new one; `undefined` when there is none. */
  output: string | undefined;
  /** From the last retry event; `undefined` until the node retries. */
  maxAttempts: number | undefined;
  /** With a final state: the text that replaces the title (`Secrets (1.2s)`, `Secrets — skipped: …`). */
  final: string | undefined;
}

/** The live view's state: rows in the run's order and what the footer needs. */
export interface LiveModel {
  mode: RunMode;
  concurrency: number;
  readonly rows: Map<string, LiveRow>;
  /** `run-started`'s `at`; `undefined` before. */
  startedAt: number | undefined;
  /** `run-finished`'s duration; `undefined` while the run goes on. */
  durationMs: number | undefined;
}

/** True for the states drawn with a spinner: only nodes that check or work. */
export function spins(state: RowState): boolean {
  return state === 'checking' || state === 'running';
}

/** True once the node is done, skipped or failed. */
export function isFinal(state: RowState): boolean {
  return state === 'done' || state === 'skipped' || state === 'failed';
}

/** An empty model; `titles` gives each node's title (a node missing there is shown by its id). */
export function createLiveModel(titles: ReadonlyMap<string, string>): LiveModel & { readonly titles: ReadonlyMap<string, string> } {
  return { mode: 'up', concurrency: 1, rows: new Map(), startedAt: undefined, durationMs: undefined, titles };
}

function newRow(id: string, title: string): LiveRow {
  return { id, title, state: 'pending', status: undefined, output: undefined, maxAttempts: undefined, final: undefined };
}

/** `waiting for namespaces, crds`, `waiting for lock helm`, `waiting for a free slot (concurrency 1)`. */
export function describeLiveWait(event: Extract<RunEvent, { type: 'node-waiting' }>, concurrency: number): string {
  if (event.lock !== undefined) return `waiting for lock ${event.lock}`;
  if (event.deps.length > 0) return `waiting for ${event.deps.join(', ')}`;
  return `waiting for a free slot (concurrency ${event.slot ?? concurrency})`;
}

function skipText(title: string, reason: SkipReason, mode: RunMode): string {
  return `${title} — skipped: ${describeSkip(reason, mode)}`;
}

/** The live model together with the titles its rows take their names from. */
type TitledModel = ReturnType<typeof createLiveModel>;
/** The events about one node (all but the run's start and finish and warnings). */
export type NodeEvent = Exclude<RunEvent, { type: 'run-started' | 'run-finished' | 'warning' }>;

/**
 * Applies one event to the model (in place). Output lines only count while the node runs: a check's or a
 * finished node's lines are for the log file.
 */
export function applyLiveEvent(model: TitledModel, event: RunEvent): void {
  if (event.type === 'run-started') return startRows(model, event);
  if (event.type === 'run-finished') return finishRows(model, event);
  if (event.type === 'warning') return;
  const row = model.rows.get(event.id);
  if (row === undefined || isFinal(row.state)) return;
  applyNodeEvent(row, event, model);
}

/** `run-started`: the run's mode and concurrency, and one pending row per node it names. */
function startRows(model: TitledModel, event: Extract<RunEvent, { type: 'run-started' }>): void {
  model.mode = event.mode;
  model.concurrency = event.concurrency;
  model.startedAt = event.at;
  for (const id of event.nodes) if (!model.rows.has(id)) model.rows.set(id, newRow(id, model.titles.get(id) ?? id));
}

/** `run-finished`: the run's duration; every row not finished yet becomes "skipped: not started". */
function finishRows(model: TitledModel, event: Extract<RunEvent, { type: 'run-finished' }>): void {
  model.durationMs = event.durationMs;
  for (const row of model.rows.values()) {
    if (isFinal(row.state)) continue;
    row.state = 'skipped';
    row.status = undefined;
    row.output = undefined;
    row.final = skipText(row.title, 'not-started', model.mode);
  }
}

/** One node's event on its (not yet finished) row: its state, the words after its title, its output line. */
function applyNodeEvent(row: LiveRow, event: NodeEvent, model: LiveModel): void {
  switch (event.type) {
    case 'node-waiting':
      row.state = 'waiting';
      row.status = describeLiveWait(event, model.concurrency);
      return;
    case 'node-checking':
      row.state = 'checking';
      row.status = 'checking';
      return;
    case 'node-started':
      row.state = 'running';
      row.output = undefined;
      row.status = startedStatus(event, row.maxAttempts);
      return;
    case 'node-retrying':
      row.state = 'running';
      row.maxAttempts = event.maxAttempts;
      row.status =
        `retry ${event.attempt}/${event.maxAttempts} in ${formatDuration(event.delayMs)}: ` + stripAnsi(firstLine(event.error));
      return;
    case 'node-output': {
      if (row.state !== 'running') return;
      const line = stripAnsi(event.line).trim();
      if (line !== '') row.output = line;
      return;
    }
    case 'node-done':
    case 'node-skipped':
    case 'node-failed':
      finishRow(row, event, model.mode);
  }
}

/** `attempt 2/5, inputs changed`, `--force`; `undefined` for a first attempt that was not forced. */
function startedStatus(event: Extract<RunEvent, { type: 'node-started' }>, maxAttempts: number | undefined): string | undefined {
  const notes = [
    ...(event.attempt > 1 ? [`attempt ${event.attempt}${maxAttempts ? `/${maxAttempts}` : ''}`] : []),
    ...(event.forced === 'fingerprint' ? ['inputs changed'] : event.forced === 'force' ? ['--force'] : []),
  ];
  return notes.length > 0 ? notes.join(', ') : undefined;
}

/** A final event: the row's final state and the text that replaces its title; no status or output left. */
function finishRow(row: LiveRow, event: Extract<NodeEvent, { type: 'node-done' | 'node-skipped' | 'node-failed' }>, mode: RunMode): void {
  switch (event.type) {
    case 'node-done': {
      row.state = 'done';
      const attempts = event.attempts > 1 ? `, ${event.attempts} attempts` : '';
      row.final = `${row.title} (${formatDuration(event.durationMs)}${attempts})`;
      break;
    }
    case 'node-skipped':
      row.state = 'skipped';
      row.final = skipText(row.title, event.reason, mode);
      break;
    case 'node-failed': {
      row.state = 'failed';
      const verb = event.interrupted ? 'interrupted' : 'failed';
      const attempts = event.attempts > 1 ? `${event.attempts} attempts, ` : '';
      const error = stripAnsi(firstLine(event.error));
      row.final = `${row.title} — ${verb} after ${attempts}${formatDuration(event.durationMs)}${error ? `: ${error}` : ''}`;
      break;
    }
  }
  row.status = undefined;
  row.output = undefined;
}

/** The title as drawn while the node is not finished: `Title — status`. */
export function rowTitle(row: LiveRow): string {
  if (row.final !== undefined) return row.final;
  return row.status === undefined ? row.title : `${row.title} — ${row.status}`;
}

/**
 * `00:42 · 7/22 done · 2 running · 1 checking · 9 waiting` (and `· 1 failed`); a count of 0 is left out. Finished counts done, skipped and failed
 * nodes; `elapsedMs` is the time since the run started (the run's duration once it finished).
 */
export function footerLine(model: LiveModel, elapsedMs: number): string {
  const rows = [...model.rows.values()];
  const count = (test: (row: LiveRow) => boolean) => rows.filter(test).length;
  const finished = count((row) => isFinal(row.state));
  const running = count((row) => row.state === 'running');
  const checking = count((row) => row.state === 'checking');
  const waiting = count((row) => row.state === 'waiting' || row.state === 'pending');
  const failed = count((row) => row.state === 'failed');
  const parts = [
    formatElapsed(model.durationMs ?? elapsedMs),
    `${finished}/${rows.length} done`,
    ...(running > 0 ? [`${running} running`] : []),
    ...(checking > 0 ? [`${checking} checking`] : []),
    ...(waiting > 0 ? [`${waiting} waiting`] : []),
    ...(failed > 0 ? [`${failed} failed`] : []),
  ];
  return parts.join(' · ');
}

/** The rows and footer after `events`, for tests and one-shot renders: a pure fold of {@link applyLiveEvent}. */
export function liveView(
  events: readonly RunEvent[],
  titles: ReadonlyMap<string, string>,
  elapsedMs = 0,
): { rows: LiveRow[]; footer: string } {
  const model = createLiveModel(titles);
  for (const event of events) applyLiveEvent(model, event);
  return { rows: [...model.rows.values()].map((row) => ({ ...row })), footer: footerLine(model, elapsedMs) };
}
