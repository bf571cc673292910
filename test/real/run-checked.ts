/**
 * Running kubectl (and other tools) to the end against the real control plane, for the harness and the
 * control plane's own set-up. Deals with: one call, its output or its error. Does not deal with: daemons.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** The kube context of the real control plane's kubeconfig. */
export const REAL_CONTEXT = 'dataspoke-real';

/** Runs a tool to the end (stdin from `input`); its stdout, or an error with its stderr when it exits non-zero. */
export async function runChecked(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${code}: ${err.trim()}`);
  return out;
}

export function kubectlRun(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<string> {
  return runChecked('kubectl', ['--context', REAL_CONTEXT, ...args], env, input);
}

export function kubectlApply(env: NodeJS.ProcessEnv, yaml: string): Promise<string> {
  return kubectlRun(env, ['apply', '-f', '-'], yaml);
}

