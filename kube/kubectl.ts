/**
 * A typed kubectl: the calls the dev environment makes, each pinned to one kube context
 * (the user's current context is never read or switched). Each call that names more than one thing takes
 * one request object (`{ kind, name, namespace }`) and the per-call options.
 */
import { stringify } from 'yaml';
import type { SharedReads } from './read-cache.ts';
import { runTool, type ToolCall } from './run-tool.ts';
import { ToolError } from './tool-error.ts';

/** Which cluster and which environment (PATH, KUBECTL) to use. */
export interface KubeTarget {
  readonly context: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * The read cache (kube/read-cache.ts) the checks read through: forgotten before and after every call
   * that changes the cluster or helm's local files. `undefined` means nobody keeps reads.
   */
  readonly reads?: Pick<SharedReads, 'invalidate'>;
}

/** Runs a call that changes something, forgetting the target's kept reads before and after. */
export async function changing<T>(target: KubeTarget, call: () => Promise<T>): Promise<T> {
  target.reads?.invalidate();
  try {
    return await call();
  } finally {
    target.reads?.invalidate();
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

/** One named object; no namespace for a cluster-scoped kind. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What {@link Kubectl.list} reads. */
export interface ListRequest {
  /** One kind or several, comma-separated (`deployment,job`). */
  readonly kinds: string;
  /** A namespace, every namespace ({@link ALL_NAMESPACES}), or none for cluster-scoped kinds. */
  readonly namespace?: string | typeof ALL_NAMESPACES;
  /** A label selector (see {@link labelSelector}). */
  readonly selector?: string;
}

/** Objects sent on stdin, into `namespace` when they carry none. */
export interface ObjectsRequest {
  readonly objects: readonly object[];
  readonly namespace?: string;
}

/** A rollout (`deployment/web`) waited for until done or `timeout` (kubectl duration, e.g. `3m`). */
export interface RolloutRequest {
  readonly ref: string;
  readonly namespace: string;
  readonly timeout: string;
}

/** An object waited for until `condition` (e.g. `complete`) or `timeout`. */
export interface WaitRequest extends RolloutRequest {
  readonly condition: string;
}

/** kubectl bound to a target: a plain call, and one that changes something. */
interface Bound {
  readonly target: KubeTarget;
  call(args: string[], options: CallOptions, extra?: Partial<ToolCall>): ReturnType<typeof runTool>;
  change(args: string[], options: CallOptions, extra?: Partial<ToolCall>): ReturnType<typeof runTool>;
}

function bind(target: KubeTarget): Bound {
  const call = (args: string[], options: CallOptions, extra: Partial<ToolCall> = {}) =>
    runTool('kubectl', { args: [...args, '--context', target.context], ...options, ...extra, env: target.env });
  return { target, call, change: (args, options, extra) => changing(target, () => call(args, options, extra)) };
}

/** kubectl bound to a context. */
export function createKubectl(target: KubeTarget) {
  const k = bind(target);
  return {
    /** Client and server versions from one call; fails when the cluster does not answer. */
    versions: (options: CallOptions = {}) => versions(k, options),
    contexts: (options: CallOptions = {}) => contexts(k, options),
    /** One object, or `undefined` when it does not exist. */
    get: <T extends KubeObject = KubeObject>(ref: ObjectRef, options: CallOptions = {}) => get<T>(k, ref, options),
    /**
     * Every object of these kinds in a namespace, in all of them ({@link ALL_NAMESPACES}), or cluster-wide
     * for cluster-scoped kinds.
     */
    list: <T extends KubeObject = KubeObject>(request: ListRequest, options: CallOptions = {}) => list<T>(k, request, options),
    /**
     * Server-side apply of objects sent on stdin: no secret on the command line, and no
     * last-applied-configuration annotation (which would hold a Secret's data in clear).
     */
    apply: (request: ObjectsRequest, options: CallOptions = {}) => apply(k, request, options),
    /** Deletes objects (sent on stdin), waiting until they are gone; absent ones are fine. */
    delete: (request: ObjectsRequest, options: CallOptions = {}) => deleteObjects(k, request, options),
    deleteNamed: (ref: ObjectRef, options: CallOptions = {}) => deleteNamed(k, ref, options),
    /** Starts a namespace's deletion; callers poll until it is really gone (Terminating is not gone). */
    deleteNamespace: (name: string, options: CallOptions = {}) => deleteNamespace(k, name, options),
    rolloutStatus: (request: RolloutRequest, options: CallOptions = {}) => rolloutStatus(k, request, options),
    waitFor: (request: WaitRequest, options: CallOptions = {}) => waitFor(k, request, options),
  };
}

/** The kubectl adapter's type. */
export type Kubectl = ReturnType<typeof createKubectl>;

async function versions(k: Bound, options: CallOptions): Promise<{ client: string; server: string }> {
  const { stdout } = await k.call(['version', '-o', 'json'], options);
  const parsed = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
  if (!parsed.serverVersion) {
    throw new ToolError({ tool: 'kubectl', args: ['version'], exitCode: 1, stderr: 'the cluster did not report a server version', kind: 'transient' });
  }
  return { client: parsed.clientVersion?.gitVersion ?? 'unknown', server: parsed.serverVersion.gitVersion ?? 'unknown' };
}

/** The contexts in the kubeconfig: the one call not pinned to a context. */
async function contexts(k: Bound, options: CallOptions): Promise<string[]> {
  const { stdout } = await runTool('kubectl', { args: ['config', 'get-contexts', '-o', 'name'], ...options, env: k.target.env });
  return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

async function get<T extends KubeObject>(k: Bound, ref: ObjectRef, options: CallOptions): Promise<T | undefined> {
  try {
    const { stdout } = await k.call(['get', ref.kind, ref.name, ...ns(ref.namespace), '-o', 'json'], options);
    return JSON.parse(stdout) as T;
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

async function list<T extends KubeObject>(k: Bound, request: ListRequest, options: CallOptions): Promise<T[]> {
  const scope = request.namespace === ALL_NAMESPACES ? ['-A'] : ns(request.namespace);
  const selector = request.selector ? ['-l', request.selector] : [];
  const { stdout } = await k.call(['get', request.kinds, ...scope, ...selector, '-o', 'json'], options);
  return (JSON.parse(stdout) as { items?: T[] }).items ?? [];
}

async function apply(k: Bound, request: ObjectsRequest, options: CallOptions): Promise<string[]> {
  const { stdout } = await k.change(
    ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '-f', '-', ...ns(request.namespace), '-o', 'name'],
    options,
    { input: toYamlStream(request.objects) },
  );
  return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

async function deleteObjects(k: Bound, request: ObjectsRequest, options: CallOptions): Promise<void> {
  await k.change(['delete', '-f', '-', ...ns(request.namespace), '--ignore-not-found', '--wait=true'], options, {
    input: toYamlStream(request.objects),
  });
}

async function deleteNamed(k: Bound, ref: ObjectRef, options: CallOptions): Promise<void> {
  await k.change(['delete', ref.kind, ref.name, ...ns(ref.namespace), '--ignore-not-found', '--wait=true'], options);
}

async function deleteNamespace(k: Bound, name: string, options: CallOptions): Promise<void> {
  await k.change(['delete', 'namespace', name, '--ignore-not-found', '--wait=false'], options);
}

async function rolloutStatus(k: Bound, request: RolloutRequest, options: CallOptions): Promise<void> {
  await k.call(['rollout', 'status', request.ref, '-n', request.namespace, `--timeout=${request.timeout}`], options);
}

async function waitFor(k: Bound, request: WaitRequest, options: CallOptions): Promise<void> {
  await k.call(['wait', `--for=condition=${request.condition}`, request.ref, '-n', request.namespace, `--timeout=${request.timeout}`], options);
}

function ns(namespace: string | undefined): string[] {
  return namespace === undefined ? [] : ['-n', namespace];
}

/** Objects as one multi-document YAML stream. */
export function toYamlStream(objects: readonly object[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}
