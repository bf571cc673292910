/**
 * One install or upgrade, step by step as helm performs it: record the pending revision, run the pre
 * hooks, write the objects, wait (--wait), run the post hooks, mark the revision deployed. On failure the
 * revision is marked failed and, with --atomic, uninstalled (install) or rolled back (upgrade).
 *
 * The state lock is held only for each step's write, never while waiting, so other invocations run
 * meanwhile and a killed process leaves the revision pending, as a killed helm does.
 */
import { out } from '../core/exit.ts';
import { objectKey } from '../core/state.ts';
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

/** Performs the install or upgrade; prints helm's success output. */
export async function performRelease(ctx: HelmContext, request: ReleaseRequest): Promise<ReleaseResult> {
  const { inv } = ctx;
  const namespace = ctx.namespace;
  const scale = inv.env.timeScale;
  const release = request.release;
  // helm catches SIGTERM/SIGINT from here on, cancels its context and fails the release with "context canceled".
  const unregister = inv.onInterrupt(async () => {
    out(`Release ${release} has been cancelled.\n`);
  }, { absorb: true });
  let rendered: RenderedRelease | undefined;
  let previousKeys: string[] = [];
  let lastDeployed: ReleaseRecord | undefined;
  const record = await updateState(inv.env.dir, (state) => {
    const now = inv.clock.now();
    purgeExpiredNamespaces(state, now, scale);
    const ns = namespaceInfo(state, namespace, now, scale);
    if (!ns && request.installPath && request.createNamespace) {
      putObject(state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { now });
    } else if (!ns) {
      throw new StepError(`create: failed to create: namespaces "${namespace}" not found`);
    } else if (ns.phase === 'Terminating') {
      throw new StepError(`create: failed to create: secrets "sh.helm.release.v1.${request.release}.v${(latest(state, request.release, namespace)?.version ?? 0) + 1}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
    }
    const revisions = history(state, request.release, namespace);
    const previous = revisions[revisions.length - 1];
    if (!request.installPath && previous && ['pending-install', 'pending-upgrade', 'pending-rollback'].includes(previous.info.status)) {
      throw new StepError('another operation (install/upgrade/rollback) is in progress');
    }
    lastDeployed = [...revisions].reverse().find((r) => r.info.status === 'deployed');
    previousKeys = previous?.sim.objectKeys ?? [];
    const version = (previous?.version ?? 0) + 1;
    const config = pickValues(request, previous);
    rendered = renderRelease(request.chart, request.release, namespace, version, config);
    const stamp = helmNow(now);
    const created: ReleaseRecord = {
      name: request.release,
      namespace,
      version,
      info: {
        first_deployed: request.installPath || !revisions[0] ? stamp : revisions[0].info.first_deployed,
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
    state.releases.push(created);
    return created;
  }).catch((error: unknown) => {
    if (error instanceof StepError) return error;
    throw error;
  });
  if (record instanceof StepError) {
    unregister();
    return { error: inv.interrupted.aborted ? 'context canceled' : record.message };
  }
  if (ctx.fault?.kind === 'killed') await inv.killSelf();
  const markFailed = async (message: string): Promise<void> => {
    await updateState(inv.env.dir, (state) => {
      const r = findRecord(state, release, namespace, record.version);
      if (!r) return;
      r.info.status = 'failed';
      r.info.description = request.installPath ? `Release "${release}" failed: ${message}` : `Upgrade "${release}" failed: ${message}`;
    });
  };
  const fail = async (reason: string): Promise<ReleaseResult> => {
    // Once interrupted, whatever step was running, helm reports its cancelled context.
    const message = inv.interrupted.aborted ? 'context canceled' : reason;
    unregister();
    await markFailed(message);
    if (!request.atomic) return { error: message };
    if (request.installPath) {
      await updateState(inv.env.dir, (state) => {
        deleteReleaseObjects(state, findRecord(state, release, namespace, record.version)?.sim.objectKeys ?? [], release);
        state.releases = state.releases.filter((r) => !(r.name === release && r.namespace === namespace));
      });
      return { error: `release ${release} failed, and has been uninstalled due to atomic being set: ${message}` };
    }
    if (lastDeployed) await rollbackTo(ctx, release, lastDeployed.version, { wait: false, timeoutMs: request.timeoutMs });
    return { error: `release ${release} failed, and has been rolled back due to atomic being set: ${message}` };
  };

  const run: HookRun = { release, namespace, version: record.version, timeoutMs: request.timeoutMs };
  const phase = request.installPath ? 'install' : 'upgrade';
  const hooks = rendered!.render.hooks;
  if (!request.noHooks) {
    const hookError = await runHooks(inv, run, hooks, `pre-${phase}`);
    if (hookError) return fail(request.installPath ? `failed pre-install: 1 error occurred:\n\t* ${hookError}\n\n` : `pre-upgrade hooks failed: 1 error occurred:\n\t* ${hookError}\n\n`);
  }
  const writeError = await updateState(inv.env.dir, async (state) => {
    const now = inv.clock.now();
    if (!namespaceInfo(state, namespace, now, scale)) return `create: failed to create: namespaces "${namespace}" not found`;
    const owned = (key: string): boolean => previousKeys.includes(key);
    const fresh = rendered!.render.objects.filter((b) => !owned(objectKey(b.object.kind, String(b.object.metadata.namespace ?? ''), b.object.metadata.name)));
    const conflict = ownershipError(state, fresh, release, namespace, request.installPath ? 'install' : 'update');
    if (conflict) return conflict;
    const keys = await writeReleaseObjects(inv, state, rendered!.render.objects, release, previousKeys, now);
    const r = findRecord(state, release, namespace, record.version);
    if (r) r.sim.objectKeys = keys;
    return undefined;
  });
  if (writeError) return fail(writeError);
  if (ctx.fault?.kind === 'release-fails') return fail(ctx.fault.message);
  if (request.wait) {
    const keys = findRecord(await loadState(inv.env.dir), release, namespace, record.version)?.sim.objectKeys ?? [];
    const outcome = await pollView(inv, inv.clock.now() + inv.clock.real(request.timeoutMs), (view) => (releaseReady(view, keys, request.waitForJobs) ? true : undefined));
    if (!outcome.done) return fail(outcome.reason === 'interrupted' ? 'context canceled' : 'context deadline exceeded');
  }
  if (!request.noHooks) {
    const hookError = await runHooks(inv, run, hooks, `post-${phase}`);
    if (hookError) return fail(request.installPath ? `failed post-install: 1 error occurred:\n\t* ${hookError}\n\n` : `post-upgrade hooks failed: 1 error occurred:\n\t* ${hookError}\n\n`);
  }
  const done = await updateState(inv.env.dir, (state) => {
    const r = findRecord(state, release, namespace, record.version);
    if (!r) return undefined;
    r.info.status = 'deployed';
    r.info.description = request.description ?? (request.installPath ? 'Install complete' : 'Upgrade complete');
    supersedeOthers(state, r);
    return r;
  });
  unregister();
  if (!done) return { error: 'release: not found' };
  if (request.format === 'table' && !request.installPath) out(`Release "${release}" has been upgraded. Happy Helming!\n`);
  out(printRelease(done, request.format));
  return {};
}
