/**
 * Failures of kubectl and helm, classified from their own stderr so callers and retries can decide.
 *
 * Deals with: which failures are worth retrying (transient API trouble, conflicts) and which are not
 * (forbidden, invalid, unknown chart version, a missing binary).
 * Does not deal with: retrying itself (the engine's retry policy asks {@link isRetryable}).
 */

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

/** A kubectl or helm call that exited non-zero. `stderr` is the tool's own words. */
export class ToolError extends Error {
  readonly kind: ToolErrorKind;
  /** Read by the engine: only transient failures and conflicts are worth another attempt. */
  readonly permanent: boolean;
  constructor(
    readonly tool: string,
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
    kind?: ToolErrorKind,
  ) {
    const k = kind ?? classify(stderr, exitCode);
    super(`${tool} ${describeCall(args)} failed (exit ${exitCode}): ${stderr.trim() || '(no error output)'}`);
    this.name = 'ToolError';
    this.kind = k;
    this.permanent = !isRetryableKind(k);
  }
}

/** The kind of failure, from the tool's stderr and exit code. */
export function classify(stderr: string, exitCode: number): ToolErrorKind {
  if (exitCode === 127 || exitCode === 126) return 'missing-tool';
  for (const [kind, pattern] of PATTERNS) if (pattern.test(stderr)) return kind;
  return 'permanent';
}

function isRetryableKind(kind: ToolErrorKind): boolean {
  return kind === 'transient' || kind === 'conflict';
}

/** For retry policies: transient failures and conflicts are retried, everything else is not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ToolError ? isRetryableKind(error.kind) : !(error as { permanent?: boolean })?.permanent;
}

/** The first two words of the command, enough to say which call failed without repeating long argv. */
function describeCall(args: readonly string[]): string {
  return args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
}
