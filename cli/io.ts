/**
 * The CLI's connection to the outside world, injected so tests can drive the real CLI in-process.
 */
import { createInterface } from 'node:readline/promises';

/** Streams, environment and signals the CLI uses. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Where the command was started: relative paths given by the user (--env) resolve against it. */
  readonly cwd: string;
  /** The project root: the default state folder lives here. `undefined` means `cwd`. */
  readonly root?: string;
  /** Subscribes to SIGINT/SIGTERM; returns an unsubscribe function. */
  onSignal(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Ends the process at once (a second Ctrl-C). `undefined` in tests. */
  readonly forceExit?: (code: number) => void;
}

/** The real process, for a project whose root is `root`. */
export function processIO(root: string): CliIO {
  return {
    root,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    forceExit: (code) => process.exit(code),
    onSignal(handler) {
      const onInt = () => handler('SIGINT');
      const onTerm = () => handler('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}

/** Asks yes/no questions on the terminal (anything but y/yes is no); one reader for all, so no answer is lost. */
export function openPrompter(io: CliIO): { ask(question: string): Promise<boolean>; close(): void } {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question) {
      io.stdout.write(`${question} [y/N] `);
      const next = await lines.next();
      return !next.done && /^y(es)?$/i.test(next.value.trim());
    },
    close: () => rl.close(),
  };
}
