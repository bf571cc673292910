/**
 * The pod timelines computed from timestamps alone (sim/cluster/timeline.ts, pod-timeline.ts): readiness,
 * StatefulSet ordering, Job completion and failure, dependencies, troubles. Pure: no process, no clock.
 */
import { describe, expect, it } from 'vitest';
import { computeTimelines, type WorkloadTimeline } from '../../sim/cluster/timeline.ts';
import { objectKey, type DependencyRef, type ObjectSim, type StoredObject } from '../../sim/core/state.ts';
import type { BoundFault, FaultsFile } from '../../sim/faults/types.ts';

const NODE = { cpuMillis: 8000, memoryBytes: 16 * 2 ** 30 };

function workload(kind: 'Deployment' | 'StatefulSet' | 'Job', name: string, options: { replicas?: number; sim?: Partial<ObjectSim> } = {}): StoredObject {
  const template = { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: `${name}:1`, resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
  return {
    object: {
      apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind,
      metadata: { name, namespace: 'ns', uid: `uid-${name}` },
      spec: { ...(kind === 'Job' ? {} : { replicas: options.replicas ?? 1, selector: { matchLabels: { app: name } } }), template },
    },
    sim: { createdMs: 1000, updatedMs: 1000, rolloutMs: 1000, podEpoch: 0, ...options.sim },
  };
}

function service(name: string, app: string): StoredObject {
  return {
    object: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns', uid: `uid-svc-${name}` }, spec: { selector: { app } } },
    sim: { createdMs: 1000, updatedMs: 1000, rolloutMs: 1000, podEpoch: 0 },
  };
}

function timelines(objects: StoredObject[], options: { now?: number; faults?: FaultsFile } = {}): Map<string, WorkloadTimeline> {
  const visible = new Map(objects.map((s) => [objectKey(s.object.kind, s.object.metadata.namespace ?? '', s.object.metadata.name), s]));
  return computeTimelines({ now: options.now ?? 2000, scale: 1, visible, faults: options.faults ?? { faults: [], cleared: {} }, node: NODE });
}

const fault = (kind: BoundFault['kind'], extra: Partial<BoundFault> = {}): BoundFault => ({ id: `f-${kind}`, kind, ...extra });
const active = (f: BoundFault): FaultsFile => ({ faults: [{ id: f.id } as FaultsFile['faults'][number]], cleared: {} });
const dep = (ref: DependencyRef): DependencyRef[] => [ref];

describe('computeTimelines', () => {
  const cases: Array<{
    name: string;
    objects: StoredObject[];
    faults?: FaultsFile;
    key: string;
    pods: Array<{ createdMs: number; readyMs: number; endMs?: number; failed?: boolean; trouble?: string }>;
    readyMs: number;
    failedMs?: number;
  }> = [
    {
      name: 'a Deployment is ready its default 10 s after the rollout',
      objects: [workload('Deployment', 'web', { replicas: 2 })],
      key: 'Deployment/ns/web',
      pods: [{ createdMs: 1000, readyMs: 11_000, trouble: undefined }, { createdMs: 1000, readyMs: 11_000 }],
      readyMs: 11_000,
    },
    {
      name: 'a StatefulSet creates each pod when the previous one is ready',
      objects: [workload('StatefulSet', 'db', { replicas: 2, sim: { readyAfterMs: 5000 } })],
      key: 'StatefulSet/ns/db',
      pods: [{ createdMs: 1000, readyMs: 6000 }, { createdMs: 6000, readyMs: 11_000 }],
      readyMs: 11_000,
    },
    {
      name: 'a Job completes after its run',
      objects: [workload('Job', 'migrate', { sim: { readyAfterMs: 3000 } })],
      key: 'Job/ns/migrate',
      pods: [{ createdMs: 1000, readyMs: 4000, endMs: 4000, failed: false }],
      readyMs: 4000,
      failedMs: Infinity,
    },
    {
      name: 'an active job-fails fault fails the Job before it would complete',
      objects: [workload('Job', 'migrate', { sim: { readyAfterMs: 5000, fault: fault('job-fails', { afterMs: 2000 }) } })],
      faults: active(fault('job-fails')),
      key: 'Job/ns/migrate',
      pods: [{ createdMs: 1000, readyMs: Infinity, endMs: 3000, failed: true }],
      readyMs: Infinity,
      failedMs: 3000,
    },
    {
      name: 'a workload waits for the first ready pod behind the Service it depends on',
      objects: [workload('Deployment', 'api'), service('api', 'api'), workload('Deployment', 'ui', { sim: { dependsOn: dep({ service: 'api:8080', namespace: 'ns' }) } })],
      key: 'Deployment/ns/ui',
      pods: [{ createdMs: 1000, readyMs: 21_000, trouble: 'waiting-deps' }],
      readyMs: 21_000,
    },
    {
      name: 'a workload waits for the Job it depends on',
      objects: [workload('Job', 'setup', { sim: { readyAfterMs: 4000 } }), workload('Deployment', 'app', { sim: { dependsOn: dep({ job: 'setup', namespace: 'ns' }) } })],
      key: 'Deployment/ns/app',
      pods: [{ createdMs: 1000, readyMs: 15_000, trouble: 'waiting-deps' }],
      readyMs: 15_000,
    },
    {
      name: 'an active crash-loop fault keeps the pod from ever being ready',
      objects: [workload('Deployment', 'web', { sim: { fault: fault('pod-crashloop') } })],
      faults: active(fault('pod-crashloop')),
      key: 'Deployment/ns/web',
      pods: [{ createdMs: 1000, readyMs: Infinity, trouble: 'crash' }],
      readyMs: Infinity,
    },
    {
      name: 'a cleared crash-loop fault heals within HEAL_MS of its clearing',
      objects: [workload('Deployment', 'web', { sim: { fault: fault('pod-crashloop') } })],
      faults: { faults: [], cleared: { 'f-pod-crashloop': 1500 } },
      key: 'Deployment/ns/web',
      pods: [{ createdMs: 1000, readyMs: 11_500, trouble: 'crash' }],
      readyMs: 11_500,
    },
    {
      name: 'a memory limit under the floor is OOM-killed for ever',
      objects: [workload('Deployment', 'web', { sim: { minMemoryLimit: 2 ** 40 } })].map((s) => {
        const spec = s.object.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } };
        spec.template.spec.containers[0]!.resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } };
        return s;
      }),
      key: 'Deployment/ns/web',
      pods: [{ createdMs: 1000, readyMs: Infinity, trouble: 'oom' }],
      readyMs: Infinity,
    },
  ];

  it.each(cases)('$name', ({ objects, faults, key, pods, readyMs, failedMs }) => {
    const t = timelines(objects, { faults }).get(key)!;
    expect(t.pods.map((p) => ({
      createdMs: p.createdMs, readyMs: p.readyMs,
      ...(pods[p.ordinal]!.endMs === undefined ? {} : { endMs: p.endMs }),
      ...(pods[p.ordinal]!.failed === undefined ? {} : { failed: p.failed }),
      ...('trouble' in pods[p.ordinal]! ? { trouble: p.trouble?.kind } : {}),
    }))).toEqual(pods);
    expect(t.readyMs).toBe(readyMs);
    if (failedMs !== undefined) expect(t.failedMs).toBe(failedMs);
  });

  it('leaves the pods of a workload with an active unschedulable fault unscheduled, saying why', () => {
    const objects = [workload('Deployment', 'web', { sim: { fault: fault('pod-unschedulable') } })];
    const [pod] = timelines(objects, { faults: active(fault('pod-unschedulable')) }).get('Deployment/ns/web')!.pods;
    expect(pod!.scheduledMs).toBe(Infinity);
    expect(pod!.trouble).toEqual({
      kind: 'unschedulable',
      message: '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    });
  });

  it('names pods as the controllers do', () => {
    const all = timelines([workload('Deployment', 'web'), workload('StatefulSet', 'db', { replicas: 2 }), workload('Job', 'migrate')]);
    const names = [...all.values()].flatMap((t) => t.pods.map((p) => p.name));
    expect(names[0]).toMatch(/^web-[0-9a-z]{10}-[0-9a-z]{5}$/);
    expect(names.slice(1, 3)).toEqual(['db-0', 'db-1']);
    expect(names[3]).toMatch(/^migrate-[0-9a-z]{5}$/);
  });
});
