import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/kubectl.ts';
import { podProblems } from '../../tasks/diagnostics.ts';
import { formatCpu, formatGiB, parseCpu, parseMemory } from '../../tasks/quantities.ts';
import { mergeValues, sameValues } from '../../tasks/values.ts';
import { jobState, rolloutComplete } from '../../tasks/waits.ts';

describe('values', () => {
  it('merges maps key by key and replaces everything else, as helm -f does', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { c: [3], e: true }, d: 'y' })).toEqual({ a: { b: 1, c: [3], e: true }, d: 'y' });
  });
  it('compares values regardless of key order', () => {
    expect(sameValues({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(sameValues({ a: 1 }, { a: '1' })).toBe(false);
  });
});

describe('quantities', () => {
  it.each([
    ['16Gi', 16 * 1024 ** 3],
    ['512Mi', 512 * 1024 ** 2],
    ['16384Ki', 16 * 1024 ** 2],
    ['1G', 1e9],
    ['1024', 1024],
  ])('memory %s', (q, bytes) => expect(parseMemory(q)).toBe(bytes));
  it.each([
    ['8', 8000],
    ['7650m', 7650],
    ['0.5', 500],
  ])('cpu %s', (q, milli) => expect(parseCpu(q)).toBe(milli));
  it('rejects nonsense and formats for people', () => {
    expect(parseMemory('lots')).toBeUndefined();
    expect(parseCpu('2 cores')).toBeUndefined();
    expect(formatGiB(11 * 1024 ** 3)).toBe('11.0 GiB');
    expect(formatCpu(7650)).toBe('7.65 CPU');
    expect(formatCpu(8000)).toBe('8.0 CPU');
  });
});

const pod = (name: string, status: Record<string, unknown>): KubeObject => ({ metadata: { name }, status });

describe('diagnostics', () => {
  it('names the reason each pod is not ready and leaves ready ones out', () => {
    const pods = [
      pod('elasticsearch-master-0', {
        phase: 'Running',
        containerStatuses: [{ name: 'es', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled' } } }],
      }),
      pod('datahub-gms-abc', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' }] }),
      pod('ok-1', { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] }),
      pod('job-done', { phase: 'Succeeded' }),
    ];
    expect(podProblems(pods)).toEqual([
      { pod: 'elasticsearch-master-0', reason: 'CrashLoopBackOff (last exit: OOMKilled)' },
      { pod: 'datahub-gms-abc', reason: 'Pending: 0/1 nodes are available: 1 Insufficient memory.' },
    ]);
    expect(podProblems(pods, 'datahub')).toHaveLength(1);
  });
});

describe('rollout and job state', () => {
  const deployment = (status: Record<string, number>, generation = 2): KubeObject => ({ metadata: { name: 'd', generation } as KubeObject['metadata'], spec: { replicas: 1 }, status });
  it('a rollout is complete when the new generation is observed, updated and ready', () => {
    expect(rolloutComplete(deployment({ observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1 }))).toBe(true);
    expect(rolloutComplete(deployment({ observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1 }))).toBe(false);
    expect(rolloutComplete(deployment({ observedGeneration: 2, replicas: 2, updatedReplicas: 1, readyReplicas: 1 }))).toBe(false);
    expect(rolloutComplete(undefined)).toBe(false);
  });
  it('a job is complete, failed, running or absent', () => {
    const job = (type?: string): KubeObject => ({ metadata: { name: 'j' }, status: type ? { conditions: [{ type, status: 'True' }] } : {} });
    expect([jobState(job('Complete')), jobState(job('Failed')), jobState(job()), jobState(undefined)]).toEqual(['complete', 'failed', 'running', 'absent']);
  });
});
