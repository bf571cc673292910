/**
 * The simulated helm (v3.17.4): finds the subcommand, parses flags, checks the kube context for commands
 * that reach the cluster, fires call faults, and dispatches.
 */
import { ArgError, parseArgs, type FlagSpec, type ParsedArgs } from '../core/args.ts';
import { CommandError, out } from '../core/exit.ts';
import type { Invocation } from '../core/invocation.ts';
import { loadState } from '../core/store.ts';
import { helmApiError } from '../faults/messages.ts';
import { preflight, type PreflightFault } from '../faults/preflight.ts';
import { runDependency } from './dependency.ts';
import { runGetValues } from './get-values.ts';
import { runHistory } from './history.ts';
import { runList } from './list.ts';
import type { HelmFormat } from './printers.ts';
import { runRepo } from './repo.ts';
import { runRollback } from './rollback.ts';
import { runStatus } from './status.ts';
import { runUninstall } from './uninstall.ts';
import { runUpgrade } from './upgrade.ts';

/** What every helm command receives. */
export interface HelmContext {
  inv: Invocation;
  args: ParsedArgs;
  command: string;
  /** Positionals after the subcommand (and after "repo add", "get values", ...). */
  params: string[];
  namespace: string;
  contextName: string;
  /** A call fault the command must act on (API errors are handled before dispatch, except for upgrade). */
  fault?: PreflightFault;
}

const GLOBAL: FlagSpec = {
  values: ['kube-context', 'namespace', 'kubeconfig', 'kube-apiserver', 'kube-as-user', 'kube-as-group', 'kube-token', 'kube-ca-file', 'kube-tls-server-name', 'registry-config', 'repository-config', 'repository-cache', 'burst-limit', 'qps'],
  bools: ['debug', 'kube-insecure-skip-tls-verify'],
  short: { n: 'namespace' },
};

const INSTALL_VALUES = ['version', 'values', 'set', 'set-string', 'set-json', 'set-file', 'set-literal', 'timeout', 'description', 'post-renderer', 'post-renderer-args', 'history-max', 'output', 'repo', 'username', 'password', 'ca-file', 'cert-file', 'key-file', 'keyring', 'labels', 'name-template'];
const INSTALL_BOOLS = ['install', 'create-namespace', 'wait', 'wait-for-jobs', 'atomic', 'cleanup-on-fail', 'force', 'reset-values', 'reuse-values', 'reset-then-reuse-values', 'no-hooks', 'devel', 'dependency-update', 'skip-crds', 'render-subchart-notes', 'disable-openapi-validation', 'hide-notes', 'skip-schema-validation', 'insecure-skip-tls-verify', 'plain-http', 'verify', 'take-ownership', 'enable-dns', 'pass-credentials', 'replace', 'generate-name', 'hide-secret'];

const COMMANDS: Record<string, FlagSpec> = {
  version: { values: ['template'], bools: ['short', 'client'], short: { c: 'client' } },
  repo: { values: ['output', 'username', 'password', 'ca-file', 'cert-file', 'key-file'], bools: ['force-update', 'pass-credentials', 'insecure-skip-tls-verify', 'allow-deprecated-repos', 'no-update', 'fail-on-repo-update-fail'], short: { o: 'output' } },
  dependency: { values: ['keyring'], bools: ['verify', 'skip-refresh', 'plain-http'] },
  upgrade: { values: INSTALL_VALUES, bools: INSTALL_BOOLS, short: { f: 'values', o: 'output', i: 'install', l: 'labels' }, optional: { 'dry-run': 'client' } },
  install: { values: INSTALL_VALUES, bools: INSTALL_BOOLS, short: { f: 'values', o: 'output', g: 'generate-name', l: 'labels' }, optional: { 'dry-run': 'client' } },
  status: { values: ['output', 'revision'], bools: ['show-desc', 'show-resources'], short: { o: 'output' } },
  list: {
    values: ['output', 'filter', 'max', 'offset', 'selector', 'time-format'],
    bools: ['all', 'all-namespaces', 'deployed', 'failed', 'pending', 'superseded', 'uninstalled', 'uninstalling', 'short', 'no-headers', 'date', 'reverse'],
    short: { o: 'output', f: 'filter', m: 'max', l: 'selector', a: 'all', A: 'all-namespaces', q: 'short', d: 'date', r: 'reverse' },
  },
  history: { values: ['output', 'max'], bools: [], short: { o: 'output' } },
  get: { values: ['output', 'revision', 'template'], bools: ['all'], short: { o: 'output', a: 'all' } },
  rollback: { values: ['timeout', 'history-max'], bools: ['wait', 'wait-for-jobs', 'cleanup-on-fail', 'force', 'no-hooks', 'recreate-pods', 'dry-run'] },
  uninstall: { values: ['timeout', 'cascade', 'description'], bools: ['wait', 'keep-history', 'no-hooks', 'dry-run', 'ignore-not-found'] },
};

const ALIASES: Record<string, string> = { ls: 'list', hist: 'history', dep: 'dependency', dependencies: 'dependency', un: 'uninstall', del: 'uninstall', delete: 'uninstall', uninstal: 'uninstall' };

