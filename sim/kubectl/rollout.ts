/**
 * `kubectl rollout status deployment/NAME|statefulset/NAME`: prints the status viewer's messages as
 * they change and ends when the rollout is complete, the progress deadline passes, or --timeout expires.
 */
import { CommandError, err, out } from '../core/exit.ts';
import { parseGoDuration } from '../core/clock.ts';
import { isMap } from '../core/values.ts';
import type { KubeObject } from '../core/state.ts';
import { qualifiedResource, resolveKindArg } from '../cluster/kinds.ts';
import { pollView } from '../cluster/read.ts';
import type { KubectlContext } from './main.ts';

type Verdict = { message: string; done: boolean; error?: string };

/** kubectl's DeploymentStatusViewer. */
function deploymentVerdict(d: KubeObject): Verdict {
  const spec = isMap(d.spec) ? d.spec : {};
  const status = isMap(d.status) ? d.status : {};
  const name = d.metadata.name;
  const replicas = Number(spec.replicas ?? 1);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
  if (conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
    return { message: '', done: true, error: `error: deployment "${name}" exceeded its progress deadline\n` };
  }
  const updated = Number(status.updatedReplicas ?? 0);
  const available = Number(status.availableReplicas ?? 0);
  if (updated < replicas) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
  if (Number(status.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${Number(status.replicas) - updated} old replicas are pending termination...\n`, done: false };
  if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
  return { message: `deployment "${name}" successfully rolled out\n`, done: true };
}

/** kubectl's StatefulSetStatusViewer (RollingUpdate with the defaulted partition 0). */
function statefulSetVerdict(s: KubeObject): Verdict {
  const spec = isMap(s.spec) ? s.spec : {};
  const status = isMap(s.status) ? s.status : {};
  const strategy = isMap(spec.updateStrategy) ? spec.updateStrategy : {};
  if (strategy.type !== 'RollingUpdate') return { message: '', done: true, error: 'error: rollout status is only available for RollingUpdate strategy type\n' };
  const replicas = Number(spec.replicas ?? 1);
  const ready = Number(status.readyReplicas ?? 0);
  if (ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  return { message: `partitioned roll out complete: ${Number(status.updatedReplicas ?? replicas)} new pods have been updated...\n`, done: true };
}

/** Runs `kubectl rollout status`. */
export async function runRollout(ctx: KubectlContext): Promise<number> {
  const [sub, ...rest] = ctx.args.positionals;
  if (sub !== 'status') throw new CommandError(`error: unknown command "${sub ?? ''}" for "kubectl rollout"\n`);
  const [kindArg, maybeName] = rest[0]?.includes('/') ? rest[0].split('/') : [rest[0], rest[1]];
  if (!kindArg || !maybeName) throw new CommandError('error: required resource not specified\n');
  const info = resolveKindArg(kindArg);
  if (!info) throw new CommandError(`error: the server doesn't have a resource type "${kindArg}"\n`);
  if (info.kind !== 'Deployment' && info.kind !== 'StatefulSet') throw new CommandError(`error: no status viewer has been implemented for ${info.kind}\n`);
  const name = maybeName;
  const timeout = parseGoDuration(ctx.args.get('timeout') ?? '0s');
  if (timeout === undefined) throw new CommandError(`error: invalid argument "${ctx.args.get('timeout')}" for "--timeout" flag: time: invalid duration "${ctx.args.get('timeout')}"\n`);
  const watch = ctx.args.bool('watch', true);
  const deadline = timeout > 0 ? ctx.inv.clock.now() + ctx.inv.clock.real(timeout) : Infinity;
  let last = '';
  let failure: string | undefined;
  const outcome = await pollView(ctx.inv, deadline, (view) => {
    const obj = view.get(info.kind, ctx.namespace, name);
    if (!obj) {
      failure = `Error from server (NotFound): ${qualifiedResource(info)} "${name}" not found\n`;
      return true;
    }
    const verdict = info.kind === 'Deployment' ? deploymentVerdict(obj) : statefulSetVerdict(obj);
    if (verdict.error) {
      failure = verdict.error;
      return true;
    }
    if (verdict.message !== last) {
      out(verdict.message);
      last = verdict.message;
    }
    return verdict.done || !watch ? true : undefined;
  });
  if (failure) {
    err(failure);
    return 1;
  }
  if (!outcome.done) {
    err('error: timed out waiting for the condition\n');
    return 1;
  }
  return 0;
}
