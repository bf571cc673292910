/**
 * A Helm release as a task: done when it is `deployed` with the same chart version and the same values.
 * A release left pending or failed by a killed earlier run is repaired first, never reported as
 * "another operation is in progress".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fingerprintOf, type NodeContext, type TaskNode } from '../engine/index.ts';
import type { HelmRelease } from '../kube/helm.ts';
import { ToolError } from '../kube/tool-error.ts';
import { explainNotReady } from './diagnostics.ts';
import { repairRelease } from './release-repair.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';
import { desiredValues, sameValues } from './values.ts';

/** What a release node installs. */
export interface ReleaseSpec {
  readonly id: string;
  readonly title: string;
  readonly release: string;
  /** `repo/chart`, `oci://host/path/chart` or a local chart folder. */
  readonly chart: string;
  /** The chart version we want (for a local chart: its Chart.yaml version). */
  readonly chartVersion: string;
  /** Pass `--version` (repository charts only). */
  readonly pinVersion: boolean;
  /** Pass `--plain-http`: an `oci://` chart from a registry without TLS. */
  readonly plainHttp?: boolean;
  readonly namespace: string;
  readonly valuesFiles: readonly string[];
  /** Non-secret settings, written to a generated values file in the state folder (not `--set`). */
  readonly generated?: Record<string, unknown>;
  /** Helm's `--timeout` in minutes. */
  readonly timeoutMinutes: number;
  readonly wait: boolean;
  readonly deps: readonly string[];
  readonly groups: readonly string[];
  /** Runs alongside helm (e.g. hook progress); aborted when helm returns. */
  readonly whileInstalling?: (ctx: NodeContext, signal: AbortSignal) => Promise<void>;
}

/** Builds the node. */
export function releaseNode(env: TaskEnv, spec: ReleaseSpec): TaskNode {
  const generatedFile = join(env.paths.stateDir, 'values', `${spec.release}.generated.yaml`);
  const files = () => (spec.generated ? [...spec.valuesFiles, generatedFile] : spec.valuesFiles);
  // Read once per run: inputs and check both compare against it, and the files do not change meanwhile.
  let wanted: ReturnType<typeof desiredValues> | undefined;
  const want = () => (wanted ??= desiredValues(spec.valuesFiles, spec.generated ?? {}));
  const timeout = `${spec.timeoutMinutes}m0s`;
  return {
    id: spec.id,
    title: spec.title,
    deps: spec.deps,
    groups: spec.groups,
    inputs: async () => ({ chart: spec.chart, version: spec.chartVersion, values: fingerprintOf(await want()), ...(spec.plainHttp ? { plainHttp: true } : {}) }),
    retry: KUBE_RETRY,
    // helm enforces its own --timeout; this is the backstop for a helm that hangs past it.
    timeoutMs: (spec.timeoutMinutes + 2) * 60_000,
    async check(ctx) {
      const status = await env.helm.status(spec.release, spec.namespace, ctx);
      if (!status) return { done: false, detail: 'not installed' };
      const state = status.info.status;
      const version = status.chart?.metadata?.version;
      if (state !== 'deployed') return { done: false, detail: state };
      if (version !== spec.chartVersion) return { done: false, detail: `chart ${version}, want ${spec.chartVersion}` };
      // `helm status -o json` carries the user-supplied values (`config`, what `helm get values` prints):
      // one call less on a check that every up runs.
      if (!sameValues(status.config ?? {}, await want())) return { done: false, detail: 'values changed' };
      return { done: true, detail: `deployed, chart ${version}` };
    },
    async run(ctx) {
      await repairRelease(env.helm, spec.release, spec.namespace, timeout, ctx);
      if (spec.generated) {
        await mkdir(join(env.paths.stateDir, 'values'), { recursive: true });
        await writeFile(generatedFile, stringify(spec.generated), { mode: 0o600 });
      }
      const progress = new AbortController();
      const onAbort = () => progress.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const watcher = spec.whileInstalling?.(ctx, progress.signal).catch(() => {});
      try {
        await env.helm.upgradeInstall(
          {
            release: spec.release,
            chart: spec.chart,
            ...(spec.pinVersion ? { version: spec.chartVersion } : {}),
            ...(spec.plainHttp ? { plainHttp: true } : {}),
            namespace: spec.namespace,
            valuesFiles: files(),
            timeout,
            wait: spec.wait,
          },
          ctx,
        );
      } catch (error) {
        if (ctx.signal.aborted || !(error instanceof ToolError) || error.kind !== 'timeout') throw error;
        // helm's --wait (or a hook) ran out of time: say which pods are not ready, and why.
        const why = await explainNotReady(env.kubectl, spec.namespace, undefined, ctx);
        for (const line of why) ctx.log(line);
        throw Object.assign(new Error([error.message, ...why].join('\n')), { permanent: true, cause: error });
      } finally {
        progress.abort();
        ctx.signal.removeEventListener('abort', onAbort);
        await watcher;
      }
    },
    async downCheck(ctx) {
      return (await env.helm.status(spec.release, spec.namespace, ctx)) === undefined;
    },
    async down(ctx) {
      await env.helm.uninstall(spec.release, spec.namespace, timeout, ctx);
    },
  };
}

export type { HelmRelease };
