/**
 * Long-running `kubectl port-forward` children: start one, notice when it listens, notice when it drops,
 * restart it with backoff, stop it on an AbortSignal.
 *
 * Deals with: the process side only (spawning, reading kubectl's `Forwarding from` line, killing).
 * Does not deal with: whether the Service has Ready pods (the caller passes `beforeStart`), nor printing
 * (the caller receives {@link ForwardEvent}s).
 * This is the second file in kube/ that starts processes: `run-tool.ts` runs commands that end, while a
 * port-forward runs until it is stopped, so it needs a live child rather than run-tool's buffered result.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { missingTool, toolBinary } from './run-tool.ts';
import { ToolError } from './tool-error.ts';

/**
 * How long an unexpected exit waits for a Ctrl-C that may be on its way (see `superviseForward`); the
 * port-forward command waits as long before it reports a failure.
 */
export const SIGNAL_SETTLE_MS = 250;

/** How long a stopped kubectl port-forward gets to end after SIGTERM before it is killed. */
const STOP_GRACE_MS = 3_000;

/** Which Service port goes to which local port. */
export interface ForwardTarget {
  readonly namespace: string;
  /** Service name, without `svc/`. */
  readonly service: string;
  /** Port on 127.0.0.1. */
  readonly localPort: number;
  /** Service port in the cluster. */
  readonly remotePort: number;
}

/** Why a kubectl port-forward child ended. */
export type ForwardExitReason =
  /** the local port is taken: restarting cannot help */
  | 'port-in-use'
  /** kubectl is not installed or not executable: restarting cannot help */
  | 'missing-tool'
  /** kubectl did not say it was listening within `readyTimeoutMs` */
  | 'no-listen'
  /** kubectl exited (lost connection to the pod, pod deleted, API server gone, ...) */
  | 'exited';

/** How one child ended. */
export interface ForwardExit {
  readonly reason: ForwardExitReason;
  /** Exit code; `null` when it was ended by a signal or never started. */
  readonly code: number | null;
  /** The signal that ended it, or `null`. */
  readonly signal: NodeJS.Signals | null;
  /** kubectl's last stderr line (its own words), or an empty string. */
  readonly lastError: string;
  /** How long the child ran, in ms. */
  readonly ranMs: number;
}

/** What a supervised forward reports. */
export type ForwardEvent =
  /** kubectl listens on the local port; `restarts` is 0 the first time */
  | { readonly type: 'listening'; readonly restarts: number }
  /** the child ended on its own; a new one starts after `retryInMs` (unless stopped first) */
  | { readonly type: 'dropped'; readonly exit: ForwardExit; readonly retryInMs: number; readonly failures: number };

/** Backoff between restarts. */
export interface RestartPolicy {
  /** Delay before the first restart (doubled after each further failure). Default 1000. */
  readonly initialDelayMs?: number;
  /** Largest delay. Default 15000. */
  readonly maxDelayMs?: number;
  /** Give up after this many failures in a row. Default 5. */
  readonly maxFailures?: number;
  /** A child that ran at least this long was healthy: the failure count starts again. Default 30000. */
  readonly stableAfterMs?: number;
  /** How long kubectl may take to print `Forwarding from`. Default 30000. */
  readonly readyTimeoutMs?: number;
}

/** Options of {@link superviseForward}. */
export interface SuperviseOptions extends RestartPolicy {
  /** The kube context (always passed; the user's current context is never used). */
  readonly context: string;
  /** Environment of the child: PATH and `KUBECTL` decide which binary runs. */
  readonly env: NodeJS.ProcessEnv;
  /** Stops the forward: the child is killed and the promise resolves. */
  readonly signal: AbortSignal;
  readonly onEvent?: (event: ForwardEvent) => void;
  /** Awaited before every start, e.g. until the Service has Ready pods. A rejection ends the supervision. */
  readonly beforeStart?: (signal: AbortSignal) => Promise<void>;
  /** Abortable wait; injected by tests. `undefined` means a real timer. */
  readonly delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Clock in ms; injected by tests. `undefined` means `Date.now`. */
  readonly now?: () => number;
}

/** A supervised forward that ended without being asked to: restarting will not help. */
export class PortForwardError extends Error {
  constructor(
    message: string,
    /** `too-many-failures` when the restarts ran out; otherwise why the last child ended. */
    readonly reason: 'port-in-use' | 'too-many-failures',
    readonly exit: ForwardExit,
  ) {
    super(message);
    this.name = 'PortForwardError';
  }
}

/** The argv of one forward, context last as everywhere in kube/. */
export function portForwardArgs(target: ForwardTarget, context: string): string[] {
  return ['port-forward', '-n', target.namespace, `svc/${target.service}`, `${target.localPort}:${target.remotePort}`, '--context', context];
}

/**
 * Keeps one port-forward running until `signal` aborts, then stops the child and resolves.
 * Rejects with a {@link PortForwardError} when the local port is taken or after `maxFailures` failures in a
 * row, with a `missing-tool` {@link ToolError} when kubectl is absent, or with `beforeStart`'s error.
 */
