/**
 * `kubectl create`: namespace, secret generic, configmap, and `-f`. With --dry-run=client nothing
 * reaches the cluster and the object is printed (the product's idiom for idempotent secrets).
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CommandError, err, out } from '../core/exit.ts';
import { updateState } from '../core/store.ts';
import { toKubectlJson, toKubectlYaml } from '../core/serialize.ts';
import type { KubeObject, SimState } from '../core/state.ts';
import { kindInfo, nameRef, type KindInfo } from '../cluster/kinds.ts';
import { putObject } from '../cluster/mutations.ts';
import { namespaceInfo, purgeExpiredNamespaces } from '../cluster/namespaces.ts';
import { readView } from '../cluster/read.ts';
import { kubectlObjectSim } from '../catalog/kubectl-known.ts';
import { bindNewObjectFault, dryRunMode, lastAppliedOf } from './apply.ts';
import type { KubectlContext } from './main.ts';
import { readManifests, resolveNamespace } from './manifests.ts';
import { parseOutput, printObjects } from './output.ts';
import { alreadyExists, namespaceNotFound, namespaceTerminating } from './write-errors.ts';

async function collectData(ctx: KubectlContext, kind: 'Secret' | 'ConfigMap', name: string): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  const add = (key: string, value: string): void => {
    if (key in data) throw new CommandError(`error: cannot add key ${key}, another key by that name already exists in Data for ${kind} "${name}"\n`);
    data[key] = value;
  };
  for (const literal of ctx.args.all('from-literal')) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new CommandError(`error: invalid literal source ${literal}, expected key=value\n`);
    add(literal.slice(0, eq), literal.slice(eq + 1));
  }
  for (const spec of ctx.args.all('from-file')) {
    const eq = spec.indexOf('=');
    const [key, path] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [basename(spec), spec];
    const text = await readFile(resolve(ctx.inv.cwd, path), 'utf8').catch(() => {
      throw new CommandError(`error: error reading ${path}: no such file or directory\n`);
    });
    add(key, text);
  }
  for (const path of ctx.args.all('from-env-file')) {
    const text = await readFile(resolve(ctx.inv.cwd, path), 'utf8').catch(() => {
      throw new CommandError(`error: error reading ${path}: no such file or directory\n`);
    });
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const eq = trimmed.indexOf('=');
      add(eq === -1 ? trimmed : trimmed.slice(0, eq), eq === -1 ? '' : trimmed.slice(eq + 1));
    }
  }
  return data;
}

async function buildObject(ctx: KubectlContext, what: string, name: string): Promise<KubeObject> {
  const metadata: Record<string, unknown> = { creationTimestamp: null, name };
  if (what === 'namespace' || what === 'ns') return { apiVersion: 'v1', kind: 'Namespace', metadata: metadata as KubeObject['metadata'], spec: {}, status: {} };
  if (ctx.explicitNamespace) metadata.namespace = ctx.namespace;
  if (what === 'secret') {
    const data = await collectData(ctx, 'Secret', name);
    const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    const type = ctx.args.get('type');
    return { apiVersion: 'v1', ...(Object.keys(encoded).length > 0 ? { data: encoded } : {}), kind: 'Secret', metadata: metadata as KubeObject['metadata'], ...(type ? { type } : {}) };
  }
  const data = await collectData(ctx, 'ConfigMap', name);
  return { apiVersion: 'v1', ...(Object.keys(data).length > 0 ? { data } : {}), kind: 'ConfigMap', metadata: metadata as KubeObject['metadata'] };
}

/** One object to create, with where it came from and the namespace it goes to. */
interface ToCreate {
  object: KubeObject;
  info: KindInfo;
  source?: string;
  namespace?: string;
}

/** How creating one object ended. */
interface Created {
  ok?: KubeObject;
  info: KindInfo;
  error?: string;
}

/** What to create: the objects, and the generator (secret, configmap) a generated one names in errors. */
interface CreateRequest {
  objects: ToCreate[];
  generator?: string;
}

/** Runs `kubectl create`. */
export async function runCreate(ctx: KubectlContext): Promise<number> {
  const { inv, args } = ctx;
  const dryRun = dryRunMode(args.get('dry-run'));
  const format = args.has('output') ? parseOutput(args.get('output')) : undefined;
  const request = args.all('filename').length > 0 ? await fromManifests(ctx) : await generated(ctx);
  if (dryRun !== 'none') {
    printDryRun(ctx, request.objects, dryRun, format);
    return 0;
  }
  const results = await createAll(ctx, request);
  const created = results.filter((r) => r.ok);
  if (format && format.kind !== 'table') {
    const view = await readView(inv);
    const printable = created.map((r) => view.get(r.info.kind, r.ok!.metadata.namespace ?? '', r.ok!.metadata.name) ?? r.ok!);
    out(printObjects(printable, format, { single: printable.length === 1, now: view.now }));
  } else {
    for (const r of created) out(`${nameRef(r.info, r.ok!.metadata.name)} created\n`);
  }
  for (const r of results.filter((x) => x.error)) err(r.error!);
  return results.some((r) => r.error) ? 1 : 0;
}

