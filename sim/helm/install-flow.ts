/**
 * One install or upgrade, step by step as helm performs it: record the pending revision, run the pre
 * hooks, write the objects, wait (--wait), run the post hooks, mark the revision deployed. On failure the
 * revision is marked failed and, with --atomic, uninstalled (install) or rolled back (upgrade).
 *
 * The state lock is held only for each step's write, never while waiting, so other invocations run
 * meanwhile and a killed process leaves the revision pending, as a killed helm does.
 */
import { out } from '../core/exit.ts';
import { objectKey, type SimState } from '../core/state.ts';
import { loadState, updateState } from '../core/store.ts';
import { namespaceInfo, purgeExpiredNamespaces } from '../cluster/namespaces.ts';
import { putObject } from '../cluster/mutations.ts';
import { pollView } from '../cluster/read.ts';
import type { ResolvedChart } from './chart-source.ts';
import { runHooks, type HookRun } from './hooks.ts';
import type { HelmContext } from './main.ts';
import { printRelease, type HelmFormat } from './printers.ts';
import { releaseReady } from './ready.ts';
import { findRecord, helmNow, history, latest, supersedeOthers } from './releases.ts';
import type { ReleaseRecord, Values } from './release-types.ts';
import { deleteReleaseObjects, ownershipError, renderRelease, writeReleaseObjects, type RenderedRelease } from './render.ts';
import { rollbackTo } from './rollback-flow.ts';

/** What to install. */
export interface ReleaseRequest {
  release: string;
  chart: ResolvedChart;
  userValues: Values;
  installPath: boolean;
  /** Virtual ms for each hook and for --wait. */
  timeoutMs: number;
  format: HelmFormat;
  wait: boolean;
  waitForJobs: boolean;
  atomic: boolean;
  createNamespace: boolean;
  reuseValues: boolean;
  resetValues: boolean;
  noHooks: boolean;
  description?: string;
}

/** How it ended: `error` is helm's message (without "Error: " and prefix) when it failed. */
export interface ReleaseResult {
  error?: string;
}

class StepError extends Error {}

function pickValues(request: ReleaseRequest, previous: ReleaseRecord | undefined): Values {
  const given = request.userValues;
  if (request.installPath || !previous || request.resetValues) return given;
  if (request.reuseValues) return { ...(previous.config ?? {}), ...given };
  // helm reuses the previous values when an upgrade supplies none.
  return Object.keys(given).length === 0 ? previous.config ?? {} : given;
}

/** A release under way: what was asked, the pending revision recorded for it, and what it replaces. */
interface ReleaseFlow {
  ctx: HelmContext;
  request: ReleaseRequest;
  release: string;
  namespace: string;
  record: ReleaseRecord;
  rendered: RenderedRelease;
  /** The objects the previous revision owns. */
  previousKeys: string[];
  /** The last deployed revision, which --atomic rolls back to. */
  lastDeployed: ReleaseRecord | undefined;
  unregister: () => void;
}

/** What recording the pending revision found and made. */
type PendingRevision = Pick<ReleaseFlow, 'record' | 'rendered' | 'previousKeys' | 'lastDeployed'>;

/** Performs the install or upgrade; prints helm's success output. */
export async function performRelease(ctx: HelmContext, request: ReleaseRequest): Promise<ReleaseResult> {
  const { inv } = ctx;
  const release = request.release;
  // helm catches SIGTERM/SIGINT from here on, cancels its context and fails the release with "context canceled".
  const unregister = inv.onInterrupt(async () => {
    out(`Release ${release} has been cancelled.\n`);
  }, { absorb: true });
  const pending = await recordPending(ctx, request).catch((error: unknown) => {
    if (error instanceof StepError) return error;
    throw error;
  });
  if (pending instanceof StepError) {
    unregister();
    return { error: inv.interrupted.aborted ? 'context canceled' : pending.message };
  }
  if (ctx.fault?.kind === 'killed') await inv.killSelf();
  const flow: ReleaseFlow = { ctx, request, release, namespace: ctx.namespace, ...pending, unregister };
  const preHooks = await hookStep(flow, 'pre');
  if (preHooks) return fail(flow, preHooks);
  const writeError = await writeObjects(flow);
  if (writeError) return fail(flow, writeError);
  if (ctx.fault?.kind === 'release-fails') return fail(flow, ctx.fault.message);
  const waitError = await waitReady(flow);
  if (waitError) return fail(flow, waitError);
  const postHooks = await hookStep(flow, 'post');
  if (postHooks) return fail(flow, postHooks);
  return markDeployed(flow);
}

