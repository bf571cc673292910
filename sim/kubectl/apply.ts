/**
 * `kubectl apply -f FILE|DIR|-`, client-side (records the last-applied-configuration annotation) or
 * server-side (--server-side; records no such annotation), with dry runs and `-o`.
 */
import { CommandError, err, out } from '../core/exit.ts';
import { sortKeys } from '../core/serialize.ts';
import { updateState } from '../core/store.ts';
import type { Invocation } from '../core/invocation.ts';
import type { KubeObject, ObjectSim, SimState, StoredObject } from '../core/state.ts';
import { bindObjectFault } from '../faults/match.ts';
import { withDefaults } from '../cluster/defaults.ts';
import { nameRef } from '../cluster/kinds.ts';
import { InvalidObjectError, LAST_APPLIED_ANNOTATION, putObject, type PutOutcome } from '../cluster/mutations.ts';
import { namespaceInfo, purgeExpiredNamespaces } from '../cluster/namespaces.ts';
import { readView } from '../cluster/read.ts';
import { kubectlObjectSim } from '../catalog/kubectl-known.ts';
import type { KubectlContext } from './main.ts';
import { readManifests, resolveNamespace, type ManifestItem } from './manifests.ts';
import { parseOutput, printObjects } from './output.ts';
import { namespaceNotFound, namespaceTerminating } from './write-errors.ts';

/** The --dry-run value, validated. */
export function dryRunMode(value: string | undefined): 'none' | 'client' | 'server' {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'client' || value === 'server') return value;
  throw new CommandError(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".\n`);
}

