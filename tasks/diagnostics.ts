/**
 * Why a wait failed, in words a user can act on: the pods that are not ready with their reason, the
 * namespace's recent Events, and the DEV_ENV troubleshooting hint that matches.
 */
import type { NodeContext } from '../engine/index.ts';
import type { KubeObject, Kubectl } from '../kube/kubectl.ts';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
  lastState?: { terminated?: { reason?: string } };
}

/** One pod that is not ready, and why. */
export interface PodProblem {
  readonly pod: string;
  readonly reason: string;
}

/** A troubleshooting hint and when it applies. */
interface Hint {
  readonly when: (problem: PodProblem) => boolean;
  readonly text: string;
}

const HINTS: readonly Hint[] = [
  {
    when: (p) => p.pod.startsWith('elasticsearch-master') && /OOMKilled|CrashLoopBackOff/.test(p.reason),
    text: 'Elasticsearch OOM-killed during startup: its memory limit is set in charts/datahub/prerequisites-values.yaml (2560Mi); make sure nothing lowers it.',
  },
  {
    when: (p) => /mysql/.test(p.pod) && /OOMKilled/.test(p.reason),
    text: 'MySQL OOM-killed on restart: mysql_upgrade needs headroom; charts/datahub/prerequisites-values.yaml sets its limit to 768Mi.',
  },
  {
    when: (p) => /Insufficient (memory|cpu)/.test(p.reason),
    text: 'A pod is Pending for lack of resources: check `kubectl describe node`, stop other workloads, or give Docker Desktop / minikube more memory (the environment needs ~11 GiB and 7.65 CPU of limits).',
  },
  {
    when: (p) => /ImagePullBackOff|ErrImagePull/.test(p.reason),
    text: 'An image cannot be pulled: check the network, and that the image name in the values or manifests exists (bitnami images now live under bitnamilegacy/).',
  },
  {
    when: (p) => /CrashLoopBackOff/.test(p.reason),
    text: 'A container keeps crashing: read its log with `kubectl logs <pod> -n <namespace> --previous`.',
  },
];

/** The pods of a namespace (optionally those whose name starts with `prefix`) that are not ready. */
export function podProblems(pods: readonly KubeObject[], prefix?: string): PodProblem[] {
  const problems: PodProblem[] = [];
  for (const pod of pods) {
    if (prefix && !pod.metadata.name.startsWith(prefix)) continue;
    const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: ContainerStatus[]; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
    if (status.phase === 'Succeeded') continue;
    const unschedulable = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unschedulable) {
      problems.push({ pod: pod.metadata.name, reason: `Pending: ${unschedulable.message ?? unschedulable.reason ?? 'not scheduled'}` });
      continue;
    }
    const bad = (status.containerStatuses ?? []).find((c) => !c.ready);
    const allReady = (status.containerStatuses ?? []).length > 0 && !bad;
    if (allReady && status.phase === 'Running') continue;
    const reason =
      bad?.state?.waiting?.reason ?? bad?.state?.terminated?.reason ?? bad?.lastState?.terminated?.reason ?? status.phase ?? 'not ready';
    const last = bad?.lastState?.terminated?.reason;
    problems.push({ pod: pod.metadata.name, reason: last && last !== reason ? `${reason} (last exit: ${last})` : reason });
  }
  return problems;
}

/** Whose pods {@link explainNotReady} looks at. */
export interface NotReadyScope {
  readonly namespace: string;
  /** Only pods whose name starts with it (and their events); every pod of the namespace without it. */
  readonly prefix?: string;
}

/** Lines explaining why the scope's pods are not ready. Never throws. */
export async function explainNotReady(kubectl: Kubectl, { namespace, prefix }: NotReadyScope, ctx: NodeContext): Promise<string[]> {
  try {
    const [pods, events] = await Promise.all([
      kubectl.list({ kinds: 'pods', namespace }, ctx),
      kubectl.list({ kinds: 'events', namespace }, ctx),
    ]);
    const problems = podProblems(pods, prefix);
    const lines = problems.map((p) => `pod ${p.pod}: ${p.reason}`);
    const recent = events
      .filter((e) => (e['type'] as string | undefined) === 'Warning')
      // For one workload, only its own events: another broken workload's would push them out of the last five.
      .filter((e) => !prefix || ((e['involvedObject'] as { name?: string } | undefined)?.name ?? '').startsWith(prefix))
      .sort((a, b) => String(a['lastTimestamp'] ?? '').localeCompare(String(b['lastTimestamp'] ?? '')))
      .slice(-5)
      .map((e) => {
        const involved = (e['involvedObject'] as { kind?: string; name?: string } | undefined) ?? {};
        return `event ${e['reason'] as string} on ${involved.kind?.toLowerCase()}/${involved.name}: ${e['message'] as string}`;
      });
    const hints = [...new Set(HINTS.filter((h) => problems.some(h.when)).map((h) => `hint: ${h.text}`))];
    return [...lines, ...recent, ...hints];
  } catch (error) {
    return [`(could not read pods and events: ${(error as Error).message.split('\n', 1)[0]})`];
  }
}