/** Records the pending revision (creating the namespace if asked); throws a StepError when helm would refuse. */
async function recordPending(ctx: HelmContext, request: ReleaseRequest): Promise<PendingRevision> {
  const { inv, namespace } = ctx;
  const scale = inv.env.timeScale;
  return updateState(inv.env.dir, (state) => {
    const now = inv.clock.now();
    purgeExpiredNamespaces(state, now, scale);
    ensureNamespace(state, request, namespace, now, scale);
    const revisions = history(state, request.release, namespace);
    const previous = revisions[revisions.length - 1];
    if (!request.installPath && previous && ['pending-install', 'pending-upgrade', 'pending-rollback'].includes(previous.info.status)) {
      throw new StepError('another operation (install/upgrade/rollback) is in progress');
    }
    const lastDeployed = [...revisions].reverse().find((r) => r.info.status === 'deployed');
    const previousKeys = previous?.sim.objectKeys ?? [];
    const version = (previous?.version ?? 0) + 1;
    const config = pickValues(request, previous);
    const rendered = renderRelease(request.chart, request.release, namespace, version, config);
    const record = pendingRecord({ request, namespace, version, config, rendered, stamp: helmNow(now), first: revisions[0] });
    state.releases.push(record);
    return { record, rendered, previousKeys, lastDeployed };
  });
}

