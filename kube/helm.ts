/**
 * A typed helm: the calls the dev environment makes, each pinned to one kube context.
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

/** helm bound to a context. */
export function createHelm(target: KubeTarget) {
  const call = (args: string[], options: CallOptions, logStdout = false) =>
    runTool('helm', { args: [...args, '--kube-context', target.context], ...options, logStdout }, target.env);
  const local = (args: string[], options: CallOptions, logStdout = false) =>
    runTool('helm', { args, ...options, logStdout }, target.env);

  return {
    async version(options: CallOptions = {}): Promise<string> {
      return (await local(['version', '--short'], options)).stdout.trim();
    },
    /** The repositories added; `[]` when none (helm 3.8+ prints that for `-o json`, exit 0). */
    async repoList(options: CallOptions = {}): Promise<{ name: string; url: string }[]> {
      return JSON.parse((await local(['repo', 'list', '-o', 'json'], options)).stdout) as { name: string; url: string }[];
    },
    async repoAdd(name: string, url: string, options: CallOptions = {}): Promise<void> {
      await changing(target, () => local(['repo', 'add', name, url, '--force-update'], options));
    },
    async repoUpdate(names: readonly string[], options: CallOptions = {}): Promise<void> {
      await changing(target, () => local(['repo', 'update', ...names], options));
    },
    /** Resolves Chart.yaml's dependencies, writes Chart.lock and the packages; `plainHttp` for `oci://` ones without TLS. */
    async dependencyUpdate(chartDir: string, flags: { readonly plainHttp?: boolean } = {}, options: CallOptions = {}): Promise<void> {
      const args = ['dependency', 'update', chartDir];
      if (flags.plainHttp) args.push('--plain-http');
      await changing(target, () => local(args, options, true));
    },
    /** The release, or `undefined` when there is none. */
    async status(release: string, namespace: string, options: CallOptions = {}): Promise<HelmRelease | undefined> {
      try {
        return JSON.parse((await call(['status', release, '-n', namespace, '-o', 'json'], options)).stdout) as HelmRelease;
      } catch (error) {
        if (error instanceof ToolError && error.kind === 'not-found') return undefined;
        throw error;
      }
    },
    /**
     * The latest revision of every release in `namespace`, whatever its status (`-a`: pending and failed ones
     * too), and all of them (`--max 0`: helm stops at 256 by default).
     */
    async list(namespace: string, options: CallOptions = {}): Promise<HelmListEntry[]> {
      return JSON.parse((await call(['list', '-n', namespace, '-a', '--max', '0', '-o', 'json'], options)).stdout) as HelmListEntry[];
    },
    /**
     * The user-supplied values of `revision` (the latest without it): `{}` when there are none (helm prints
     * `null`), `undefined` when there is no such release or revision.
     */
    async values(release: string, namespace: string, revision: number | undefined, options: CallOptions = {}): Promise<Record<string, unknown> | undefined> {
      const args = ['get', 'values', release, '-n', namespace, ...(revision === undefined ? [] : ['--revision', String(revision)]), '-o', 'json'];
      try {
        return (JSON.parse((await call(args, options)).stdout) as Record<string, unknown> | null) ?? {};
      } catch (error) {
        if (error instanceof ToolError && error.kind === 'not-found') return undefined;
        throw error;
      }
    },
    async history(release: string, namespace: string, options: CallOptions = {}): Promise<HelmRevision[]> {
      try {
        return JSON.parse((await call(['history', release, '-n', namespace, '-o', 'json'], options)).stdout) as HelmRevision[];
      } catch (error) {
        if (error instanceof ToolError && error.kind === 'not-found') return [];
        throw error;
      }
    },
    async upgradeInstall(spec: UpgradeInstall, options: CallOptions = {}): Promise<void> {
      const args = ['upgrade', '--install', spec.release, spec.chart, '-n', spec.namespace];
      if (spec.version) args.push('--version', spec.version);
      for (const file of spec.valuesFiles) args.push('-f', file);
      for (const [key, value] of Object.entries(spec.set ?? {})) args.push('--set', `${key}=${value}`);
      args.push('--timeout', spec.timeout);
      if (spec.wait) args.push('--wait');
      if (spec.atomic) args.push('--atomic');
      if (spec.plainHttp) args.push('--plain-http');
      await changing(target, () => call(args, options, true));
    },
    async rollback(release: string, revision: number, namespace: string, timeout: string, options: CallOptions = {}): Promise<void> {
      await changing(target, () => call(['rollback', release, String(revision), '-n', namespace, '--wait', '--timeout', timeout], options, true));
    },
    /** Uninstalls and waits for the release's resources to go; an absent release is fine. */
    async uninstall(release: string, namespace: string, timeout: string, options: CallOptions = {}): Promise<void> {
      try {
        await changing(target, () => call(['uninstall', release, '-n', namespace, '--wait', '--timeout', timeout], options, true));
      } catch (error) {
        if (error instanceof ToolError && error.kind === 'not-found') return;
        throw error;
      }
    },
  };
}

/** The helm adapter's type. */
export type Helm = ReturnType<typeof createHelm>;
