/**
 * `kubectl delete`: by name, KIND/NAME, -l, --all or -f. Namespaces go Terminating and, with --wait
 * (the default), the command waits until they are gone. Deleting a pod makes its controller replace it;
 * deleting a helm release Secret drops that revision, as with the real storage driver.
 */
import { CommandError, err, out } from '../core/exit.ts';
import { parseGoDuration } from '../core/clock.ts';
import { updateState } from '../core/store.ts';
import { objectKey, type SimState } from '../core/state.ts';
import { nameRef, type KindInfo } from '../cluster/kinds.ts';
import { removeObject } from '../cluster/mutations.ts';
import { beginNamespaceDeletion, namespaceInfo, purgeExpiredNamespaces } from '../cluster/namespaces.ts';
import { pollView, readView } from '../cluster/read.ts';
import { dryRunMode } from './apply.ts';
import { objectFilter, parseResourceArgs } from './get.ts';
import type { KubectlContext } from './main.ts';
import { readManifests, resolveNamespace } from './manifests.ts';
import { notFound } from './write-errors.ts';

interface Target {
  info: KindInfo;
  name: string;
  namespace: string;
  source?: string;
}

function qualifiedNoun(info: KindInfo): string {
  const singular = info.kind.toLowerCase();
  return info.group ? `${singular}.${info.group}` : singular;
}

async function targets(ctx: KubectlContext): Promise<Target[]> {
  const files = ctx.args.all('filename');
  if (files.length > 0) {
    const items = await readManifests(ctx.inv, files, ctx.args.bool('recursive'));
    return items.map((item) => ({ info: item.info, name: item.object.metadata.name, namespace: resolveNamespace(item, ctx.namespace, ctx.explicitNamespace) ?? '', source: item.source }));
  }
  const requests = parseResourceArgs(ctx.args.positionals, 'delete');
  const bySelector = ctx.args.has('selector') || ctx.args.bool('all');
  const out: Target[] = [];
  const view = bySelector ? await readView(ctx.inv) : undefined;
  const filter = objectFilter(ctx);
  for (const req of requests) {
    const namespace = req.info.namespaced ? ctx.namespace : '';
    if (req.names.length > 0) out.push(...req.names.map((name) => ({ info: req.info, name, namespace })));
    else if (view) {
      for (const obj of view.list(req.info.kind, req.info.namespaced ? namespace : undefined).filter(filter)) out.push({ info: req.info, name: obj.metadata.name, namespace });
    } else throw new CommandError('error: resource(s) were provided, but no name was specified\n');
  }
  return out;
}

/** How deleting one target went: deleted, an error, or neither (not found, with --ignore-not-found). */
interface Deletion {
  target: Target;
  deleted?: boolean;
  error?: string;
}

/** What deleting one target needs besides the state. */
interface DeleteOptions {
  now: number;
  scale: number;
  dryRun: 'none' | 'client' | 'server';
  ignoreNotFound: boolean;
}

/** Runs `kubectl delete`. */
export async function runDelete(ctx: KubectlContext): Promise<number> {
  const { inv, args } = ctx;
  const dryRun = dryRunMode(args.get('dry-run'));
  const ignoreNotFound = args.bool('ignore-not-found');
  const wait = args.bool('wait', true);
  const list = await targets(ctx);
  if (list.length === 0 && (args.has('selector') || args.bool('all'))) {
    out('No resources found\n');
    return 0;
  }
  const options: DeleteOptions = { now: inv.clock.now(), scale: inv.env.timeScale, dryRun, ignoreNotFound };
  const results = await updateState(inv.env.dir, (state) => {
    purgeExpiredNamespaces(state, options.now, options.scale);
    return list.map((t) => deleteOne(state, t, options));
  });
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const nameOutput = args.get('output') === 'name';
  for (const r of results) {
    if (!r.deleted) continue;
    out(nameOutput ? `${nameRef(r.target.info, r.target.name)}\n` : `${qualifiedNoun(r.target.info)} "${r.target.name}" deleted${suffix}\n`);
  }
  for (const r of results) if (r.error) err(r.error);
  const namespaces = results.filter((r) => r.deleted && r.target.info.kind === 'Namespace').map((r) => r.target.name);
  if (wait && dryRun === 'none' && namespaces.length > 0 && !(await namespacesGone(ctx, namespaces))) return 1;
  return results.some((r) => r.error) ? 1 : 0;
}

/** Deletes one target: a Namespace begins terminating, a pod is replaced, a release Secret drops its revision. */
function deleteOne(state: SimState, t: Target, options: DeleteOptions): Deletion {
  const { now, scale, dryRun } = options;
  const missing = (): Deletion => (options.ignoreNotFound ? { target: t } : { target: t, error: notFound(t.info, t.name, t.source) });
  if (t.info.kind === 'Namespace') {
    if (!namespaceInfo(state, t.name, now, scale)) return missing();
    if (dryRun !== 'none') return { target: t, deleted: true };
    if (!beginNamespaceDeletion(state, t.name, now)) {
      return { target: t, error: `Error from server (Conflict): Operation cannot be fulfilled on namespaces "${t.name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.\n` };
    }
    return { target: t, deleted: true };
  }
  if (t.info.namespaced && !namespaceInfo(state, t.namespace, now, scale)) return missing();
  if (t.info.kind === 'Pod') return replacePod(state, t, options) ? { target: t, deleted: true } : missing();
  const release = /^sh\.helm\.release\.v1\.(.+)\.v(\d+)$/.exec(t.name);
  if (t.info.kind === 'Secret' && release) {
    const before = state.releases.length;
    if (dryRun === 'none') state.releases = state.releases.filter((r) => !(r.namespace === t.namespace && r.name === release[1] && r.version === Number(release[2])));
    return state.releases.length < before || dryRun !== 'none' ? { target: t, deleted: true } : missing();
  }
  if (!state.objects[objectKey(t.info.kind, t.info.namespaced ? t.namespace : '', t.name)]) return missing();
  if (dryRun === 'none') removeObject(state, t.info.kind, t.namespace, t.name);
  return { target: t, deleted: true };
}

/** Pods belong to workloads: deleting one makes the controller create a replacement. False when no workload owns it. */
function replacePod(state: SimState, t: Target, options: DeleteOptions): boolean {
  const owner = Object.values(state.objects)
    .filter((s) => s.object.metadata.namespace === t.namespace && ['Deployment', 'StatefulSet', 'Job'].includes(s.object.kind) && t.name.startsWith(`${s.object.metadata.name}-`))
    .sort((a, b) => b.object.metadata.name.length - a.object.metadata.name.length)[0];
  if (!owner) return false;
  if (options.dryRun === 'none') {
    owner.sim.podEpoch += 1;
    owner.sim.rolloutMs = owner.object.kind === 'Job' ? owner.sim.rolloutMs : options.now;
  }
  return true;
}

/** --wait: waits (up to --timeout, 0 for ever) until the namespaces are gone; false (with kubectl's message) on timeout. */
async function namespacesGone(ctx: KubectlContext, namespaces: string[]): Promise<boolean> {
  const { inv, args } = ctx;
  const timeout = parseGoDuration(args.get('timeout') ?? '0s') ?? 0;
  const deadline = timeout > 0 ? inv.clock.now() + inv.clock.real(timeout) : Infinity;
  const outcome = await pollView(inv, deadline, (view) => (namespaces.every((n) => !view.namespace(n)) ? true : undefined));
  if (!outcome.done && outcome.reason === 'timeout') {
    err(`error: timed out waiting for the condition on namespaces/${namespaces.find((n) => n)}\n`);
    return false;
  }
  return true;
}
