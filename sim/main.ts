/**
 * Entry point of the simulated `kubectl` and `helm` (the shims in sim/bin run this with the tool name
 * first). Sets up the invocation, runs the command, and writes the audit line however the call ends.
 */
import { appendAudit } from './core/audit.ts';
import { createClock } from './core/clock.ts';
import { readSimEnv, type SimEnv } from './core/env.ts';
import { CommandError, err } from './core/exit.ts';
import { readAll, type Invocation } from './core/invocation.ts';
import { runHelm } from './helm/main.ts';
import { runKubectl } from './kubectl/main.ts';

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
/** The signals this process has had (one process runs one command). */
const signalled = new Set<string>();

/** One process's command under way: its invocation, its interrupt handlers, and its audit line. */
interface ProcessRun {
  readonly inv: Invocation;
  readonly controller: AbortController;
  /** Each handler, and whether it absorbs the signal. */
  readonly interruptHandlers: Map<() => Promise<void>, boolean>;
  /** Set when a signal came while an absorbing handler was registered: the command finishes by itself. */
  absorbed: boolean;
  /** Writes the audit line, once, however the call ends. */
  finish(exitCode: number, signal?: string): void;
}

async function main(): Promise<void> {
  const [toolArg, ...argv] = process.argv.slice(2);
  const tool = toolArg === 'helm' ? 'helm' : 'kubectl';
  const startMs = Date.now();
  let env: SimEnv;
  try {
    env = readSimEnv();
  } catch (error) {
    err((error as CommandError).stderr ?? String(error));
    process.exitCode = 2;
    return;
  }
  const run = startRun({ tool, argv, env, startMs });
  // `on`, not `once`: signal-exit (loaded with the lock and atomic-write libraries, after this) re-raises a
  // signal when its own listeners are the only ones left, which would kill a command that absorbs it.
  process.on('SIGTERM', () => onSignal(run, 'SIGTERM'));
  process.on('SIGINT', () => onSignal(run, 'SIGINT'));
  const exitCode = await runCommand(run);
  if (exitCode === undefined) return; // the signal path writes the audit line and exits
  run.finish(exitCode);
  process.exitCode = exitCode;
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
}

/** Sets up the invocation a command runs with, and the audit line it ends with. */
function startRun(options: { tool: 'kubectl' | 'helm'; argv: string[]; env: SimEnv; startMs: number }): ProcessRun {
  const { tool, argv, env, startMs } = options;
  const controller = new AbortController();
  const interruptHandlers = new Map<() => Promise<void>, boolean>();
  const stdin = stdinReader();
  let finished = false;

  const finish = (exitCode: number, signal?: string): void => {
    if (finished) return;
    finished = true;
    appendAudit(env.dir, {
      tool, argv, cwd: process.cwd(), pid: process.pid, stdin: stdin.used, startMs, endMs: Date.now(), exitCode,
      ...(signal ? { signal } : {}), mutating: inv.mutating, writesLocal: inv.writesLocal, faults: inv.firedFaults,
    });
  };

  const inv: Invocation = {
    tool, argv, env, clock: createClock(env.timeScale), cwd: process.cwd(),
    mutating: false, writesLocal: false, firedFaults: [],
    readStdin: () => stdin.read(),
    onInterrupt: (handler, handlerOptions) => {
      interruptHandlers.set(handler, handlerOptions?.absorb ?? false);
      return () => interruptHandlers.delete(handler);
    },
    interrupted: controller.signal,
    killSelf: async () => {
      finish(128 + SIGNAL_NUMBERS.SIGKILL!, 'SIGKILL');
      process.kill(process.pid, 'SIGKILL');
      return new Promise<never>(() => undefined);
    },
  };
  return { inv, controller, interruptHandlers, absorbed: false, finish };
}

/** Reads stdin once, on first asking, and remembers that the call used it. */
function stdinReader(): { used: boolean; read(): Promise<string> } {
  let text: Promise<string> | undefined;
  const reader = {
    used: false,
    read: (): Promise<string> => {
      reader.used = true;
      text ??= readAll(process.stdin);
      return text;
    },
  };
  return reader;
}

/** SIGTERM/SIGINT: runs the interrupt handlers, then dies by the signal unless one absorbs it; twice ends at once. */
function onSignal(run: ProcessRun, signal: 'SIGTERM' | 'SIGINT'): void {
  if (signalled.has(signal)) {
    // The same signal twice ends the command at once, as the default action would.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  signalled.add(signal);
  run.absorbed = [...run.interruptHandlers.values()].some(Boolean);
  run.controller.abort();
  void (async () => {
    for (const handler of run.interruptHandlers.keys()) await handler().catch(() => undefined);
    if (run.absorbed) return; // the command finishes by itself, as helm does after cancelling
    run.finish(128 + SIGNAL_NUMBERS[signal]!, signal);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  })();
}

/** Runs the command; its exit code, or `undefined` when a signal (not absorbed) ends the process instead. */
async function runCommand(run: ProcessRun): Promise<number | undefined> {
  const { inv, controller } = run;
  let exitCode: number;
  try {
    exitCode = inv.tool === 'helm' ? await runHelm(inv) : await runKubectl(inv);
  } catch (error) {
    if (controller.signal.aborted && !run.absorbed) return undefined;
    exitCode = exitCodeOf(error);
  }
  if (controller.signal.aborted && !run.absorbed) return undefined;
  return exitCode;
}

/** Prints a failed command's message; its exit code (70 for an internal error). */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommandError) {
    err(error.stderr);
    return error.exitCode;
  }
  err(`sim: internal error: ${(error as Error).stack ?? String(error)}\n`);
  return 70;
}

// Not a top-level await: the bundle is CommonJS, which V8 can cache compiled (see run-bundle.cjs).
void main().catch((error: unknown) => {
  err(`sim: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 70;
});
