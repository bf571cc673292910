/**
 * Words and numbers shared by every reporter: durations, elapsed stamps, skip reasons, one-line errors.
 *
 * Deals with: turning engine values into the short text users read.
 * Does not deal with: where the text goes (terminal, files) or colour.
 */
import type { RunMode, SkipReason } from '../engine/types.ts';

// One way of writing durations across the CLI: the engine's.
export { formatDuration } from '../engine/duration.ts';

/** Time since the run started, as a stamp for line-per-event output: `00:07`, `03:02`, `1:02:03`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${minutes}:${seconds}` : `${minutes}:${seconds}`;
}

/** Why a node was skipped, in the words of the run's direction (`already done` vs `already gone`). */
export function describeSkip(reason: SkipReason, mode: RunMode): string {
  switch (reason) {
    case 'check':
      return mode === 'down' ? 'already gone' : 'already done';
    case 'journal':
      return 'unchanged since the last run';
    case 'no-down':
      return 'nothing to undo';
    case 'dependency-failed':
      return mode === 'down' ? 'dependent failed' : 'dependency failed';
    case 'not-started':
      return 'not started';
  }
}

/** `1 node`, `3 nodes`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The first non-empty line of a (possibly multi-line) message, with ` …` when lines were left out. */
export function firstLine(text: string): string {
  const lines = splitLines(text).filter((line) => line.trim() !== '');
  if (lines.length === 0) return '';
  return lines.length > 1 ? `${lines[0]} …` : (lines[0] ?? '');
}

/** Splits on any newline style, dropping one trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n|\r/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
const ANSI_PATTERN = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/** Removes terminal escape sequences, so that plain output and log files stay plain. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
