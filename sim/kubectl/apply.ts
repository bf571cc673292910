/**
 * `kubectl apply -f FILE|DIR|-`, client-side (records the last-applied-configuration annotation) or
 * server-side (--server-side; records no such annotation), with dry runs and `-o`.
 */
import { CommandError, err, out } from '../core/exit.ts';
import { sortKeys } from '../core/serialize.ts';
import { updateState } from '../core/store.ts';
import type { KubeObject, ObjectSim, StoredObject } from '../core/state.ts';
import { bindObjectFault } from '../faults/match.ts';
import { withDefaults } from '../cluster/defaults.ts';
import { nameRef } from '../cluster/kinds.ts';
import { InvalidObjectError, LAST_APPLIED_ANNOTATION, putObject, type PutOutcome } from '../cluster/mutations.ts';
import { namespaceInfo, purgeExpiredNamespaces } from '../cluster/namespaces.ts';
import { readView } from '../cluster/read.ts';
import { kubectlObjectSim } from '../catalog/kubectl-known.ts';
import type { KubectlContext } from './main.ts';
import { readManifests, resolveNamespace, type ManifestItem } from './manifests.ts';
import { parseOutput, printObjects } from './output.ts';
import { namespaceNotFound, namespaceTerminating } from './write-errors.ts';

/** The --dry-run value, validated. */
export function dryRunMode(value: string | undefined): 'none' | 'client' | 'server' {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'client' || value === 'server') return value;
  throw new CommandError(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".\n`);
}

/** The last-applied-configuration kubectl's client-side apply records: the input, compact, keys sorted. */
export function lastAppliedOf(object: KubeObject): string {
  const copy = structuredClone(object);
  if (copy.metadata.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

interface Applied {
  item: ManifestItem;
  namespace?: string;
  outcome?: PutOutcome;
  stored?: StoredObject;
  error?: string;
}

function prepare(item: ManifestItem, namespace: string | undefined, serverSide: boolean): KubeObject {
  const obj = structuredClone(item.object);
  if (namespace !== undefined) obj.metadata.namespace = namespace;
  if (!serverSide) {
    obj.metadata.annotations = { ...obj.metadata.annotations, [LAST_APPLIED_ANNOTATION]: lastAppliedOf(obj) };
  }
  return obj;
}

/** Runs `kubectl apply`. */
export async function runApply(ctx: KubectlContext): Promise<number> {
  const { inv, args } = ctx;
  const files = args.all('filename');
  if (files.length === 0) throw new CommandError('error: must specify one of -f and -k\n');
  const serverSide = args.bool('server-side');
  const dryRun = dryRunMode(args.get('dry-run'));
  if (serverSide && dryRun === 'client') {
    throw new CommandError("error: --dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)\n");
  }
  const format = args.has('output') ? parseOutput(args.get('output')) : undefined;
  const items = await readManifests(inv, files, args.bool('recursive'));
  if (items.length === 0) throw new CommandError('error: no objects passed to apply\n');
  const resolved = items.map((item) => ({ item, namespace: resolveNamespace(item, ctx.namespace, ctx.explicitNamespace) }));
  const source = (item: ManifestItem): string | undefined => (serverSide ? undefined : item.source);
  const now = inv.clock.now();
  const scale = inv.env.timeScale;
  let results: Applied[];
  if (dryRun !== 'none') {
    const view = await readView(inv);
    results = resolved.map(({ item, namespace }) => {
      const exists = view.get(item.info.kind, namespace ?? '', item.object.metadata.name) !== undefined;
      const obj = prepare(item, namespace, serverSide);
      return { item, namespace, outcome: exists ? 'configured' : 'created', stored: { object: obj, sim: { createdMs: now, updatedMs: now, rolloutMs: now, podEpoch: 0 } } };
    });
  } else {
    results = await updateState(inv.env.dir, async (state) => {
      purgeExpiredNamespaces(state, now, scale);
      const out: Applied[] = [];
      for (const { item, namespace } of resolved) {
        const name = item.object.metadata.name;
        if (namespace !== undefined) {
          const ns = namespaceInfo(state, namespace, now, scale);
          if (!ns) {
            out.push({ item, namespace, error: namespaceNotFound(namespace, source(item)) });
            continue;
          }
          const exists = Boolean(state.objects[`${item.info.kind}/${namespace}/${name}`]);
          if (ns.phase === 'Terminating' && !exists) {
            out.push({ item, namespace, error: namespaceTerminating(item.info, name, namespace, source(item)) });
            continue;
          }
        }
        const key = `${item.info.kind}/${namespace ?? ''}/${name}`;
        const sim: Partial<ObjectSim> = kubectlObjectSim(item.info.kind, name, namespace ?? '');
        if (!state.objects[key]) {
          const fault = await bindObjectFault(inv.env.dir, inv, { kind: item.info.kind, namespace: namespace ?? '', name });
          if (fault) {
            sim.fault = fault;
            inv.firedFaults.push(fault.id);
            if (fault.kind === 'appear-delay') sim.visibleFromMs = now + scale * (fault.delayMs ?? 0);
          }
        }
        try {
          const { stored, outcome } = putObject(state, prepare(item, namespace, serverSide), { now, sim });
          out.push({ item, namespace, stored, outcome });
        } catch (error) {
          if (!(error instanceof InvalidObjectError)) throw error;
          out.push({ item, namespace, error: `The ${error.message.replace(/^(\w+)\.batch/, '$1')}\n` });
        }
      }
      return out;
    });
  }
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const ok = results.filter((r) => r.stored);
  if (format && format.kind !== 'table') {
    const view = dryRun === 'none' ? await readView(inv) : undefined;
    const objects = ok.map((r) => view?.get(r.item.info.kind, r.namespace ?? '', r.item.object.metadata.name) ?? withDefaults(r.stored!, { loadBalancerIngress: inv.env.loadBalancerIngress }));
    if (format.kind === 'name') out(ok.map((r) => `${nameRef(r.item.info, r.item.object.metadata.name)}\n`).join(''));
    else if (objects.length > 0) out(printObjects(objects, format, { single: items.length === 1, now: inv.clock.now() }));
  } else {
    for (const r of ok) {
      const verb = serverSide ? 'serverside-applied' : r.outcome!;
      out(`${nameRef(r.item.info, r.item.object.metadata.name)} ${verb}${suffix}\n`);
    }
  }
  const errors = results.filter((r) => r.error);
  for (const r of errors) err(r.error!);
  return errors.length > 0 ? 1 : 0;
}
