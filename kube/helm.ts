/**
 * A typed helm: the calls the dev environment makes, each pinned to one kube context. Each call that names
 * more than one thing takes one request object (`{ release, namespace, timeout }`) and the per-call options.
 * Values reach helm only through files (-f) and non-secret --set flags; secrets live in Kubernetes Secrets.
 */
import { runTool } from './run-tool.ts';
import { ToolError } from './tool-error.ts';
import { changing, type CallOptions, type KubeTarget } from './kubectl.ts';

/**
 * `helm status -o json`, the fields the product reads. helm leaves the chart out of it (status.go sets
 * `rel.Chart = nil`): the installed chart's version is in {@link HelmListEntry.chart}.
 */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  info: { status: HelmReleaseStatus; description?: string; last_deployed?: string; first_deployed?: string };
  /** The user-supplied values (what `helm get values` prints); absent when there are none. */
  config?: Record<string, unknown>;
}

/** One row of `helm list -o json`: the latest revision of a release. */
export interface HelmListEntry {
  name: string;
  namespace: string;
  /** The revision number, as a string ("1"). */
  revision: string;
  updated: string;
  status: HelmReleaseStatus;
  /** `<chart name>-<chart version>`, e.g. `datahub-prerequisites-0.2.1`. */
  chart: string;
  app_version: string;
}

/** Release states helm reports. */
export type HelmReleaseStatus =
  | 'deployed'
  | 'failed'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback'
  | 'superseded'
  | 'uninstalling'
  | 'uninstalled'
  | 'unknown';

/** One row of `helm history -o json`. */
export interface HelmRevision {
  revision: number;
  status: HelmReleaseStatus;
  chart: string;
  app_version?: string;
  description?: string;
  updated?: string;
}

/** What `upgrade --install` needs. */
export interface UpgradeInstall {
  readonly release: string;
  readonly chart: string;
  readonly version?: string;
  readonly namespace: string;
  readonly valuesFiles: readonly string[];
  /** Non-secret settings only: they appear on the command line. */
  readonly set?: Readonly<Record<string, string>>;
  /** Helm duration, e.g. `5m0s`. */
  readonly timeout: string;
  readonly wait: boolean;
  readonly atomic?: boolean;
  /** `--plain-http`: the chart is `oci://` from a registry without TLS. */
  readonly plainHttp?: boolean;
}

/** A release by name. */
export interface ReleaseRef {
  readonly release: string;
  readonly namespace: string;
}

/** A release and how long helm may take (helm duration, e.g. `5m0s`). */
export interface ReleaseTimeout extends ReleaseRef {
  readonly timeout: string;
}

/** What `rollback` needs. */
export interface Rollback extends ReleaseTimeout {
  readonly revision: number;
}

/** helm bound to a target: a call pinned to the context, and a local one (repositories, charts, version). */
interface Bound {
  readonly target: KubeTarget;
  call(args: string[], options: CallOptions, logStdout?: boolean): ReturnType<typeof runTool>;
  local(args: string[], options: CallOptions, logStdout?: boolean): ReturnType<typeof runTool>;
}

function bind(target: KubeTarget): Bound {
  return {
    target,
    call: (args, options, logStdout = false) =>
      runTool('helm', { args: [...args, '--kube-context', target.context], ...options, logStdout, env: target.env }),
    local: (args, options, logStdout = false) => runTool('helm', { args, ...options, logStdout, env: target.env }),
  };
}