/** Commands that talk to the cluster, and whether they change it. */
const CLUSTER: Record<string, { mutating: boolean }> = {
  upgrade: { mutating: true }, install: { mutating: true }, rollback: { mutating: true }, uninstall: { mutating: true },
  status: { mutating: false }, list: { mutating: false }, history: { mutating: false }, get: { mutating: false },
};

function findCommand(argv: readonly string[]): number {
  const valued = new Set(GLOBAL.values);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return i;
    if (a.startsWith('--') && !a.includes('=') && valued.has(a.slice(2))) i += 1;
    else if (a === '-n') i += 1;
  }
  return -1;
}

/** Parses `-o` for helm commands. */
export function helmFormat(args: ParsedArgs): HelmFormat {
  const raw = args.get('output') ?? 'table';
  if (raw === 'table' || raw === 'json' || raw === 'yaml') return raw;
  throw new CommandError(`Error: invalid argument "${raw}" for "-o, --output" flag: invalid format type\n`);
}

/** Runs helm with `inv.argv`; returns the exit code. */
export async function runHelm(inv: Invocation): Promise<number> {
  const index = findCommand(inv.argv);
  if (index === -1) {
    out('The Kubernetes package manager\n');
    return 0;
  }
  const command = ALIASES[inv.argv[index]!] ?? inv.argv[index]!;
  const spec = COMMANDS[command];
  if (!spec) throw new CommandError(`Error: unknown command "${inv.argv[index]}" for "helm"\nRun 'helm --help' for usage.\n`);
  const args = parseCommandArgs(inv, index, spec);
  const cluster = CLUSTER[command];
  const dryRun = args.has('dry-run') && args.get('dry-run') !== 'false';
  inv.mutating = Boolean(cluster?.mutating) && !dryRun;
  const state = await loadState(inv.env.dir);
  const ctx: HelmContext = {
    inv, args, command, params: args.positionals,
    namespace: args.get('namespace') ?? 'default',
    contextName: args.get('kube-context') ?? state.currentContext,
  };
  if (cluster) await clusterPreflight(ctx, state.contexts);
  else await preflight(inv, { cluster: false, mutating: false });
  return dispatch(ctx);
}

/** The flags and positionals around the subcommand at `index`, with helm's message for a bad flag. */
function parseCommandArgs(inv: Invocation, index: number, spec: FlagSpec): ParsedArgs {
  try {
    return parseArgs([...inv.argv.slice(0, index), ...inv.argv.slice(index + 1)], {
      values: [...GLOBAL.values, ...spec.values], bools: [...GLOBAL.bools, ...spec.bools],
      short: { ...GLOBAL.short, ...spec.short }, optional: spec.optional,
    });
  } catch (error) {
    if (error instanceof ArgError) throw new CommandError(`Error: ${error.text}\n`);
    throw error;
  }
}

/** A command that reaches the cluster: the kube context must exist, and call faults fire (API errors at once, but upgrade's). */
async function clusterPreflight(ctx: HelmContext, contexts: readonly string[]): Promise<void> {
  const { inv, command, args } = ctx;
  // `helm get values NAME`: the release follows the subcommand.
  const release = command === 'get' ? ctx.params[1] : ctx.params[0];
  const revision = args.get('revision');
  const errorContext = { command, namespace: ctx.namespace, ...(release ? { release } : {}), ...(revision ? { revision } : {}) };
  if (!contexts.includes(ctx.contextName)) throw new CommandError(helmApiError('unknown-context', errorContext, undefined, ctx.contextName));
  const releaseOperation = command === 'upgrade' || command === 'install' || command === 'rollback' || command === 'uninstall';
  ctx.fault = await preflight(inv, { cluster: true, mutating: inv.mutating, releaseOperation });
  if (ctx.fault?.kind === 'api-error' && command !== 'upgrade') throw new CommandError(helmApiError(ctx.fault.error, errorContext));
}

/** Runs the subcommand. */
async function dispatch(ctx: HelmContext): Promise<number> {
  const { command } = ctx;
  switch (command) {
    case 'version':
      out(ctx.args.bool('short') ? 'v3.17.4+g595a05d\n' : 'version.BuildInfo{Version:"v3.17.4", GitCommit:"595a05da6166037d0abebaa27ac8a498fa4d7ed2", GitTreeState:"clean", GoVersion:"go1.23.10"}\n');
      return 0;
    case 'repo':
      return runRepo(ctx);
    case 'dependency':
      return runDependency(ctx);
    case 'upgrade':
    case 'install':
      return runUpgrade(ctx, command);
    case 'status':
      return runStatus(ctx);
    case 'list':
      return runList(ctx);
    case 'history':
      return runHistory(ctx);
    case 'get':
      return runGetValues(ctx);
    case 'rollback':
      return runRollback(ctx);
    case 'uninstall':
      return runUninstall(ctx);
    default:
      throw new CommandError(`Error: unknown command "${command}" for "helm"\n`);
  }
}