/** Creates the release's namespace when asked to, or refuses as helm does when it is missing or terminating. */
function ensureNamespace(state: SimState, request: ReleaseRequest, namespace: string, now: number, scale: number): void {
  const ns = namespaceInfo(state, namespace, now, scale);
  if (!ns && request.installPath && request.createNamespace) {
    putObject(state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { now });
  } else if (!ns) {
    throw new StepError(`create: failed to create: namespaces "${namespace}" not found`);
  } else if (ns.phase === 'Terminating') {
    throw new StepError(`create: failed to create: secrets "sh.helm.release.v1.${request.release}.v${(latest(state, request.release, namespace)?.version ?? 0) + 1}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

/** The revision helm records before doing anything: pending-install or pending-upgrade. */
function pendingRecord(options: {
  request: ReleaseRequest;
  namespace: string;
  version: number;
  config: Values;
  rendered: RenderedRelease;
  stamp: string;
  /** The release's first revision, whose first_deployed an upgrade keeps. */
  first: ReleaseRecord | undefined;
}): ReleaseRecord {
  const { request, namespace, version, config, rendered, stamp, first } = options;
  return {
    name: request.release,
    namespace,
    version,
    info: {
      first_deployed: request.installPath || !first ? stamp : first.info.first_deployed,
      last_deployed: stamp,
      deleted: '',
      description: request.description ?? (request.installPath ? 'Initial install underway' : 'Preparing upgrade'),
      status: request.installPath ? 'pending-install' : 'pending-upgrade',
      ...(rendered.render.notes ? { notes: rendered.render.notes } : {}),
    },
    chart: rendered.chart,
    ...(Object.keys(config).length > 0 ? { config } : {}),
    manifest: rendered.manifest,
    ...(rendered.hooks.length > 0 ? { hooks: rendered.hooks } : {}),
    sim: { objectKeys: [], chartRef: request.chart.ref },
  };
}

/** Runs the pre or post install/upgrade hooks (unless --no-hooks); helm's message when one fails. */
async function hookStep(flow: ReleaseFlow, when: 'pre' | 'post'): Promise<string | undefined> {
  const { request } = flow;
  if (request.noHooks) return undefined;
  const run: HookRun = { release: flow.release, namespace: flow.namespace, version: flow.record.version, timeoutMs: request.timeoutMs };
  const phase = request.installPath ? 'install' : 'upgrade';
  const hookError = await runHooks(flow.ctx.inv, run, flow.rendered.render.hooks, `${when}-${phase}`);
  if (!hookError) return undefined;
  return request.installPath
    ? `failed ${when}-install: 1 error occurred:\n\t* ${hookError}\n\n`
    : `${when}-upgrade hooks failed: 1 error occurred:\n\t* ${hookError}\n\n`;
}

/** Writes the release's objects, refusing objects another owner holds; the error message if it could not. */
async function writeObjects(flow: ReleaseFlow): Promise<string | undefined> {
  const { ctx: { inv }, request, release, namespace, rendered, previousKeys } = flow;
  return updateState(inv.env.dir, async (state) => {
    const now = inv.clock.now();
    if (!namespaceInfo(state, namespace, now, inv.env.timeScale)) return `create: failed to create: namespaces "${namespace}" not found`;
    const owned = (key: string): boolean => previousKeys.includes(key);
    const fresh = rendered.render.objects.filter((b) => !owned(objectKey(b.object.kind, String(b.object.metadata.namespace ?? ''), b.object.metadata.name)));
    const conflict = ownershipError(state, fresh, release, namespace, request.installPath ? 'install' : 'update');
    if (conflict) return conflict;
    const keys = await writeReleaseObjects(inv, state, rendered.render.objects, release, previousKeys, now);
    const r = findRecord(state, release, namespace, flow.record.version);
    if (r) r.sim.objectKeys = keys;
    return undefined;
  });
}

/** With --wait, waits (up to the timeout) until the release's objects are ready; the error message if not. */
async function waitReady(flow: ReleaseFlow): Promise<string | undefined> {
  const { ctx: { inv }, request } = flow;
  if (!request.wait) return undefined;
  const keys = findRecord(await loadState(inv.env.dir), flow.release, flow.namespace, flow.record.version)?.sim.objectKeys ?? [];
  const outcome = await pollView(inv, inv.clock.now() + inv.clock.real(request.timeoutMs), (view) => (releaseReady(view, keys, request.waitForJobs) ? true : undefined));
  if (outcome.done) return undefined;
  return outcome.reason === 'interrupted' ? 'context canceled' : 'context deadline exceeded';
}

/** Marks the revision deployed (superseding the others) and prints helm's success output. */
async function markDeployed(flow: ReleaseFlow): Promise<ReleaseResult> {
  const { ctx: { inv }, request, release, namespace } = flow;
  const done = await updateState(inv.env.dir, (state) => {
    const r = findRecord(state, release, namespace, flow.record.version);
    if (!r) return undefined;
    r.info.status = 'deployed';
    r.info.description = request.description ?? (request.installPath ? 'Install complete' : 'Upgrade complete');
    supersedeOthers(state, r);
    return r;
  });
  flow.unregister();
  if (!done) return { error: 'release: not found' };
  if (request.format === 'table' && !request.installPath) out(`Release "${release}" has been upgraded. Happy Helming!\n`);
  out(printRelease(done, request.format));
  return {};
}

/** Fails the release: marks the revision failed, then with --atomic uninstalls it (install) or rolls back (upgrade). */
async function fail(flow: ReleaseFlow, reason: string): Promise<ReleaseResult> {
  const { ctx, request, release, namespace, record } = flow;
  const { inv } = ctx;
  // Once interrupted, whatever step was running, helm reports its cancelled context.
  const message = inv.interrupted.aborted ? 'context canceled' : reason;
  flow.unregister();
  await markFailed(flow, message);
  if (!request.atomic) return { error: message };
  if (request.installPath) {
    await updateState(inv.env.dir, (state) => {
      deleteReleaseObjects(state, findRecord(state, release, namespace, record.version)?.sim.objectKeys ?? [], release);
      state.releases = state.releases.filter((r) => !(r.name === release && r.namespace === namespace));
    });
    return { error: `release ${release} failed, and has been uninstalled due to atomic being set: ${message}` };
  }
  if (flow.lastDeployed) await rollbackTo(ctx, release, flow.lastDeployed.version, { wait: false, timeoutMs: request.timeoutMs });
  return { error: `release ${release} failed, and has been rolled back due to atomic being set: ${message}` };
}

async function markFailed(flow: ReleaseFlow, message: string): Promise<void> {
  const { ctx: { inv }, request, release, namespace } = flow;
  await updateState(inv.env.dir, (state) => {
    const r = findRecord(state, release, namespace, flow.record.version);
    if (!r) return;
    r.info.status = 'failed';
    r.info.description = request.installPath ? `Release "${release}" failed: ${message}` : `Upgrade "${release}" failed: ${message}`;
  });
}
