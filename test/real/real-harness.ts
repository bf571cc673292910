/**
 * The product, as a user runs it (`node graph.ts ...`, a process of its own), against a real control plane with
 * real kubectl and helm installing the real upstream charts from loopback sources. Every kubectl and helm call
 * is recorded by a wrapper that then `exec`s the real tool (signals and stdin reach the tool unchanged).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devEnvText } from '../tasks/dev-env-file.ts';
import { serveChartSources, type ChartSources } from './chart-server.ts';
import { REAL_CONTEXT, kubectlRun, runChecked, startControlPlane, type ControlPlane } from './control-plane.ts';
import { toolsBin } from './tools.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One recorded kubectl or helm call. */
export interface Call {
  readonly tool: 'kubectl' | 'helm';
  readonly args: readonly string[];
}

export interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** A CLI process under way. */
export interface Started {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
  /** Resolves when its output (stdout and stderr) has a line matching `pattern`; rejects if it ends first. */
  until(pattern: RegExp): Promise<void>;
}

export interface RealEnv {
  readonly cluster: ControlPlane;
  readonly sources: ChartSources;
  readonly stateDir: string;
  readonly envFile: string;
  /** The environment the CLI runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** Starts `node graph.ts <args> --env-file … --state-dir …`; `extraEnv` is added to its environment. */
  start(args: readonly string[], extraEnv?: Record<string, string>): Started;
  /** Runs it to the end. */
  cli(args: readonly string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  /** Every recorded call so far (`calls().length` marks a point to slice from). */
  calls(): Call[];
  /** Resolves once more than `count` calls have been recorded (driven by the log's changes, not a clock). */
  callsBeyond(count: number): Promise<void>;
  /** kubectl against the cluster, for assertions (not recorded). */
  kubectl(args: readonly string[]): Promise<string>;
  /** helm against the cluster, for assertions (not recorded). */
  helm(args: readonly string[]): Promise<string>;
  /** Rewrites the env file with these variables replaced. */
  rewriteEnv(overrides: Record<string, string>): void;
  dispose(): Promise<void>;
}

/** Starts a control plane and the chart sources in a fresh folder. */
export async function realEnv(overrides: Record<string, string> = {}): Promise<RealEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'real-'));
  const cluster = await startControlPlane(join(dir, 'cluster'));
  const sources = await serveChartSources(dir);
  const stateDir = join(dir, 'state');
  const envFile = join(dir, 'dev.env');
  const bin = join(dir, 'recorder');
  const callLog = join(dir, 'calls.log');
  writeRecorders(bin, toolsBin(), callLog);
  let envOverrides = { DATASPOKE_DEV_KUBE_CLUSTER: REAL_CONTEXT, ...sources.env, ...overrides };
  const writeEnv = () => writeFileSync(envFile, withVariables(devEnvText(envOverrides), envOverrides), { mode: 0o600 });
  writeEnv();
  const env = cliEnvironment({ dir, cluster, recorderBin: bin });
  const start = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
    startGraph([...args, '--env', envFile, '--state-dir', stateDir], { ...env, ...extraEnv });
  const helm = (args: readonly string[]) => runChecked(join(toolsBin(), 'helm'), [...args, '--kube-context', REAL_CONTEXT], env);

  return {
    cluster,
    sources,
    stateDir,
    envFile,
    env,
    start,
    cli: (args, extraEnv) => start(args, extraEnv).done,
    calls: () => readCalls(callLog),
    callsBeyond: (count) => callsBeyond({ dir, callLog, count }),
    kubectl: (args) => kubectlRun(cluster.env, [...args]),
    helm,
    rewriteEnv(more) {
      envOverrides = { ...envOverrides, ...more };
      writeEnv();
    },
    async dispose() {
      await sources.stop();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The environment the CLI runs with: the recorders first on PATH, helm's folders and HOME in `dir`, CI. */
function cliEnvironment(options: { dir: string; cluster: ControlPlane; recorderBin: string }): NodeJS.ProcessEnv {
  const { dir } = options;
  const env: NodeJS.ProcessEnv = {
    ...options.cluster.env,
    PATH: `${options.recorderBin}:${toolsBin()}:${process.env.PATH ?? ''}`,
    HOME: dir,
    HELM_CONFIG_HOME: join(dir, 'helm', 'config'),
    HELM_CACHE_HOME: join(dir, 'helm', 'cache'),
    HELM_DATA_HOME: join(dir, 'helm', 'data'),
    CI: 'true',
    NODE_OPTIONS: '--import tsx',
  };
  for (const key of ['KUBECTL', 'HELM', 'BASH_ENV']) delete env[key];
  return env;
}

/** Starts `node graph.ts <argv>` in the repository with `env`; its output is collected and can be waited on. */
function startGraph(argv: readonly string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['graph.ts', ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(out) || w.pattern.test(err)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => ((out += d.toString()), onData()));
  child.stderr!.on('data', (d: Buffer) => ((err += d.toString()), onData()));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, out, err }));
  const until = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const p = new RegExp(pattern.source, pattern.flags.includes('m') ? pattern.flags : `${pattern.flags}m`);
      waiters.push({ pattern: p, resolve });
      onData();
      void done.then((r) => reject(new Error(`the run ended (${r.code}) before /${pattern.source}/:\n${r.out}\n${r.err}`)));
    });
  return { child, done, until };
}

