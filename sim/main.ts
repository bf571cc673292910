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
  const controller = new AbortController();
  const interruptHandlers = new Map<() => Promise<void>, boolean>();
  let stdinUsed = false;
  let stdinText: Promise<string> | undefined;
  let finished = false;

  const finish = (exitCode: number, signal?: string): void => {
    if (finished) return;
    finished = true;
    appendAudit(env.dir, {
      tool, argv, cwd: process.cwd(), pid: process.pid, stdin: stdinUsed, startMs, endMs: Date.now(), exitCode,
      ...(signal ? { signal } : {}), mutating: inv.mutating, writesLocal: inv.writesLocal, faults: inv.firedFaults,
    });
  };

  const inv: Invocation = {
    tool, argv, env, clock: createClock(env.timeScale), cwd: process.cwd(),
    mutating: false, writesLocal: false, firedFaults: [],
    readStdin: () => {
      stdinUsed = true;
      stdinText ??= readAll(process.stdin);
      return stdinText;
    },
    onInterrupt: (handler, options) => {
      interruptHandlers.set(handler, options?.absorb ?? false);
      return () => interruptHandlers.delete(handler);
    },
    interrupted: controller.signal,
    killSelf: async () => {
      finish(128 + SIGNAL_NUMBERS.SIGKILL!, 'SIGKILL');
      process.kill(process.pid, 'SIGKILL');
      return new Promise<never>(() => undefined);
    },
  };

  let absorbed = false;
  const signalled = new Set<string>();
  const onSignal = (signal: 'SIGTERM' | 'SIGINT'): void => {
    if (signalled.has(signal)) {
      // The same signal twice ends the command at once, as the default action would.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    signalled.add(signal);
    absorbed = [...interruptHandlers.values()].some(Boolean);
    controller.abort();
    void (async () => {
      for (const handler of interruptHandlers.keys()) await handler().catch(() => undefined);
      if (absorbed) return; // the command finishes by itself, as helm does after cancelling
      finish(128 + SIGNAL_NUMBERS[signal]!, signal);
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    })();
  };
  // `on`, not `once`: signal-exit (loaded with the lock and atomic-write libraries, after this) re-raises a
  // signal when its own listeners are the only ones left, which would kill a command that absorbs it.
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  let exitCode: number;
  try {
    exitCode = tool === 'helm' ? await runHelm(inv) : await runKubectl(inv);
  } catch (error) {
    if (controller.signal.aborted && !absorbed) return; // the signal path writes the audit line and exits
    if (error instanceof CommandError) {
      err(error.stderr);
      exitCode = error.exitCode;
    } else {
      err(`sim: internal error: ${(error as Error).stack ?? String(error)}\n`);
      exitCode = 70;
    }
  }
  if (controller.signal.aborted && !absorbed) return;
  finish(exitCode);
  process.exitCode = exitCode;
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
}

// Not a top-level await: the bundle is CommonJS, which V8 can cache compiled (see run-bundle.cjs).
void main().catch((error: unknown) => {
  err(`sim: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 70;
});
