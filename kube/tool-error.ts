/**
 * Failures of kubectl and helm, classified from their own stderr so callers and retries can decide.
 *
 * Deals with: which failures are worth retrying (transient API trouble, conflicts) and which are not
 * (forbidden, invalid, unknown chart version, a missing binary), and what a failure carries as plain data:
 * the command, how the tool ended (exit code, or signal), the tail of its stderr, the kind, and whether it
 * is retryable.
 * Does not deal with: retrying itself (the engine's retry policy asks {@link isRetryable}).
 */
import { constants } from 'node:os';

/** What kind of failure a tool reported. */
export type ToolErrorKind =
  /** the API server hiccuped: connection refused, TLS handshake timeout, leader changed, ... */
  | 'transient'
  /** 409: someone else changed the object; applying again is the fix */
  | 'conflict'
  | 'not-found'
  /** helm: a release is pending-install/pending-upgrade from a killed earlier run */
  | 'pending-operation'
  /** the binary is not installed (or not executable) */
  | 'missing-tool'
  /** the command ran out of its own --timeout */
  | 'timeout'
  | 'permanent';

const PATTERNS: readonly [ToolErrorKind, RegExp][] = [
  ['conflict', /\(Conflict\)|the object has been modified/],
  ['pending-operation', /another operation \(install\/upgrade\/rollback\) is in progress/],
  [
    'transient',
    /connection refused|The connection to the server \S+ was refused|connection reset by peer|TLS handshake timeout|i\/o timeout|etcdserver: (leader changed|request timed out)|Unable to connect to the server|\(ServiceUnavailable\)|\(InternalError\)|the server is currently unable to handle the request|http2: client connection lost|Kubernetes cluster unreachable|\(TooManyRequests\)/,
  ],
  ['timeout', /timed out waiting for the condition|context deadline exceeded/],
  ['not-found', /\(NotFound\)|release: not found|not found$/m],
];

/** How much of a tool's stderr a failure keeps: its last lines, which is where the tools put the reason. */
export const STDERR_TAIL_LINES = 50;
export const STDERR_TAIL_CHARS = 8_000;

/** What a {@link ToolError} is made from. */
export interface ToolFailure {
  readonly tool: string;
  /**
   * The arguments as passed. They never hold secret values: secret material reaches a tool only on stdin
   * (kube/run-tool.ts), and helm's `--set` carries non-secret settings only.
   */
  readonly args: readonly string[];
  /** `undefined` when the tool did not start, or when a signal ended it (then {@link signal}). */
  readonly exitCode?: number;
  /** The signal that ended the tool, if one did. */
  readonly signal?: NodeJS.Signals;
  /** The tool's stderr (its own words); only its tail is kept. */
  readonly stderr: string;
  /** Given when the caller knows better than the stderr (a missing binary, a server that gave no version). */
  readonly kind?: ToolErrorKind;
}

/** A kubectl or helm call that failed. Every field is plain data. */
export class ToolError extends Error {
  readonly tool: string;
  readonly args: readonly string[];
  /** The command line, tool first (no secrets: see {@link ToolFailure.args}). */
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
  /** The tail of the tool's stderr. */
  readonly stderr: string;
  readonly kind: ToolErrorKind;
  /** Only transient failures and conflicts are worth another attempt. */
  readonly retryable: boolean;
  /** Read by the engine (its structural check): `!retryable`. */
  readonly permanent: boolean;
  constructor(failure: ToolFailure) {
    const stderr = stderrTail(failure.stderr);
    const kind = failure.kind ?? classify(stderr, failure.exitCode);
    super(`${failure.tool} ${describeCall(failure.args)} failed (${describeEnd(failure)}): ${describeStderr(stderr, failure.signal)}`);
    this.name = 'ToolError';
    this.tool = failure.tool;
    this.args = [...failure.args];
    this.command = [failure.tool, ...failure.args].join(' ');
    this.exitCode = failure.exitCode;
    this.signal = failure.signal;
    this.stderr = stderr;
    this.kind = kind;
    this.retryable = isRetryableKind(kind);
    this.permanent = !this.retryable;
  }
}

/** The kind of failure, from the tool's stderr and exit code (`undefined`: it did not start or a signal ended it). */
export function classify(stderr: string, exitCode: number | undefined): ToolErrorKind {
  if (exitCode === 127 || exitCode === 126) return 'missing-tool';
  for (const [kind, pattern] of PATTERNS) if (pattern.test(stderr)) return kind;
  return 'permanent';
}

function isRetryableKind(kind: ToolErrorKind): boolean {
  return kind === 'transient' || kind === 'conflict';
}

/** For retry policies: transient failures and conflicts are retried, everything else is not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ToolError ? error.retryable : !(error as { permanent?: boolean })?.permanent;
}

/** The last {@link STDERR_TAIL_LINES} lines of stderr, at most {@link STDERR_TAIL_CHARS} characters. */
export function stderrTail(stderr: string): string {
  const lines = stderr.split('\n');
  // A trailing newline leaves an empty last element: it does not count as a line.
  const count = lines.at(-1) === '' ? STDERR_TAIL_LINES + 1 : STDERR_TAIL_LINES;
  const tail = lines.length > count ? lines.slice(-count).join('\n') : stderr;
  return tail.length > STDERR_TAIL_CHARS ? tail.slice(-STDERR_TAIL_CHARS) : tail;
}

/** `exit 1`; a tool ended by a signal as a shell reports it (128 + the signal's number); a tool that did not start. */
function describeEnd(failure: ToolFailure): string {
  if (failure.exitCode !== undefined) return `exit ${failure.exitCode}`;
  if (failure.signal) return `exit ${128 + (constants.signals[failure.signal] ?? 0)}`;
  return 'did not start';
}

function describeStderr(stderr: string, signal: NodeJS.Signals | undefined): string {
  if (stderr.trim() !== '') return stderr.trim();
  return signal ? `(killed by ${signal})` : '(no error output)';
}

/** The first two words of the command, enough to say which call failed without repeating long argv. */
function describeCall(args: readonly string[]): string {
  return args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
}
