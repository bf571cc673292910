/**
 * A typed kubectl: the calls the dev environment makes, each pinned to one kube context
 * (the user's current context is never read or switched).
 */
import { stringify } from 'yaml';
import { runTool, type ToolCall } from './run-tool.ts';
import { ToolError } from './tool-error.ts';

/** Which cluster and which environment (PATH, KUBECTL) to use. */
export interface KubeTarget {
  readonly context: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Called before and after every call that changes the cluster or helm's local files, so reads kept for
   * checks (tasks/shared-read.ts) are forgotten. `undefined` means nobody keeps reads.
   */
  readonly onChange?: () => void;
}

/** Runs a call that changes something, telling the target before and after. */
export async function changing<T>(target: KubeTarget, call: () => Promise<T>): Promise<T> {
  target.onChange?.();
  try {
    return await call();
  } finally {
    target.onChange?.();
  }
}

/** Per-call options: the node's signal and log. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/** A Kubernetes object as far as the product reads it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; creationTimestamp?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `list`'s namespace for every namespace at once (`-A`). */
export const ALL_NAMESPACES: unique symbol = Symbol('all namespaces');

/** A label selector as kubectl takes it: `a=1,b=2`. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}

/** The field manager our server-side applies use, so re-applies own their fields. */
export const FIELD_MANAGER = 'dataspoke-dev-env';

/** kubectl bound to a context. */
export function createKubectl(target: KubeTarget) {
  const call = (args: string[], options: CallOptions, extra: Partial<ToolCall> = {}) =>
    runTool('kubectl', { args: [...args, '--context', target.context], ...options, ...extra }, target.env);
  const change = (args: string[], options: CallOptions, extra: Partial<ToolCall> = {}) => changing(target, () => call(args, options, extra));

  return {
    /** Client and server versions from one call; fails when the cluster does not answer. */
    async versions(options: CallOptions = {}): Promise<{ client: string; server: string }> {
      const { stdout } = await call(['version', '-o', 'json'], options);
      const parsed = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
      if (!parsed.serverVersion) throw new ToolError('kubectl', ['version'], 1, 'the cluster did not report a server version', 'transient');
      return { client: parsed.clientVersion?.gitVersion ?? 'unknown', server: parsed.serverVersion.gitVersion ?? 'unknown' };
    },
    async contexts(options: CallOptions = {}): Promise<string[]> {
      const { stdout } = await runTool('kubectl', { args: ['config', 'get-contexts', '-o', 'name'], ...options }, target.env);
      return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    },
    /** One object, or `undefined` when it does not exist. */
    async get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace: string | undefined, options: CallOptions = {}): Promise<T | undefined> {
      try {
        const { stdout } = await call(['get', kind, name, ...ns(namespace), '-o', 'json'], options);
        return JSON.parse(stdout) as T;
      } catch (error) {
        if (error instanceof ToolError && error.kind === 'not-found') return undefined;
        throw error;
      }
    },
    /**
     * Every object of these kinds in a namespace, in all of them ({@link ALL_NAMESPACES}), or cluster-wide
     * for cluster-scoped kinds.
     */
    async list<T extends KubeObject = KubeObject>(
      kinds: string,
      namespace: string | typeof ALL_NAMESPACES | undefined,
      options: CallOptions & { selector?: string } = {},
    ): Promise<T[]> {
      const scope = namespace === ALL_NAMESPACES ? ['-A'] : ns(namespace);
      const selector = options.selector ? ['-l', options.selector] : [];
      const { stdout } = await call(['get', kinds, ...scope, ...selector, '-o', 'json'], options);
      return ((JSON.parse(stdout) as { items?: T[] }).items ?? []);
    },
    /**
     * Server-side apply of objects sent on stdin: no secret on the command line, and no
     * last-applied-configuration annotation (which would hold a Secret's data in clear).
     */
    async apply(objects: readonly object[], namespace: string | undefined, options: CallOptions = {}): Promise<string[]> {
      const { stdout } = await change(
        ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '-f', '-', ...ns(namespace), '-o', 'name'],
        options,
        { input: toYamlStream(objects) },
      );
      return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    },
    /** Deletes objects (sent on stdin), waiting until they are gone; absent ones are fine. */
    async delete(objects: readonly object[], namespace: string | undefined, options: CallOptions = {}): Promise<void> {
      await change(['delete', '-f', '-', ...ns(namespace), '--ignore-not-found', '--wait=true'], options, { input: toYamlStream(objects) });
    },
    async deleteNamed(kind: string, name: string, namespace: string | undefined, options: CallOptions = {}): Promise<void> {
      await change(['delete', kind, name, ...ns(namespace), '--ignore-not-found', '--wait=true'], options);
    },
    /** Starts a namespace's deletion; callers poll until it is really gone (Terminating is not gone). */
    async deleteNamespace(name: string, options: CallOptions = {}): Promise<void> {
      await change(['delete', 'namespace', name, '--ignore-not-found', '--wait=false'], options);
    },
    async rolloutStatus(ref: string, namespace: string, timeout: string, options: CallOptions = {}): Promise<void> {
      await call(['rollout', 'status', ref, '-n', namespace, `--timeout=${timeout}`], options);
    },
    async waitFor(ref: string, namespace: string, condition: string, timeout: string, options: CallOptions = {}): Promise<void> {
      await call(['wait', `--for=condition=${condition}`, ref, '-n', namespace, `--timeout=${timeout}`], options);
    },
  };
}

/** The kubectl adapter's type. */
export type Kubectl = ReturnType<typeof createKubectl>;

function ns(namespace: string | undefined): string[] {
  return namespace === undefined ? [] : ['-n', namespace];
}

/** Objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly object[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}