/** Resolves once the call log holds more than `count` calls: re-read on each change in `dir`, not on a clock. */
function callsBeyond(options: { dir: string; callLog: string; count: number }): Promise<void> {
  return new Promise<void>((resolve) => {
    const watcher = watch(options.dir, () => {
      if (readCalls(options.callLog).length > options.count) (watcher.close(), resolve());
    });
    if (readCalls(options.callLog).length > options.count) (watcher.close(), resolve());
  });
}

/**
 * SIGKILL to the helm process installing `release` for THIS environment: its command line says
 * `upgrade --install <release> ` and its environment has this cluster's KUBECONFIG (so a helm of another
 * real cluster on the machine, e.g. the test suite's, is left alone). The recorder exec'd it: it is helm.
 */
export async function killHelm(env: RealEnv, release: string): Promise<void> {
  const needle = `upgrade\0--install\0${release}\0`;
  const mine = `KUBECONFIG=${env.cluster.kubeconfig}\0`;
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (!cmdline.includes(needle)) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(mine)) continue;
      pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  if (pids.length === 0) throw new Error(`no helm process installing ${release} for this cluster to kill`);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
}

/** The env text with every override present (added at the end when the example does not have it). */
function withVariables(text: string, overrides: Record<string, string>): string {
  const missing = Object.entries(overrides).filter(([key]) => !new RegExp(`^${key}=`, 'm').test(text));
  return [text, ...missing.map(([key, value]) => `${key}=${value}`), ''].join('\n');
}

/**
 * `kubectl` and `helm` wrappers: each appends its argv (fields separated by \x1f, one call a line) to the log,
 * then `exec`s the real tool, so the process the product signals is the tool itself.
 */
function writeRecorders(bin: string, toolsDir: string, log: string): void {
  mkdirSync(bin, { recursive: true });
  const realKubectl = findOnPath('kubectl', [bin]);
  for (const [tool, real] of [
    ['kubectl', realKubectl],
    ['helm', join(toolsDir, 'helm')],
  ] as const) {
    const script = [
      '#!/usr/bin/env bash',
      `line="${tool}"`,
      'for a in "$@"; do line+=$\'\\x1f\'"${a//$\'\\n\'/\\\\n}"; done',
      `printf '%s\\n' "$line" >> '${log}'`,
      `exec '${real}' "$@"`,
      '',
    ].join('\n');
    writeFileSync(join(bin, tool), script);
    chmodSync(join(bin, tool), 0o755);
  }
}

function findOnPath(name: string, exclude: string[]): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir || exclude.includes(dir)) continue;
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not on PATH: install kubectl 1.32 (https://kubernetes.io/docs/tasks/tools/)`);
}

function readCalls(log: string): Call[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [tool, ...args] = line.split('\x1f');
      return { tool: tool as Call['tool'], args };
    });
}

const KUBECTL_MUTATING = new Set(['apply', 'create', 'delete', 'patch', 'replace', 'label', 'annotate', 'scale', 'edit', 'set', 'taint', 'drain', 'cordon']);
const HELM_MUTATING = ['install', 'upgrade', 'uninstall', 'delete', 'rollback', 'push', 'pull', 'repo add', 'repo update', 'repo remove', 'dependency build', 'dependency update'];

/** The call changes the cluster or helm's local files. */
export function isMutating(call: Call): boolean {
  const words = positional(call.args);
  if (call.tool === 'kubectl') return KUBECTL_MUTATING.has(words[0] ?? '');
  const two = words.slice(0, 2).join(' ');
  return HELM_MUTATING.some((verb) => verb === words[0] || verb === two);
}

const VALUE_FLAGS = new Set(['--context', '--kube-context', '-n', '--namespace', '--kubeconfig', '-o', '--output', '-l', '--selector']);

/** The arguments that are not flags or flag values. */
function positional(args: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (VALUE_FLAGS.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) words.push(args[i]!);
  }
  return words;
}

/** One line per call, for failure messages. */
export function show(calls: readonly Call[]): string {
  return calls.map((c) => `${c.tool} ${c.args.join(' ')}`).join('\n');
}