export async function superviseForward(target: ForwardTarget, options: SuperviseOptions): Promise<void> {
  const policy = {
    initialDelayMs: options.initialDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 15_000,
    maxFailures: options.maxFailures ?? 5,
    stableAfterMs: options.stableAfterMs ?? 30_000,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
  };
  const { signal } = options;
  const delay = options.delay ?? abortableSleep;
  const now = options.now ?? Date.now;
  let failures = 0;
  let restarts = 0;
  for (;;) {
    if (signal.aborted) return;
    if (options.beforeStart) {
      try {
        await options.beforeStart(signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      if (signal.aborted) return;
    }
    const exit = await runOnce({
      target,
      options,
      readyTimeoutMs: policy.readyTimeoutMs,
      now,
      onListening: () => options.onEvent?.({ type: 'listening', restarts }),
    });
    // Ctrl-C in a terminal reaches kubectl as well as this process, and kubectl's exit may be seen before
    // our own signal handler runs: give the signal a moment before calling the exit a drop.
    if (!signal.aborted) await abortableSleep(SIGNAL_SETTLE_MS, signal);
    if (signal.aborted) return;
    if (exit.reason === 'missing-tool') throw missingKubectl(toolBinary('kubectl', options.env), portForwardArgs(target, options.context), exit);
    if (exit.reason === 'port-in-use') {
      throw new PortForwardError(`local port ${target.localPort} is already in use`, 'port-in-use', exit);
    }
    // A forward that stayed up for a while was fine; only failures in quick succession mean "give up".
    failures = exit.ranMs >= policy.stableAfterMs ? 1 : failures + 1;
    if (failures >= policy.maxFailures) {
      throw new PortForwardError(`the port-forward failed ${failures} times in a row`, 'too-many-failures', exit);
    }
    const retryInMs = Math.min(policy.initialDelayMs * 2 ** (failures - 1), policy.maxDelayMs);
    options.onEvent?.({ type: 'dropped', exit, retryInMs, failures });
    await delay(retryInMs, signal);
    restarts += 1;
  }
}

/** One child of {@link superviseForward}. */
interface OneChild {
  readonly target: ForwardTarget;
  readonly options: SuperviseOptions;
  readonly readyTimeoutMs: number;
  readonly now: () => number;
  readonly onListening: () => void;
}

/** Runs one child until it ends or `signal` aborts (then it is killed); calls `onListening` once it listens. */
async function runOnce({ target, options, readyTimeoutMs, now, onListening }: OneChild): Promise<ForwardExit> {
  const started = now();
  const child = spawn(toolBinary('kubectl', options.env), portForwardArgs(target, options.context), {
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderrLines: string[] = [];
  let listening = false;
  let timedOut = false;
  let spawnFailed = false;

  const readyTimer = setTimeout(() => {
    timedOut = true;
    void stopChild(child);
  }, readyTimeoutMs);
  const listenLine = new RegExp(`^Forwarding from \\S+:${target.localPort} -> `);
  onLines(child.stdout!, (line) => {
    if (!listening && listenLine.test(line)) {
      listening = true;
      clearTimeout(readyTimer);
      onListening();
    }
  });
  // Only the tail matters for messages; kubectl logs one line per failed connection, which could pile up.
  onLines(child.stderr!, (line) => {
    stderrLines.push(line);
    if (stderrLines.length > 20) stderrLines.shift();
  });
  const onAbort = () => void stopChild(child);
  options.signal.addEventListener('abort', onAbort, { once: true });

  const [code, endSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('error', () => {
      spawnFailed = true;
      resolve([null, null]);
    });
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  clearTimeout(readyTimer);
  options.signal.removeEventListener('abort', onAbort);

  const lastError = stderrLines.at(-1) ?? '';
  const stderr = stderrLines.join('\n');
  const reason: ForwardExitReason =
    spawnFailed || code === 127 || code === 126
      ? 'missing-tool'
      : /address already in use|unable to listen on any of the requested ports/.test(stderr)
        ? 'port-in-use'
        : timedOut && !listening
          ? 'no-listen'
          : 'exited';
  return { reason, code, signal: endSignal, lastError, ranMs: now() - started };
}

/** SIGTERM, then SIGKILL if kubectl has not gone after a grace period; resolves when it has exited. */
async function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await closed;
  clearTimeout(timer);
}

function onLines(stream: NodeJS.ReadableStream, handle: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') handle(line.trimEnd());
  });
  stream.on('end', () => {
    if (buffered.trim() !== '') handle(buffered.trimEnd());
  });
}

/** Same words as every other kubectl call uses for a missing kubectl, so the user sees one story. */
function missingKubectl(bin: string, args: readonly string[], exit: ForwardExit): ToolError {
  return missingTool({ tool: 'kubectl', bin, args, exitCode: exit.code ?? undefined, stderr: exit.lastError });
}

/** Waits `ms`, or resolves early (without throwing) when `signal` aborts: the caller checks the signal. */
async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
