/**
 * The one place that starts kubectl and helm (through zx).
 *
 * Deals with: finding the binary (PATH, or the KUBECTL / HELM variables), sending secret material only on
 * stdin, cancelling with the node's signal, logging what ran (never stdout, which may hold Secret data),
 * and turning a non-zero exit into a classified {@link ToolError}.
 */
import { constants } from 'node:os';
import { $ } from 'zx';
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
}

/** What a successful call printed. */
export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** How long an interrupted tool gets to end by itself after SIGTERM before it is killed. */
export const KILL_GRACE_MS = 8_000;

/** Where each tool's binary is: `$KUBECTL`/`$HELM` when set, else the name, found on PATH. */
export function toolBinary(tool: ToolName, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[tool.toUpperCase()];
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : tool;
}

/** Runs a tool; resolves with its output, or rejects with a {@link ToolError} (or the abort reason). */
export async function runTool(tool: ToolName, call: ToolCall, env: NodeJS.ProcessEnv = process.env): Promise<ToolResult> {
  const bin = toolBinary(tool, env);
  call.log?.(`$ ${tool} ${call.args.join(' ')}${call.input === undefined ? '' : ' < (stdin)'}`);
  call.signal?.throwIfAborted();
  const child = $({
    quiet: true,
    nothrow: true,
    verbose: false,
    env,
    ...(call.input === undefined ? {} : { input: call.input }),
  })`${bin} ${call.args}`;
  // On interrupt: SIGTERM first, so helm can record its release as failed instead of leaving it pending,
  // then SIGKILL if it has not ended within the grace period.
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    void child.kill('SIGTERM').catch(() => {});
    killTimer = setTimeout(() => void child.kill('SIGKILL').catch(() => {}), KILL_GRACE_MS);
  };
  call.signal?.addEventListener('abort', onAbort, { once: true });
  let output;
  try {
    output = await child;
  } finally {
    call.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
  if (call.signal?.aborted) throw call.signal.reason;
  const stdout = output.stdout;
  const stderr = output.stderr;
  for (const line of splitLines(stderr)) call.log?.(line);
  if (call.logStdout) for (const line of splitLines(stdout)) call.log?.(line);
  // A tool killed by a signal (the OOM killer, say) has no exit code: report it as the shell does, 128 + signal.
  const killedBy = output.exitCode === null ? output.signal : null;
  const exitCode = output.exitCode ?? (killedBy ? 128 + (constants.signals[killedBy] ?? 0) : 1);
  if (exitCode !== 0) {
    if (exitCode === 127 || exitCode === 126) throw missingTool(tool, bin, call.args, exitCode, stderr);
    throw new ToolError(tool, call.args, exitCode, stderr.trim() === '' && killedBy ? `(killed by ${killedBy})` : stderr);
  }
  return { stdout, stderr };
}

/** The one message for a tool that is not installed: what to install, or which variable to set. */
export function missingTool(tool: ToolName, bin: string, args: readonly string[], exitCode: number, stderr: string): ToolError {
  const hint =
    tool === 'kubectl'
      ? 'install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path'
      : 'install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path';
  const error = new ToolError(tool, args, exitCode, stderr, 'missing-tool');
  error.message = `${bin} was not found or is not executable: ${hint}`;
  return error;
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
}
