/**
 * The example data sources: plain manifests (PostgreSQL, Kafka, the topic-init Job) applied into the
 * dummy-data namespace, then waits for both rollouts and the Job. The manifests carry no namespace.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fingerprintOf, type NodeContext, type TaskNode } from '../engine/index.ts';
import type { KubeObject } from '../kube/kubectl.ts';
import { objectKey } from './namespace-objects.ts';
import { namespaceNodeId } from './namespaces.ts';
import { secretNodeId } from './secrets.ts';
import { CONTENT_HASH_ANNOTATION, KUBE_RETRY, MANAGED_LABELS, type TaskEnv } from './task-env.ts';
import { waitNode } from './waits.ts';

export const EXAMPLE_MANIFESTS_ID = 'example:manifests';
const GROUPS = ['dataspoke-example'];

/** The manifests, each annotated with the hash of its own content. */
export async function exampleObjects(folder: string): Promise<KubeObject[]> {
  const files = (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(folder, file), 'utf8'))) {
      const object = doc.toJS() as KubeObject | null;
      if (!object) continue;
      const hash = fingerprintOf(object);
      object.metadata.labels = { ...object.metadata.labels, ...MANAGED_LABELS };
      object.metadata.annotations = { ...object.metadata.annotations, [CONTENT_HASH_ANNOTATION]: hash };
      objects.push(object);
    }
  }
  return objects;
}

const kindOf = (o: KubeObject) => (o.kind ?? '').toLowerCase();

export function exampleNodes(env: TaskEnv): TaskNode[] {
  const namespace = env.config.namespaces.example;
  const folder = join(env.paths.manifests, 'example');
  // Read once per run: inputs, check, run and down all need the same objects, and the files do not change.
  let read: Promise<KubeObject[]> | undefined;
  const manifests = () => (read ??= exampleObjects(folder));
  // The check reads the namespace's listing, shared with the waits; run and down read afresh.
  env.objects.declare(namespace, async () => (await manifests()).map(kindOf));
  const deps = [EXAMPLE_MANIFESTS_ID];
  return [
    manifestsNode(env, { namespace, manifests }),
    waitNode(env, { id: 'wait:example-postgres', kind: 'deployment', name: 'example-postgres', namespace, timeout: '3m', deps, groups: GROUPS }),
    waitNode(env, { id: 'wait:example-kafka', kind: 'deployment', name: 'example-kafka', namespace, timeout: '3m', deps, groups: GROUPS }),
    waitNode(env, { id: 'wait:example-kafka-topic-init', kind: 'job', name: 'example-kafka-topic-init', namespace, timeout: '2m', deps, groups: GROUPS }),
  ];
}

/** The example manifests and where they go. */
interface Manifests {
  readonly namespace: string;
  /** The objects, read once per run. */
  manifests(): Promise<KubeObject[]>;
}

/** The node applying the manifests: done when every object there carries the hash of its content. */
function manifestsNode(env: TaskEnv, { namespace, manifests }: Manifests): TaskNode {
  return {
    id: EXAMPLE_MANIFESTS_ID,
    title: 'Example sources: apply manifests/example (PostgreSQL, Kafka)',
    downTitle: 'Delete example manifests',
    deps: [namespaceNodeId('example'), secretNodeId('example-postgres')],
    groups: GROUPS,
    inputs: async () => (await manifests()).map(contentHash),
    retry: KUBE_RETRY,
    timeoutMs: 3 * 60_000,
    async check(ctx) {
      const objects = await manifests();
      const live = await env.objects.get(namespace, ctx);
      const stale = objects.filter((o) => contentHash(live.get(keyOf(o))) !== contentHash(o));
      return { done: stale.length === 0, ...(stale.length ? { detail: `${stale.length} of ${objects.length} objects differ` } : {}) };
    },
    async run(ctx) {
      const objects = await manifests();
      const live = await current(env, { namespace, objects }, ctx);
      // A Job's pod template is immutable: a changed Job has to be recreated, not re-applied.
      const changedJobs = objects.filter((o) => {
        const existing = live.get(keyOf(o));
        return kindOf(o) === 'job' && existing && contentHash(existing) !== contentHash(o);
      });
      if (changedJobs.length > 0) {
        ctx.log(`recreating changed job(s): ${changedJobs.map((j) => j.metadata.name).join(', ')}`);
        await env.kubectl.delete({ objects: changedJobs, namespace }, ctx);
      }
      for (const line of await env.kubectl.apply({ objects, namespace }, ctx)) ctx.log(line);
    },
    async downCheck(ctx) {
      const objects = await manifests();
      const live = await current(env, { namespace, objects }, ctx);
      return objects.every((o) => !live.has(keyOf(o)));
    },
    async down(ctx) {
      await env.kubectl.delete({ objects: await manifests(), namespace }, ctx);
    },
  };
}

/** The objects of the manifests' kinds as they are now (read afresh, not shared), by kind/name. */
async function current(env: TaskEnv, { namespace, objects }: { namespace: string; objects: KubeObject[] }, ctx: NodeContext): Promise<Map<string, KubeObject>> {
  const kinds = [...new Set(objects.map(kindOf))].join(',');
  const found = await env.kubectl.list({ kinds, namespace }, ctx);
  return new Map(found.map((o) => [keyOf(o), o]));
}

const keyOf = (o: KubeObject) => objectKey(kindOf(o), o.metadata.name);
const contentHash = (o: KubeObject | undefined) => o?.metadata.annotations?.[CONTENT_HASH_ANNOTATION];
