/**
 * The Kubernetes Secrets the charts and manifests read. Each is built in process and sent on stdin with
 * server-side apply: no value on a command line, none in a last-applied-configuration annotation. The check
 * compares a hash of the content, so a changed password is re-applied and an unchanged one is skipped.
 */
import { fingerprintOf, type TaskNode } from '../engine/index.ts';
import { ALL_NAMESPACES, labelSelector, type KubeObject } from '../kube/kubectl.ts';
import { ToolError } from '../kube/tool-error.ts';
import { namespaceNodeId, type NamespaceRole } from './namespaces.ts';
import type { SharedRead } from '../kube/read-cache.ts';
import { CONTENT_HASH_ANNOTATION, KUBE_RETRY, MANAGED_LABELS, type TaskEnv } from './task-env.ts';

/** A Secret the environment needs. */
export interface SecretSpec {
  /** Node id suffix, e.g. `mysql` → `secret:mysql`. */
  readonly key: string;
  readonly name: string;
  readonly namespace: NamespaceRole;
  readonly data: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
}

/** The Secrets of DEV_ENV, with the key names the charts read (UPSTREAM.md). */
export function secretSpecs(env: Pick<TaskEnv, 'config'>): SecretSpec[] {
  const c = env.config.credentials;
  const specs: SecretSpec[] = [
    {
      key: 'mysql',
      name: 'mysql-secrets',
      namespace: 'datahub',
      data: { 'mysql-root-password': c.datahubMysqlRootPassword, 'mysql-password': c.datahubMysqlPassword },
      groups: ['datahub'],
    },
    {
      key: 'example-postgres',
      name: 'example-postgres-secret',
      namespace: 'example',
      data: { POSTGRES_USER: c.examplePostgres.user, POSTGRES_PASSWORD: c.examplePostgres.password, POSTGRES_DB: c.examplePostgres.db },
      groups: ['dataspoke-example'],
    },
    {
      key: 'dataspoke-postgres',
      name: 'dataspoke-postgres-secret',
      namespace: 'dataspoke',
      data: {
        POSTGRES_USER: c.dataspokePostgres.user,
        POSTGRES_PASSWORD: c.dataspokePostgres.password,
        POSTGRES_DB: c.dataspokePostgres.db,
      },
      groups: ['dataspoke-infra'],
    },
    {
      key: 'dataspoke-redis',
      name: 'dataspoke-redis-secret',
      namespace: 'dataspoke',
      data: { REDIS_PASSWORD: c.dataspokeRedisPassword },
      groups: ['dataspoke-infra'],
    },
  ];
  if (env.config.qdrantApiKey !== undefined) {
    specs.push({
      key: 'dataspoke-qdrant',
      name: 'dataspoke-qdrant-secret',
      namespace: 'dataspoke',
      data: { QDRANT_API_KEY: env.config.qdrantApiKey },
      groups: ['dataspoke-infra'],
    });
  }
  return specs;
}

export function secretNodeId(key: string): string {
  return `secret:${key}`;
}

/** Secrets by `namespace/name`; `undefined` when listing them across namespaces is not allowed. */
type ManagedSecrets = SharedRead<ReadonlyMap<string, KubeObject> | undefined>;

/** One node per Secret. */
export function secretNodes(env: TaskEnv): TaskNode[] {
  // The checks share one listing of the Secrets this tool labelled, in all namespaces. Where RBAC forbids
  // that listing, each check reads its own Secret by name.
  const managed: ManagedSecrets = env.reads.of(async (ctx) => {
    try {
      const found = await env.kubectl.list({ kinds: 'secret', namespace: ALL_NAMESPACES, selector: labelSelector(MANAGED_LABELS) }, { signal: ctx.signal, log: ctx.log });
      return new Map(found.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    } catch (error) {
      if (error instanceof ToolError && /\(Forbidden\)/.test(error.stderr)) return undefined;
      throw error;
    }
  });
  return secretSpecs(env).map((spec) => secretNode(env, spec, managed));
}

function secretNode(env: TaskEnv, spec: SecretSpec, managed: ManagedSecrets): TaskNode {
  const namespace = env.config.namespaces[spec.namespace];
  // The hash covers names as well as values; it is stored on the Secret, never the values themselves.
  const hash = fingerprintOf({ name: spec.name, data: spec.data });
  const manifest = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: spec.name, labels: { ...MANAGED_LABELS }, annotations: { [CONTENT_HASH_ANNOTATION]: hash } },
    stringData: spec.data,
  };
  return {
    id: secretNodeId(spec.key),
    title: `Secret ${spec.name}`,
    downTitle: `Delete Secret ${spec.name}`,
    deps: [namespaceNodeId(spec.namespace)],
    groups: spec.groups,
    // The fingerprint is the content hash, so the journal holds no secret either.
    inputs: () => ({ namespace, hash }),
    retry: KUBE_RETRY,
    timeoutMs: 2 * 60_000,
    async check(ctx) {
      const listed = await managed.get(ctx);
      const current = listed ? listed.get(`${namespace}/${spec.name}`) : await env.kubectl.get({ kind: 'secret', name: spec.name, namespace }, ctx);
      // A Secret of this name made by hand carries neither the label nor the hash: it is applied over.
      if (!current) return { done: false, detail: listed ? 'missing (or not made by this tool)' : 'missing' };
      const same = current.metadata.annotations?.[CONTENT_HASH_ANNOTATION] === hash;
      return { done: same, detail: same ? 'content unchanged' : 'content changed' };
    },
    async run(ctx) {
      await env.kubectl.apply({ objects: [manifest], namespace }, ctx);
    },
    async downCheck(ctx) {
      return (await env.kubectl.get({ kind: 'secret', name: spec.name, namespace }, ctx)) === undefined;
    },
    async down(ctx) {
      await env.kubectl.deleteNamed({ kind: 'secret', name: spec.name, namespace }, ctx);
    },
  };
}
