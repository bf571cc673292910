/**
 * The simulated kubectl: finds the subcommand, parses flags the way kubectl does, checks the context,
 * fires call faults, and dispatches.
 */
import { ArgError, parseArgs, type FlagSpec, type ParsedArgs } from '../core/args.ts';
import { CommandError, out } from '../core/exit.ts';
import type { Invocation } from '../core/invocation.ts';
import { loadState } from '../core/store.ts';
import { kubectlApiError, type ConflictTarget, type DeniedAccess } from '../faults/messages.ts';
import { preflight } from '../faults/preflight.ts';
import { qualifiedResource, resolveKindArg, type KindInfo } from '../cluster/kinds.ts';
import { runApply } from './apply.ts';
import { runConfig } from './config.ts';
import { runCreate } from './create.ts';
import { runDelete } from './delete.ts';
import { runGet } from './get.ts';
import { readManifests } from './manifests.ts';
import { runPortForward } from './port-forward.ts';
import { runRollout } from './rollout.ts';
import { runVersion } from './version.ts';
import { runWait } from './wait.ts';

/** What every kubectl command receives. */
export interface KubectlContext {
  inv: Invocation;
  args: ParsedArgs;
  command: string;
  /** -n, or "default". */
  namespace: string;
  /** -n was given. */
  explicitNamespace: boolean;
  /** --context, or the current context. */
  contextName: string;
}

const GLOBAL: FlagSpec = {
  values: ['context', 'namespace', 'kubeconfig', 'request-timeout', 'cluster', 'user', 'server', 'token', 'v', 'as', 'cache-dir'],
  bools: ['insecure-skip-tls-verify', 'warnings-as-errors', 'match-server-version'],
  short: { n: 'namespace', s: 'server', v: 'v' },
};

const COMMANDS: Record<string, FlagSpec> = {
  version: { values: ['output'], bools: ['client'], short: { o: 'output' } },
  config: { values: ['output'], bools: ['no-headers'], short: { o: 'output' } },
  get: {
    values: ['output', 'selector', 'field-selector', 'sort-by', 'chunk-size', 'filename', 'label-columns', 'template'],
    bools: ['all-namespaces', 'ignore-not-found', 'show-labels', 'no-headers', 'show-managed-fields', 'show-kind', 'recursive', 'watch'],
    short: { o: 'output', l: 'selector', A: 'all-namespaces', f: 'filename', R: 'recursive', L: 'label-columns', w: 'watch' },
  },
  apply: {
    values: ['filename', 'field-manager', 'output', 'selector', 'timeout', 'grace-period', 'prune-allowlist'],
    bools: ['server-side', 'force-conflicts', 'recursive', 'overwrite', 'force', 'wait', 'prune', 'all', 'show-managed-fields'],
    short: { f: 'filename', o: 'output', l: 'selector', R: 'recursive' },
    optional: { 'dry-run': 'unchanged', validate: 'strict' },
  },
  create: {
    values: ['filename', 'output', 'from-literal', 'from-file', 'from-env-file', 'type', 'field-manager', 'selector'],
    bools: ['save-config', 'append-hash', 'edit', 'recursive', 'show-managed-fields'],
    short: { f: 'filename', o: 'output', l: 'selector', R: 'recursive' },
    optional: { 'dry-run': 'unchanged', validate: 'strict' },
  },
  delete: {
    values: ['filename', 'selector', 'grace-period', 'timeout', 'output', 'field-selector'],
    bools: ['all', 'ignore-not-found', 'wait', 'force', 'now', 'recursive', 'all-namespaces'],
    short: { f: 'filename', l: 'selector', o: 'output', R: 'recursive', A: 'all-namespaces' },
    optional: { 'dry-run': 'unchanged', cascade: 'background' },
  },
  rollout: { values: ['timeout', 'revision', 'filename'], bools: ['watch'], short: { w: 'watch', f: 'filename' } },
  wait: {
    values: ['for', 'timeout', 'selector', 'filename', 'output', 'field-selector'],
    bools: ['all', 'all-namespaces', 'local'],
    short: { l: 'selector', f: 'filename', o: 'output', A: 'all-namespaces' },
  },
  'port-forward': { values: ['address', 'pod-running-timeout'], bools: [] },
};

function merge(a: FlagSpec, b: FlagSpec): FlagSpec {
  return {
    values: [...a.values, ...b.values],
    bools: [...a.bools, ...b.bools],
    short: { ...a.short, ...b.short },
    optional: { ...a.optional, ...b.optional },
  };
}

/** The index of the subcommand in argv: the first argument that is not a global flag or its value. */
function findCommand(argv: readonly string[]): number {
  const valued = new Set(GLOBAL.values);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return i;
    if (a.startsWith('--') && !a.includes('=') && valued.has(a.slice(2))) i += 1;
    else if (/^-[ns]$/.test(a)) i += 1;
  }
  return -1;
}

