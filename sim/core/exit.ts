/**
 * How a command ends with the texts and exit code the real tool would give.
 */

/** Thrown to stop a command: `stderr` is printed as is, then the process exits with `exitCode`. */
export class CommandError extends Error {
  constructor(
    /** Exact stderr text, including the trailing newline. */
    readonly stderr: string,
    /** Process exit code; kubectl and helm use 1 for nearly every failure. */
    readonly exitCode = 1,
  ) {
    super(stderr.trimEnd());
    this.name = 'CommandError';
  }
}

/** Writes to stdout without buffering surprises: pipes are drained before the process exits. */
export function out(text: string): void {
  if (text.length > 0) process.stdout.write(text);
}

/** Writes to stderr. */
export function err(text: string): void {
  if (text.length > 0) process.stderr.write(text);
}
