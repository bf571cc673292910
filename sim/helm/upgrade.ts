/**
 * `helm upgrade [--install] RELEASE CHART` and `helm install RELEASE CHART`: picks the install or the
 * upgrade path the way helm does (history empty or last revision uninstalled -> install), and words the
 * errors accordingly. `helm upgrade --install` does not prefix install-path errors with
 * "INSTALLATION FAILED:" (only `helm install` does); the upgrade path prefixes "UPGRADE FAILED:".
 */
import { parseGoDuration } from '../core/clock.ts';
import { CommandError, err, out } from '../core/exit.ts';
import { loadState } from '../core/store.ts';
import { helmApiError } from '../faults/messages.ts';
import { namespaceInfo } from '../cluster/namespaces.ts';
import { resolveChart } from './chart-source.ts';
import { performRelease } from './install-flow.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { pulledBanner } from './oci.ts';
import { isPending, latest } from './releases.ts';
import { collectValues } from './values-input.ts';

/** Runs upgrade (with or without --install) or install. */
export async function runUpgrade(ctx: HelmContext, mode: 'upgrade' | 'install'): Promise<number> {
  const { inv, args } = ctx;
  const [release, chartRef] = ctx.params;
  if (!release || !chartRef) {
    throw new CommandError(`Error: "helm ${mode}" requires 2 arguments\n\nUsage:  helm ${mode} [${mode === 'install' ? 'NAME' : 'RELEASE'}] [CHART] [flags]\n`);
  }
  const format = helmFormat(args);
  const timeoutText = args.get('timeout') ?? '5m0s';
  const timeoutMs = parseGoDuration(timeoutText);
  if (timeoutMs === undefined) throw new CommandError(`Error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\n`);
  const state = await loadState(inv.env.dir);
  const now = inv.clock.now();
  const visible = namespaceInfo(state, ctx.namespace, now, inv.env.timeScale) !== undefined;
  const last = visible ? latest(state, release, ctx.namespace) : undefined;
  const installPath = mode === 'install' || (args.bool('install') && (!last || last.info.status === 'uninstalled'));
  if (mode === 'install' && last && last.info.status !== 'uninstalled' && !args.bool('replace')) {
    throw new CommandError('Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n');
  }
  if (ctx.fault?.kind === 'api-error') {
    throw new CommandError(helmApiError(ctx.fault.error, { command: mode, namespace: ctx.namespace, release, upgrading: !installPath }));
  }
  if (!installPath && !last) throw new CommandError(`Error: UPGRADE FAILED: "${release}" has no deployed releases\n`);
  const prefix = mode === 'install' ? 'INSTALLATION FAILED: ' : installPath ? '' : 'UPGRADE FAILED: ';
  if (installPath && mode === 'upgrade' && format === 'table') out(`Release "${release}" does not exist. Installing it now.\n`);
  const userValues = await collectValues(inv, args).catch((error: unknown) => {
    if (error instanceof CommandError && mode === 'install') throw new CommandError(error.stderr.replace(/^Error: /, `Error: ${prefix}`));
    throw error;
  });
  const chart = (() => {
    try {
      return resolveChart(state, chartRef, inv.cwd, args.get('version'), args.bool('plain-http'));
    } catch (error) {
      if (error instanceof CommandError && mode === 'install') throw new CommandError(error.stderr.replace(/^Error: /, `Error: ${prefix}`));
      throw error;
    }
  })();
  if (chart.pulled) err(pulledBanner(chart.pulled));
  if (!installPath && last && isPending(last.info.status)) {
    throw new CommandError('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n');
  }
  if (args.has('dry-run') && args.get('dry-run') !== 'false') {
    out(`NAME: ${release}\nLAST DEPLOYED: ${new Date(now).toUTCString()}\nNAMESPACE: ${ctx.namespace}\nSTATUS: pending-${installPath ? 'install' : 'upgrade'}\nREVISION: ${(last?.version ?? 0) + 1}\nTEST SUITE: None\n`);
    return 0;
  }
  const result = await performRelease(ctx, {
    release, chart, userValues, installPath, timeoutMs, format,
    wait: args.bool('wait') || args.bool('atomic'),
    waitForJobs: args.bool('wait-for-jobs'),
    atomic: args.bool('atomic'),
    createNamespace: args.bool('create-namespace'),
    reuseValues: args.bool('reuse-values'),
    resetValues: args.bool('reset-values'),
    noHooks: args.bool('no-hooks'),
    description: args.get('description'),
  });
  if (result.error !== undefined) throw new CommandError(`Error: ${prefix}${result.error}\n`);
  return 0;
}