/** Whether a call reaches the API server, and whether it asks for a change. */
function classify(command: string, args: ParsedArgs): { cluster: boolean; mutating: boolean } {
  const dryRun = args.get('dry-run');
  switch (command) {
    case 'version':
      return { cluster: !args.bool('client'), mutating: false };
    case 'config':
      return { cluster: false, mutating: false };
    case 'apply':
    case 'delete':
      return { cluster: dryRun !== 'client', mutating: dryRun === undefined || dryRun === 'none' };
    case 'create':
      return { cluster: dryRun !== 'client', mutating: dryRun === undefined || dryRun === 'none' };
    default:
      return { cluster: true, mutating: false };
  }
}

async function conflictTarget(ctx: KubectlContext): Promise<ConflictTarget | undefined> {
  const files = ctx.args.all('filename');
  if (files.length > 0) {
    const first = (await readManifests(ctx.inv, files, ctx.args.bool('recursive')))[0];
    return first && { resource: qualifiedResource(first.info), name: first.object.metadata.name, kind: first.info.kind };
  }
  const first = firstResource(ctx);
  return first?.name ? { resource: qualifiedResource(first.info), name: first.name, kind: first.info.kind } : undefined;
}

/** The first resource the command line names: `kind/name`, or `kind[,kind...] [name]`. */
function firstResource(ctx: KubectlContext): { info: KindInfo; name?: string } | undefined {
  const [kindArg, nameArg] = ctx.args.positionals;
  const [k, name] = kindArg?.includes('/') ? kindArg.split('/') : [kindArg?.split(',')[0], nameArg];
  const info = k ? resolveKindArg(k) : undefined;
  return info && { info, ...(name ? { name } : {}) };
}

const VERBS: Record<string, string> = { apply: 'patch', create: 'create', delete: 'delete', 'port-forward': 'create', rollout: 'get', wait: 'get' };

/** What a Forbidden answer names for this command: its first resource, at the scope it asked. */
function deniedAccess(ctx: KubectlContext): DeniedAccess | undefined {
  const first = firstResource(ctx);
  if (!first) return undefined;
  const { info, name } = first;
  const clusterScope = !info.namespaced || (ctx.args.bool('all-namespaces') && !name);
  const verb = ctx.command === 'get' ? (name ? 'get' : 'list') : (VERBS[ctx.command] ?? ctx.command);
  return { verb, resource: info.resource, group: info.group, ...(name ? { name } : {}), ...(clusterScope ? {} : { namespace: ctx.namespace }) };
}

/** Runs kubectl with `inv.argv`; returns the exit code. */
export async function runKubectl(inv: Invocation): Promise<number> {
  const index = findCommand(inv.argv);
  if (index === -1) {
    out('kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n');
    return 0;
  }
  const command = inv.argv[index]!;
  const spec = COMMANDS[command];
  if (!spec) throw new CommandError(`error: unknown command "${command}" for "kubectl"\nRun 'kubectl --help' for usage.\n`);
  let args: ParsedArgs;
  try {
    args = parseArgs([...inv.argv.slice(0, index), ...inv.argv.slice(index + 1)], merge(GLOBAL, spec));
  } catch (error) {
    if (error instanceof ArgError) throw new CommandError(`error: ${error.text}\nSee 'kubectl ${command} --help' for usage.\n`);
    throw error;
  }
  const { cluster, mutating } = classify(command, args);
  inv.mutating = mutating;
  const state = await loadState(inv.env.dir);
  const contextName = args.get('context') ?? state.currentContext;
  const needsContext = command !== 'config' && !(command === 'version' && args.bool('client'));
  if (needsContext && !state.contexts.includes(contextName)) throw new CommandError(`error: context "${contextName}" does not exist\n`);
  const ctx: KubectlContext = {
    inv, args, command, contextName,
    namespace: args.get('namespace') ?? 'default',
    explicitNamespace: args.has('namespace'),
  };
  const fault = await preflight(inv, { cluster, mutating });
  if (fault?.kind === 'api-error') {
    if (command === 'version') out(await runVersion(ctx, true));
    throw new CommandError(
      kubectlApiError(fault.error, fault.error === 'conflict' ? await conflictTarget(ctx) : undefined, fault.error === 'forbidden' ? deniedAccess(ctx) : undefined),
    );
  }
  switch (command) {
    case 'version':
      out(await runVersion(ctx, false));
      return 0;
    case 'config':
      return runConfig(ctx);
    case 'get':
      return runGet(ctx);
    case 'apply':
      return runApply(ctx);
    case 'create':
      return runCreate(ctx);
    case 'delete':
      return runDelete(ctx);
    case 'rollout':
      return runRollout(ctx);
    case 'wait':
      return runWait(ctx);
    case 'port-forward':
      return runPortForward(ctx);
    default:
      throw new CommandError(`error: unknown command "${command}" for "kubectl"\n`);
  }
}