/** The last-applied-configuration kubectl's client-side apply records: the input, compact, keys sorted. */
export function lastAppliedOf(object: KubeObject): string {
  const copy = structuredClone(object);
  if (copy.metadata.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

interface Applied {
  item: ManifestItem;
  namespace?: string;
  outcome?: PutOutcome;
  stored?: StoredObject;
  error?: string;
}

function prepare(item: ManifestItem, namespace: string | undefined, serverSide: boolean): KubeObject {
  const obj = structuredClone(item.object);
  if (namespace !== undefined) obj.metadata.namespace = namespace;
  if (!serverSide) {
    obj.metadata.annotations = { ...obj.metadata.annotations, [LAST_APPLIED_ANNOTATION]: lastAppliedOf(obj) };
  }
  return obj;
}

/** What `kubectl apply` was asked: the manifests, each with its namespace, and how to apply and print. */
interface ApplyRequest {
  resolved: Array<{ item: ManifestItem; namespace: string | undefined }>;
  serverSide: boolean;
  dryRun: 'none' | 'client' | 'server';
  format: ReturnType<typeof parseOutput> | undefined;
  /** How many objects the manifests hold (one prints as a single object). */
  count: number;
}

/** Runs `kubectl apply`. */
export async function runApply(ctx: KubectlContext): Promise<number> {
  const { inv } = ctx;
  const request = await readRequest(ctx);
  const now = inv.clock.now();
  const results = request.dryRun !== 'none' ? await dryRunResults(ctx, request, now) : await applyAll(ctx, request, now);
  await printApplied(ctx, request, results);
  const errors = results.filter((r) => r.error);
  for (const r of errors) err(r.error!);
  return errors.length > 0 ? 1 : 0;
}

/** The flags, checked in kubectl's order, and the manifests they name. */
async function readRequest(ctx: KubectlContext): Promise<ApplyRequest> {
  const { inv, args } = ctx;
  const files = args.all('filename');
  if (files.length === 0) throw new CommandError('error: must specify one of -f and -k\n');
  const serverSide = args.bool('server-side');
  const dryRun = dryRunMode(args.get('dry-run'));
  if (serverSide && dryRun === 'client') {
    throw new CommandError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
  }
  const format = args.has('output') ? parseOutput(args.get('output')) : undefined;
  const items = await readManifests(inv, files, args.bool('recursive'));
  if (items.length === 0) throw new CommandError('error: no objects passed to apply\n');
  const resolved = items.map((item) => ({ item, namespace: resolveNamespace(item, ctx.namespace, ctx.explicitNamespace) }));
  return { resolved, serverSide, dryRun, format, count: items.length };
}

/** A dry run: what each object would become, "configured" when it exists, without writing. */
async function dryRunResults(ctx: KubectlContext, request: ApplyRequest, now: number): Promise<Applied[]> {
  const view = await readView(ctx.inv);
  return request.resolved.map(({ item, namespace }) => {
    const exists = view.get(item.info.kind, namespace ?? '', item.object.metadata.name) !== undefined;
    const obj = prepare(item, namespace, request.serverSide);
    return { item, namespace, outcome: exists ? 'configured' : 'created', stored: { object: obj, sim: { createdMs: now, updatedMs: now, rolloutMs: now, podEpoch: 0 } } };
  });
}

/** Applies every object under one lock, each succeeding or failing on its own. */
async function applyAll(ctx: KubectlContext, request: ApplyRequest, now: number): Promise<Applied[]> {
  const { inv } = ctx;
  return updateState(inv.env.dir, async (state) => {
    purgeExpiredNamespaces(state, now, inv.env.timeScale);
    const out: Applied[] = [];
    for (const { item, namespace } of request.resolved) out.push(await applyOne(ctx, state, { item, namespace, serverSide: request.serverSide, now }));
    return out;
  });
}

/** Applies one object: refused in a missing or terminating namespace, bound to a fault when new. */
async function applyOne(
  ctx: KubectlContext,
  state: SimState,
  options: { item: ManifestItem; namespace: string | undefined; serverSide: boolean; now: number },
): Promise<Applied> {
  const { item, namespace, serverSide, now } = options;
  const { inv } = ctx;
  const name = item.object.metadata.name;
  const source = serverSide ? undefined : item.source;
  if (namespace !== undefined) {
    const ns = namespaceInfo(state, namespace, now, inv.env.timeScale);
    if (!ns) return { item, namespace, error: namespaceNotFound(namespace, source) };
    const exists = Boolean(state.objects[`${item.info.kind}/${namespace}/${name}`]);
    if (ns.phase === 'Terminating' && !exists) return { item, namespace, error: namespaceTerminating(item.info, name, namespace, source) };
  }
  const key = `${item.info.kind}/${namespace ?? ''}/${name}`;
  const sim: Partial<ObjectSim> = kubectlObjectSim(item.info.kind, name, namespace ?? '');
  if (!state.objects[key]) await bindNewObjectFault(inv, { kind: item.info.kind, namespace: namespace ?? '', name }, sim, now);
  try {
    const { stored, outcome } = putObject(state, prepare(item, namespace, serverSide), { now, sim });
    return { item, namespace, stored, outcome };
  } catch (error) {
    if (!(error instanceof InvalidObjectError)) throw error;
    return { item, namespace, error: `The ${error.message.replace(/^(\w+)\.batch/, '$1')}\n` };
  }
}

/** Binds an object fault aimed at a new object to it ("appear-delay" hides it for a while). */
export async function bindNewObjectFault(inv: Invocation, ref: { kind: string; namespace: string; name: string }, sim: Partial<ObjectSim>, now: number): Promise<void> {
  const fault = await bindObjectFault(inv.env.dir, inv, ref);
  if (!fault) return;
  sim.fault = fault;
  inv.firedFaults.push(fault.id);
  if (fault.kind === 'appear-delay') sim.visibleFromMs = now + inv.env.timeScale * (fault.delayMs ?? 0);
}

/** Prints what was applied: `-o` output of the objects as now stored, or one "configured"/"created" line each. */
async function printApplied(ctx: KubectlContext, request: ApplyRequest, results: Applied[]): Promise<void> {
  const { format, dryRun, serverSide } = request;
  const ok = results.filter((r) => r.stored);
  if (format && format.kind !== 'table') return printFormatted(ctx, request, ok);
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const r of ok) {
    const verb = serverSide ? 'serverside-applied' : r.outcome!;
    out(`${nameRef(r.item.info, r.item.object.metadata.name)} ${verb}${suffix}\n`);
  }
}

/** `-o name|yaml|json|...`: the objects as a read now returns them (as they would be, in a dry run). */
async function printFormatted(ctx: KubectlContext, request: ApplyRequest, ok: Applied[]): Promise<void> {
  const { inv } = ctx;
  const format = request.format!;
  const view = request.dryRun === 'none' ? await readView(inv) : undefined;
  const objects = ok.map((r) => view?.get(r.item.info.kind, r.namespace ?? '', r.item.object.metadata.name) ?? withDefaults(r.stored!, { loadBalancerIngress: inv.env.loadBalancerIngress }));
  if (format.kind === 'name') out(ok.map((r) => `${nameRef(r.item.info, r.item.object.metadata.name)}\n`).join(''));
  else if (objects.length > 0) out(printObjects(objects, format, { single: request.count === 1, now: inv.clock.now() }));
}
