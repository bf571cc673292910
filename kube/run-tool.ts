/**
 * The one place that starts kubectl and helm: node's `spawn`, without a shell.
 *
 * Deals with: finding the binary (PATH, or the KUBECTL / HELM variables), passing arguments as an array (no
 * quoting, no shell start-up files such as `BASH_ENV`), sending secret material only on stdin, cancelling
 * with the node's signal, logging what ran (never stdout, which may hold Secret data), and turning a
 * non-zero exit into a classified {@link ToolError}.
 *
 * Each tool runs in a process group of its own, so a terminal's Ctrl-C (SIGINT to the foreground group)
 * reaches only the CLI, which decides when to stop its tools: SIGTERM on abort, SIGKILL after
 * {@link KILL_GRACE_MS}. No tool outlives the CLI: whatever still runs when the CLI exits (a forced exit, a
 * hang-up) is killed with its group. A CLI killed with SIGKILL cannot do that: its tools then run on to
 * their own end (every call the product makes has its own --timeout), and the next `up` sees the outcome.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { NODE_GRACE_MS } from '../engine/execute-node.ts';
import { ToolError } from './tool-error.ts';

/** The two tools the product drives. */
export type ToolName = 'kubectl' | 'helm';

/** One call. */
export interface ToolCall {
  readonly args: readonly string[];
  /** Sent on stdin: the only way secret material reaches a tool. */
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** Receives the command line and the tool's stderr (and stdout when `logStdout`). */
  readonly log?: (line: string) => void;
  /** Also log stdout (only for output known to hold no secrets, e.g. helm's notes). */
  readonly logStdout?: boolean;
  /** The tool's environment: PATH and `KUBECTL`/`HELM` decide which binary runs. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a successful call printed. */
export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How long an interrupted tool gets to end by itself after SIGTERM before it is killed: 2 s less than the
 * engine gives the node, so the kill, and the tool's end, come before the engine stops waiting.
 */
export const KILL_GRACE_MS = NODE_GRACE_MS - 2_000;

/** Where each tool's binary is: `$KUBECTL`/`$HELM` when set, else the name, found on PATH. */
export function toolBinary(tool: ToolName, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[tool.toUpperCase()];
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : tool;
}

/** How a started tool ended. */
type Ended =
  | { readonly spawnError: NodeJS.ErrnoException }
  | { readonly stdout: string; readonly stderr: string; readonly code: number | null; readonly signal: NodeJS.Signals | null };

/** Runs a tool; resolves with its output, or rejects with a {@link ToolError} (or the abort reason). */
export async function runTool(tool: ToolName, call: ToolCall): Promise<ToolResult> {
  const env = call.env ?? process.env;
  const bin = toolBinary(tool, env);
  call.log?.(`$ ${tool} ${call.args.join(' ')}${call.input === undefined ? '' : ' < (stdin)'}`);
  call.signal?.throwIfAborted();
  const ended = await startAndWait(bin, { ...call, env });
  if (call.signal?.aborted) throw call.signal.reason;
  if ('spawnError' in ended) {
    const { code, message } = ended.spawnError;
    // EACCES: there, but not executable; ENOENT (not there, or its #! interpreter is not) and the rest: either.
    throw missingTool({ tool, bin, args: call.args, stderr: message, why: code === 'EACCES' ? 'not-executable' : 'either' });
  }
  const { stdout, stderr } = ended;
  for (const line of splitLines(stderr)) call.log?.(line);
  if (call.logStdout) for (const line of splitLines(stdout)) call.log?.(line);
  // A tool killed by a signal (the OOM killer, say) has no exit code: the error carries the signal instead.
  const killedBy = ended.code === null ? (ended.signal ?? undefined) : undefined;
  const exitCode = ended.code ?? (killedBy ? undefined : 1);
  if (exitCode !== 0) throw new ToolError({ tool, args: call.args, exitCode, signal: killedBy, stderr });
  return { stdout, stderr };
}

/** Spawns the tool in its own process group, feeds stdin, stops it on abort, and resolves when it has ended. */
function startAndWait(bin: string, call: ToolCall): Promise<Ended> {
  return new Promise<Ended>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(bin, [...call.args], {
        env: call.env,
        // No input: /dev/null, so a tool never waits on (or, in a background group, is stopped by) the terminal.
        stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
      });
    } catch (error) {
      resolve({ spawnError: error as NodeJS.ErrnoException });
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    if (call.input !== undefined) {
      // A tool that exits without reading its input (a usage error) closes the pipe: not our failure.
      child.stdin!.on('error', () => {});
      child.stdin!.end(call.input);
    }
    if (child.pid !== undefined) liveTools.add(child);
    ensureReaper();
    // On interrupt: SIGTERM first, so helm can record its release as failed instead of leaving it pending,
    // then SIGKILL if it has not ended within the grace period.
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      signalGroup(child, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    };
    if (call.signal?.aborted) onAbort();
    else call.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (ended: Ended) => {
      if (settled) return;
      settled = true;
      liveTools.delete(child);
      call.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolve(ended);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) settle({ spawnError: error });
    });
    child.on('close', (code, signal) =>
      settle({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code, signal }),
    );
  });
}

/** Tools started and not yet ended: killed with their groups if the CLI exits first. */
const liveTools = new Set<ChildProcess>();
let reaperInstalled = false;

/** Sends `signal` to the tool's process group (the tool and anything it started); to the tool alone if that fails. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Kills every running tool's group. Synchronous: it runs in `exit`. */
function killAll(): void {
  for (const child of liveTools) signalGroup(child, 'SIGKILL');
  liveTools.clear();
}

/**
 * Once per process: kill the running tools when the CLI exits (a forced exit after a second Ctrl-C, an
 * uncaught error), and on SIGHUP (the terminal closed), which ends the CLI without an `exit` event. The
 * tools' own groups do not get the terminal's signals, so without this they would outlive it.
 */
function ensureReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.on('exit', killAll);
  const onHangUp = () => {
    killAll();
    process.off('SIGHUP', onHangUp);
    // End as the default action would, unless someone else handles the hang-up.
    if (process.listenerCount('SIGHUP') === 0) process.kill(process.pid, 'SIGHUP');
  };
  process.on('SIGHUP', onHangUp);
}

/** What {@link missingTool} says. */
export interface MissingTool {
  readonly tool: ToolName;
  /** The binary that was tried. */
  readonly bin: string;
  readonly args: readonly string[];
  /** The exit code when the tool started and said it cannot go on (126, 127); `undefined` when it did not start. */
  readonly exitCode?: number;
  readonly stderr: string;
  /** `not-executable`: the file is there. Default `either`. */
  readonly why?: 'not-executable' | 'either';
}

/** The one message for a tool that is not installed: what to install, or which variable to set. */
export function missingTool({ tool, bin, args, exitCode, stderr, why = 'either' }: MissingTool): ToolError {
  const hint =
    tool === 'kubectl'
      ? 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path'
      : 'install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path';
  const error = new ToolError({ tool, args, exitCode, stderr, kind: 'missing-tool' });
  const what = why === 'not-executable' ? 'is not executable' : 'was not found or is not executable';
  error.message = `${bin} ${what}: ${hint}`;
  return error;
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
}
