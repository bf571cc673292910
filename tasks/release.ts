/**
 * A Helm release as a task: done when it is `deployed` with the same chart version and the same values.
 * A release left pending or failed by a killed earlier run is repaired first, never reported as
 * "another operation is in progress".
 *
 * The check reads the state and chart of every release in the namespace with one shared `helm list -a`
 * (`helm status -o json` carries no chart: helm drops it before printing), then, only for a release that
 * is deployed with the right chart, the user-supplied values of that very revision (`helm get values
 * --revision N`). A no-op re-run makes one `helm list` per namespace and one `helm get values` per release.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { fingerprintOf, PermanentError, type CheckResult, type NodeContext, type TaskNode } from '../engine/index.ts';
import type { HelmRelease, UpgradeInstall } from '../kube/helm.ts';
import { ToolError } from '../kube/tool-error.ts';
import { explainNotReady } from './diagnostics.ts';
import { repairRelease } from './release-repair.ts';
import { KUBE_RETRY, type TaskEnv } from './task-env.ts';
import { desiredValues, sameValues } from './values.ts';

/** What a release node installs. */
export interface ReleaseSpec {
  readonly id: string;
  readonly title: string;
  /** The title in `down`. `undefined` means "Uninstall release NAME". */
  readonly downTitle?: string;
  readonly release: string;
  /** `repo/chart`, `oci://host/path/chart` or a local chart folder. */
  readonly chart: string;
  /** The chart's name (Chart.yaml `name`): `helm list` shows the installed chart as `<name>-<version>`. */
  readonly chartName: string;
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
  /**
   * Called as each run starts (before any repair), returns what runs alongside helm (e.g. hook progress),
   * aborted when helm returns. What it notes before helm starts lives in the watcher it returns: one per run.
   */
  readonly watchInstall?: (ctx: NodeContext) => Promise<InstallWatcher>;
}

/** Runs while helm does; `signal` aborts when helm returns. */
export type InstallWatcher = (signal: AbortSignal) => Promise<void>;

/** What the node's parts share: the spec and what follows from it. */
interface Release {
  readonly spec: ReleaseSpec;
  /** The generated values file, in the state folder. */
  readonly generatedFile: string;
  /** Every values file helm is given, the generated one last. */
  readonly files: readonly string[];
  /** The values we want, read once per run: inputs and check both compare against it. */
  want(): ReturnType<typeof desiredValues>;
  /** Helm's --timeout. */
  readonly timeout: string;
  /** `helm list`'s chart column for the chart we want. */
  readonly wantedChart: string;
}

/** Builds the node. */
export function releaseNode(env: TaskEnv, spec: ReleaseSpec): TaskNode {
  const generatedFile = env.paths.state.valuesFile(spec.release);
  // Read once per run: the files do not change meanwhile.
  let wanted: ReturnType<typeof desiredValues> | undefined;
  const release: Release = {
    spec,
    generatedFile,
    files: spec.generated ? [...spec.valuesFiles, generatedFile] : spec.valuesFiles,
    want: () => (wanted ??= desiredValues(spec.valuesFiles, spec.generated ?? {})),
    timeout: `${spec.timeoutMinutes}m0s`,
    wantedChart: `${spec.chartName}-${spec.chartVersion}`,
  };
  const ref = { release: spec.release, namespace: spec.namespace };
  return {
    id: spec.id,
    title: spec.title,
    downTitle: spec.downTitle ?? `Uninstall release ${spec.release}`,
    deps: spec.deps,
    groups: spec.groups,
    inputs: async () => ({ chart: spec.chart, version: spec.chartVersion, values: fingerprintOf(await release.want()), ...(spec.plainHttp ? { plainHttp: true } : {}) }),
    retry: KUBE_RETRY,
    // helm enforces its own --timeout; this is the backstop for a helm that hangs past it.
    timeoutMs: (spec.timeoutMinutes + 2) * 60_000,
    check: (ctx) => checkRelease(env, release, ctx),
    run: (ctx) => installRelease(env, release, ctx),
    async downCheck(ctx) {
      // `-a` lists every state (pending, uninstalling, ...): absent from it is gone.
      return !(await env.releases.get(spec.namespace, ctx)).has(spec.release);
    },
    async down(ctx) {
      await env.helm.uninstall({ ...ref, timeout: release.timeout }, ctx);
    },
  };
}