/** `create -f`: the objects of the manifests. */
async function fromManifests(ctx: KubectlContext): Promise<CreateRequest> {
  const { inv, args } = ctx;
  const items = await readManifests(inv, args.all('filename'), args.bool('recursive'));
  if (items.length === 0) throw new CommandError('error: no objects passed to create\n');
  return { objects: items.map((item) => ({ object: item.object, info: item.info, source: item.source, namespace: resolveNamespace(item, ctx.namespace, ctx.explicitNamespace) })) };
}

/** `create namespace|secret generic|configmap NAME`: the one object it generates. */
async function generated(ctx: KubectlContext): Promise<CreateRequest> {
  const [what, sub, third] = ctx.args.positionals;
  const name = what === 'secret' ? third : sub;
  if (what === 'secret' && sub !== 'generic') throw new CommandError(`error: unknown command "${sub ?? ''}" for "kubectl create secret"\n`);
  if (!what || !['namespace', 'ns', 'secret', 'configmap', 'cm'].includes(what)) {
    throw new CommandError(`error: unknown command "${what ?? ''}" for "kubectl create"\n`);
  }
  if (!name) throw new CommandError(`error: exactly one NAME is required, got 0\nSee 'kubectl create ${what} -h' for help and examples\n`);
  const object = await buildObject(ctx, what, name);
  const generator = what === 'secret' ? 'secret' : what === 'namespace' || what === 'ns' ? undefined : 'configmap';
  const info = kindInfo(object.kind);
  return { objects: [{ object, info, namespace: info.namespaced ? ctx.namespace : undefined }], generator };
}

/** A dry run prints the objects (or "created (dry run)" lines) and writes nothing. */
function printDryRun(ctx: KubectlContext, objects: ToCreate[], dryRun: 'client' | 'server', format: ReturnType<typeof parseOutput> | undefined): void {
  const printable = objects.map((o) => o.object);
  const suffix = dryRun === 'client' ? ' (dry run)' : ' (server dry run)';
  if (!format || format.kind === 'table') out(objects.map((o) => `${nameRef(o.info, o.object.metadata.name)} created${suffix}\n`).join(''));
  else if (format.kind === 'json' && printable.length === 1) out(toKubectlJson(printable[0]));
  else if (format.kind === 'yaml' && printable.length === 1) out(toKubectlYaml(printable[0]));
  else out(printObjects(printable, format, { single: printable.length === 1, now: ctx.inv.clock.now() }));
}

/** Creates every object under one lock, each succeeding or failing on its own. */
async function createAll(ctx: KubectlContext, request: CreateRequest): Promise<Created[]> {
  const { inv } = ctx;
  const now = inv.clock.now();
  return updateState(inv.env.dir, async (state) => {
    purgeExpiredNamespaces(state, now, inv.env.timeScale);
    const outcome: Created[] = [];
    for (const o of request.objects) outcome.push(await createOne(ctx, state, o, { generator: request.generator, now }));
    return outcome;
  });
}

/** Creates one object: refused in a missing or terminating namespace, or when it exists. */
async function createOne(ctx: KubectlContext, state: SimState, o: ToCreate, options: { generator?: string; now: number }): Promise<Created> {
  const { inv, args } = ctx;
  const { generator, now } = options;
  const name = o.object.metadata.name;
  const fail = (text: string): Created => ({
    info: o.info, error: generator ? `error: failed to create ${generator} ${text.replace(/^Error from server \(\w+\): /, '')}` : text,
  });
  if (o.namespace !== undefined) {
    const ns = namespaceInfo(state, o.namespace, now, inv.env.timeScale);
    if (!ns) return fail(namespaceNotFound(o.namespace, o.source));
    if (ns.phase === 'Terminating') return fail(namespaceTerminating(o.info, name, o.namespace, o.source));
  }
  const key = `${o.info.kind}/${o.namespace ?? ''}/${name}`;
  if (state.objects[key]) return fail(alreadyExists(o.info, name, o.source));
  const object = structuredClone(o.object);
  delete object.metadata.creationTimestamp;
  delete object.status;
  if (o.namespace !== undefined) object.metadata.namespace = o.namespace;
  if (args.bool('save-config')) object.metadata.annotations = { ...object.metadata.annotations, 'kubectl.kubernetes.io/last-applied-configuration': lastAppliedOf(object) };
  const sim = kubectlObjectSim(o.info.kind, name, o.namespace ?? '');
  await bindNewObjectFault(inv, { kind: o.info.kind, namespace: o.namespace ?? '', name }, sim, now);
  putObject(state, object, { now, sim });
  return { ok: object, info: o.info };
}