/** helm bound to a context. */
export function createHelm(target: KubeTarget) {
  const h = bind(target);
  return {
    version: async (options: CallOptions = {}): Promise<string> => (await h.local(['version', '--short'], options)).stdout.trim(),
    /** The repositories added; `[]` when none (helm 3.8+ prints that for `-o json`, exit 0). */
    repoList: async (options: CallOptions = {}) =>
      JSON.parse((await h.local(['repo', 'list', '-o', 'json'], options)).stdout) as { name: string; url: string }[],
    repoAdd: async (repo: { readonly name: string; readonly url: string }, options: CallOptions = {}): Promise<void> => {
      await changing(target, () => h.local(['repo', 'add', repo.name, repo.url, '--force-update'], options));
    },
    repoUpdate: async (names: readonly string[], options: CallOptions = {}): Promise<void> => {
      await changing(target, () => h.local(['repo', 'update', ...names], options));
    },
    /** Resolves Chart.yaml's dependencies, writes Chart.lock and the packages; `plainHttp` for `oci://` ones without TLS. */
    dependencyUpdate: (request: { readonly chartDir: string; readonly plainHttp?: boolean }, options: CallOptions = {}) =>
      dependencyUpdate(h, request, options),
    /** The release, or `undefined` when there is none. */
    status: (ref: ReleaseRef, options: CallOptions = {}) => status(h, ref, options),
    /**
     * The latest revision of every release in `namespace`, whatever its status (`-a`: pending and failed ones
     * too), and all of them (`--max 0`: helm stops at 256 by default).
     */
    list: async (namespace: string, options: CallOptions = {}) =>
      JSON.parse((await h.call(['list', '-n', namespace, '-a', '--max', '0', '-o', 'json'], options)).stdout) as HelmListEntry[],
    /**
     * The user-supplied values of `revision` (the latest without it): `{}` when there are none (helm prints
     * `null`), `undefined` when there is no such release or revision.
     */
    values: (request: ReleaseRef & { readonly revision?: number }, options: CallOptions = {}) => values(h, request, options),
    /** Every revision of the release; `[]` when there is none. */
    history: (ref: ReleaseRef, options: CallOptions = {}) => history(h, ref, options),
    upgradeInstall: (spec: UpgradeInstall, options: CallOptions = {}) => upgradeInstall(h, spec, options),
    rollback: async (request: Rollback, options: CallOptions = {}): Promise<void> => {
      const { release, revision, namespace, timeout } = request;
      await changing(target, () => h.call(['rollback', release, String(revision), '-n', namespace, '--wait', '--timeout', timeout], options, true));
    },
    /** Uninstalls and waits for the release's resources to go; an absent release is fine. */
    uninstall: (request: ReleaseTimeout, options: CallOptions = {}) => uninstall(h, request, options),
  };
}

async function dependencyUpdate(h: Bound, request: { readonly chartDir: string; readonly plainHttp?: boolean }, options: CallOptions): Promise<void> {
  const args = ['dependency', 'update', request.chartDir];
  if (request.plainHttp) args.push('--plain-http');
  await changing(h.target, () => h.local(args, options, true));
}

async function status(h: Bound, ref: ReleaseRef, options: CallOptions): Promise<HelmRelease | undefined> {
  return orWhenNotFound(undefined, async () =>
    JSON.parse((await h.call(['status', ref.release, '-n', ref.namespace, '-o', 'json'], options)).stdout) as HelmRelease,
  );
}

async function values(h: Bound, request: ReleaseRef & { readonly revision?: number }, options: CallOptions): Promise<Record<string, unknown> | undefined> {
  const revision = request.revision === undefined ? [] : ['--revision', String(request.revision)];
  const args = ['get', 'values', request.release, '-n', request.namespace, ...revision, '-o', 'json'];
  return orWhenNotFound(undefined, async () => (JSON.parse((await h.call(args, options)).stdout) as Record<string, unknown> | null) ?? {});
}

async function history(h: Bound, ref: ReleaseRef, options: CallOptions): Promise<HelmRevision[]> {
  return orWhenNotFound([], async () =>
    JSON.parse((await h.call(['history', ref.release, '-n', ref.namespace, '-o', 'json'], options)).stdout) as HelmRevision[],
  );
}

async function upgradeInstall(h: Bound, spec: UpgradeInstall, options: CallOptions): Promise<void> {
  const args = ['upgrade', '--install', spec.release, spec.chart, '-n', spec.namespace];
  if (spec.version) args.push('--version', spec.version);
  for (const file of spec.valuesFiles) args.push('-f', file);
  for (const [key, value] of Object.entries(spec.set ?? {})) args.push('--set', `${key}=${value}`);
  args.push('--timeout', spec.timeout);
  if (spec.wait) args.push('--wait');
  if (spec.atomic) args.push('--atomic');
  if (spec.plainHttp) args.push('--plain-http');
  await changing(h.target, () => h.call(args, options, true));
}

async function uninstall(h: Bound, request: ReleaseTimeout, options: CallOptions): Promise<void> {
  const args = ['uninstall', request.release, '-n', request.namespace, '--wait', '--timeout', request.timeout];
  await orWhenNotFound(undefined, () => changing(h.target, () => h.call(args, options, true)));
}

/** The call's result, or `fallback` when helm says the release (or revision) does not exist. */
async function orWhenNotFound<T, F>(fallback: F, call: () => Promise<T>): Promise<T | F> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'not-found') return fallback;
    throw error;
  }
}

/** The helm adapter's type. */
export type Helm = ReturnType<typeof createHelm>;
