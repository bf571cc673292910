/**
 * `kubectl wait --for=condition=X[=V] | --for=delete | --for=jsonpath='{..}'=V RESOURCE`, with
 * kubectl's default 30 s timeout and its texts ("condition met", "timed out waiting for the condition on ...").
 */
import { CommandError, err, out } from '../core/exit.ts';
import { parseGoDuration } from '../core/clock.ts';
import { isMap } from '../core/values.ts';
import type { KubeObject } from '../core/state.ts';
import { nameRef, qualifiedResource, type KindInfo } from '../cluster/kinds.ts';
import { pollView, readView } from '../cluster/read.ts';
import { objectFilter, parseResourceArgs } from './get.ts';
import { renderJsonPath } from './jsonpath.ts';
import type { KubectlContext } from './main.ts';

type Condition =
  | { kind: 'condition'; type: string; value: string }
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'jsonpath'; path: string; value?: string };

function parseFor(raw: string | undefined): Condition {
  if (!raw) throw new CommandError('error: --for must be specified\n');
  if (raw === 'delete') return { kind: 'delete' };
  if (raw === 'create') return { kind: 'create' };
  let m = /^condition=([^=]+)(?:=(.*))?$/.exec(raw);
  if (m) return { kind: 'condition', type: m[1]!, value: m[2] ?? 'True' };
  m = /^jsonpath=(\{.*\}|'\{.*\}')(?:=(.*))?$/s.exec(raw);
  if (m) return { kind: 'jsonpath', path: m[1]!.replace(/^'|'$/g, ''), value: m[2] };
  throw new CommandError(`error: unrecognized condition: "${raw}"\n`);
}

function met(obj: KubeObject, cond: Condition): boolean {
  if (cond.kind === 'create') return true;
  if (cond.kind === 'jsonpath') {
    const value = renderJsonPath(cond.path, obj);
    return cond.value === undefined ? value !== '' : value === cond.value;
  }
  if (cond.kind !== 'condition') return false;
  const status = isMap(obj.status) ? obj.status : {};
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  return conditions.some((c) => String(c.type).toLowerCase() === cond.type.toLowerCase() && String(c.status).toLowerCase() === cond.value.toLowerCase());
}

/** Runs `kubectl wait`. */
export async function runWait(ctx: KubectlContext): Promise<number> {
  const cond = parseFor(ctx.args.get('for'));
  const rawTimeout = ctx.args.get('timeout') ?? '30s';
  const timeout = rawTimeout === '-1' || rawTimeout === '-1s' ? 7 * 86_400_000 : parseGoDuration(rawTimeout);
  if (timeout === undefined) throw new CommandError(`error: invalid argument "${rawTimeout}" for "--timeout" flag: time: invalid duration "${rawTimeout}"\n`);
  const requests = parseResourceArgs(ctx.args.positionals, 'wait');
  const view = await readView(ctx.inv);
  const targets: { info: KindInfo; name: string }[] = [];
  const filter = objectFilter(ctx);
  for (const req of requests) {
    if (req.names.length > 0) {
      for (const name of req.names) {
        if (!view.get(req.info.kind, ctx.namespace, name) && cond.kind !== 'create') {
          if (cond.kind === 'delete') continue;
          throw new CommandError(`Error from server (NotFound): ${qualifiedResource(req.info)} "${name}" not found\n`);
        }
        targets.push({ info: req.info, name });
      }
    } else {
      for (const obj of view.list(req.info.kind, req.info.namespaced ? ctx.namespace : undefined).filter(filter)) targets.push({ info: req.info, name: obj.metadata.name });
    }
  }
  if (targets.length === 0) {
    if (cond.kind === 'delete') return 0;
    throw new CommandError('error: no matching resources found\n');
  }
  const deadline = ctx.inv.clock.now() + ctx.inv.clock.real(timeout);
  for (const target of targets) {
    const outcome = await pollView(ctx.inv, deadline, (v) => {
      const obj = v.get(target.info.kind, ctx.namespace, target.name);
      if (cond.kind === 'delete') return obj ? undefined : true;
      return obj && met(obj, cond) ? true : undefined;
    });
    if (!outcome.done) {
      err(`error: timed out waiting for the condition on ${target.info.resource}/${target.name}\n`);
      return 1;
    }
    out(`${nameRef(target.info, target.name)} condition met\n`);
  }
  return 0;
}