/** Done when deployed, with the chart we want and the values we want. */
async function checkRelease(env: TaskEnv, { spec, wantedChart, want }: Release, ctx: NodeContext): Promise<CheckResult> {
  const listed = (await env.releases.get(spec.namespace, ctx)).get(spec.release);
  if (!listed) return { done: false, detail: 'not installed' };
  if (listed.status !== 'deployed') return { done: false, detail: listed.status };
  if (listed.chart !== wantedChart) return { done: false, detail: chartMismatch(spec, listed.chart) };
  // The values of the revision just listed, so state, chart and values describe the same revision.
  const revision = Number(listed.revision);
  const values = await env.helm.values({ release: spec.release, namespace: spec.namespace, ...(Number.isInteger(revision) ? { revision } : {}) }, ctx);
  if (!values) return { done: false, detail: 'not installed' };
  if (!sameValues(values, await want())) return { done: false, detail: 'values changed' };
  return { done: true, detail: `deployed, chart ${spec.chartVersion}` };
}

/** Repairs a stuck release, writes the generated values, then `helm upgrade --install` with the watcher alongside. */
async function installRelease(env: TaskEnv, release: Release, ctx: NodeContext): Promise<void> {
  const { spec, timeout } = release;
  const watch = await spec.watchInstall?.(ctx);
  await repairRelease(env.helm, { release: spec.release, namespace: spec.namespace, timeout }, ctx);
  if (spec.generated) {
    await mkdir(env.paths.state.valuesDir, { recursive: true });
    await writeFile(release.generatedFile, stringify(spec.generated), { mode: 0o600 });
  }
  const progress = new AbortController();
  const onAbort = () => progress.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const watcher = watch?.(progress.signal).catch(() => {});
  try {
    await env.helm.upgradeInstall(upgradeOf(release), ctx);
  } catch (error) {
    if (ctx.signal.aborted || !(error instanceof ToolError) || error.kind !== 'timeout') throw error;
    // helm's --wait (or a hook) ran out of time: say which pods are not ready, and why.
    const why = await explainNotReady(env.kubectl, { namespace: spec.namespace }, ctx);
    for (const line of why) ctx.log(line);
    throw new PermanentError([error.message, ...why].join('\n'), { cause: error });
  } finally {
    progress.abort();
    ctx.signal.removeEventListener('abort', onAbort);
    await watcher;
  }
}

function upgradeOf({ spec, files, timeout }: Release): UpgradeInstall {
  return {
    release: spec.release,
    chart: spec.chart,
    ...(spec.pinVersion ? { version: spec.chartVersion } : {}),
    ...(spec.plainHttp ? { plainHttp: true } : {}),
    namespace: spec.namespace,
    valuesFiles: files,
    timeout,
    wait: spec.wait,
  };
}

/**
 * `chart 0.8.2, want 0.8.3`; with another chart installed under the release's name, the charts' full names.
 * helm joins name and version with a dash and both may hold dashes: the version starts at the first dash
 * followed by `X.Y.Z`.
 */
function chartMismatch(spec: ReleaseSpec, listed: string): string {
  const [, name, version] = /^(.+?)-(v?\d+\.\d+\.\d+.*)$/.exec(listed) ?? [];
  return name === spec.chartName
    ? `chart ${version}, want ${spec.chartVersion}`
    : `chart ${listed}, want ${spec.chartName}-${spec.chartVersion}`;
}

export type { HelmRelease };
