/**
 * A captured CliIO: output collected as strings, signals sent by the test, no TTY unless asked.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from '../../cli/io.ts';

export interface FakeIO extends CliIO {
  out(): string;
  err(): string;
  /** Sends a signal to the CLI as the terminal would. */
  signal(name: 'SIGINT' | 'SIGTERM'): void;
  /** Calls `listener` after each write to stdout or stderr (for test/until.ts); returns how to stop. */
  onOutput(listener: () => void): () => void;
  readonly forced: number[];
}

function sink(chunks: string[], emitter: EventEmitter): Writable {
  return new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      emitter.emit('output');
      done();
    },
  });
}

export async function fakeIO(options: { env?: NodeJS.ProcessEnv; tty?: boolean; input?: string; cwd?: string } = {}): Promise<FakeIO> {
  const out: string[] = [];
  const err: string[] = [];
  const emitter = new EventEmitter();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.tty) stdin.isTTY = true;
  if (options.input !== undefined) stdin.end(options.input);
  const forced: number[] = [];
  return {
    stdout: sink(out, emitter),
    stderr: sink(err, emitter),
    stdin,
    env: { CI: 'true', ...(options.env ?? {}) },
    cwd: options.cwd ?? (await mkdtemp(join(tmpdir(), 'cli-'))),
    onSignal(handler) {
      emitter.on('signal', handler);
      return () => emitter.off('signal', handler);
    },
    forceExit: (code) => void forced.push(code),
    out: () => out.join(''),
    err: () => err.join(''),
    signal: (name) => emitter.emit('signal', name),
    onOutput(listener) {
      emitter.on('output', listener);
      return () => emitter.off('output', listener);
    },
    forced,
  };
}
