/** The CLI's exit codes. Scripts may rely on them; the README lists them. */
export const ExitCode = {
  /** Everything selected is done. */
  success: 0,
  /** A task failed (the summary says which and why), or `plan`/`status` could not check (a tool or the cluster). */
  failed: 1,
  /** Bad input: the .env file, a flag, an unknown task name, or an invalid graph. Nothing was touched. */
  badInput: 2,
  /** Another run holds the state folder's lock. Nothing was touched. */
  busy: 3,
  /** `status`: something selected is not done. */
  notDone: 4,
  /** Interrupted by Ctrl-C or SIGTERM; the next run resumes. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
