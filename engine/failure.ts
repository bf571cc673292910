/**
 * Failures as data: what kind of failure ended a node, taken structurally from what its work threw.
 *
 * Deals with: the engine's own timeout error, "retrying won't help" (`permanent: true`), and errors of a
 * process that exited non-zero or was ended by a signal (any error with a string `stderr` and a numeric
 * `exitCode` or a string `signal`, on itself or on its `cause`), without knowing which tool it was.
 * Does not deal with: wording (the reporters and the report do).
 */
import { formatDuration } from './duration.ts';
import type { Failure } from './events.ts';

/** How many lines of a process's stderr a failure keeps. */
export const STDERR_TAIL_LINES = 5;

/** The node's own time limit (`timeoutMs`) passed. */
export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${formatDuration(ms)}`);
    this.name = 'TimeoutError';
  }
}

/** True when an error says "retrying won't help". */
export function isPermanent(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { permanent?: unknown }).permanent === true;
}

/** Anything thrown, as an Error (strings and objects become messages). */
export function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The failure `error` describes; `interrupted` when the run was interrupted while the node worked. */
export function failureOf(error: unknown, interrupted: boolean): Failure {
  const message = asError(error).message;
  const processError = endedProcess(error) ?? endedProcess((error as { cause?: unknown } | null)?.cause);
  const kind: Failure['kind'] = interrupted
    ? 'interrupted'
    : error instanceof TimeoutError
      ? 'timeout'
      : endedProcess(error) !== undefined
        ? 'tool'
        : isPermanent(error)
          ? 'permanent'
          : 'error';
  if (processError === undefined) return { message, kind };
  const { exitCode, signal, stderr } = processError;
  return {
    message,
    kind,
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(signal === undefined ? {} : { signal }),
    ...tailOf(stderr),
  };
}

/**
 * How a process ended, when the error says (a string `stderr`, and an integer `exitCode` or, for a
 * process a signal ended, a string `signal`).
 */
function endedProcess(error: unknown): { exitCode?: number; signal?: string; stderr: string } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { exitCode, signal, stderr } = error as { exitCode?: unknown; signal?: unknown; stderr?: unknown };
  if (typeof stderr !== 'string') return undefined;
  if (typeof exitCode === 'number' && Number.isInteger(exitCode)) return { exitCode, stderr };
  return typeof signal === 'string' ? { signal, stderr } : undefined;
}

function tailOf(stderr: string): { stderrTail?: readonly string[] } {
  const lines = stderr.split('\n').map((line) => line.trimEnd()).filter((line) => line !== '');
  return lines.length === 0 ? {} : { stderrTail: lines.slice(-STDERR_TAIL_LINES) };
}
