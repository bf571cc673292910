/**
 * The context one process runs with: which tool, its arguments, the environment, the clock, and what
 * the command declares about itself for the audit log.
 */
import type { Clock } from './clock.ts';
import type { SimEnv } from './env.ts';

/** Handed to every command. */
export interface Invocation {
  readonly tool: 'kubectl' | 'helm';
  readonly argv: readonly string[];
  readonly env: SimEnv;
  readonly clock: Clock;
  readonly cwd: string;
  /** Set by commands that ask the cluster to change. */
  mutating: boolean;
  /** Set by commands that write local files. */
  writesLocal: boolean;
  /** Ids of faults that fired. */
  readonly firedFaults: string[];
  /** Reads all of stdin (once) and marks the call as having used it. */
  readStdin(): Promise<string>;
  /**
   * Registers work to do if the process is interrupted (SIGTERM/SIGINT) before it finishes. With
   * `absorb`, the signal does not end the process: the command sees `interrupted` aborted and finishes
   * on its own (helm cancels its context and reports "context canceled"). Returns an unregister function.
   */
  onInterrupt(handler: () => Promise<void>, options?: { absorb?: boolean }): () => void;
  /** Aborted when the process receives SIGTERM or SIGINT. */
  readonly interrupted: AbortSignal;
  /** Records the call in the audit log as killed, then dies by SIGKILL (fault "killed"). */
  killSelf(): Promise<never>;
}

/** Reads a stream to the end. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
