import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { EXAMPLE_NAMESPACE, KAFKA_MANIFEST, POSTGRES_MANIFEST } from './fixtures.ts';
import { waitFor, waitingReason } from './wait-for.ts';

// 0.1: the example manifests' ~60 s take ~6 s, so a loaded machine (each call up to ~1 s) still
// reads them before they are ready.
const SCALE = 0.1;
const ctx = ['--context', 'minikube'];
let sim: SimCluster;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: SCALE, latencyMs: [0, 0] });
});
afterAll(() => sim.dispose());

describe('example manifests applied with kubectl', () => {
  it('become ready in their catalog times: rollout status and wait block until then', async () => {
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
    const started = Date.now();
    const applied = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: `${POSTGRES_MANIFEST}---\n${KAFKA_MANIFEST}` });
    expect(applied.exitCode).toBe(0);

    const early = JSON.parse((await sim.run('kubectl', ['get', 'deployment', 'example-postgres', '-n', 'dummy-data1', '-o', 'json', ...ctx])).stdout);
    expect(early.status.readyReplicas).toBeUndefined();
    expect(early.status.conditions.find((c: { type: string }) => c.type === 'Available').status).toBe('False');

    const pg = await sim.run('kubectl', ['rollout', 'status', 'deployment/example-postgres', '-n', 'dummy-data1', '--timeout=3m', ...ctx]);
    expect(pg.exitCode).toBe(0);
    expect(pg.stdout.endsWith('deployment "example-postgres" successfully rolled out\n')).toBe(true);
    expect(pg.stdout).toContain('Waiting for deployment "example-postgres" rollout to finish: 0 of 1 updated replicas are available...\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35_000 * SCALE);

    const job = await sim.run('kubectl', ['wait', '--for=condition=complete', 'job/example-kafka-topic-init', '-n', 'dummy-data1', '--timeout=2m', ...ctx]);
    expect(job.stdout).toBe('job.batch/example-kafka-topic-init condition met\n');
    // The topic Job waits for the broker (45 s), then runs 15 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(60_000 * SCALE);

    const pods = JSON.parse((await sim.run('kubectl', ['get', 'pods', '-n', 'dummy-data1', '-o', 'json', ...ctx])).stdout);
    const phases = Object.fromEntries(pods.items.map((p: { metadata: { labels: Record<string, string> }; status: { phase: string } }) => [p.metadata.labels.app ?? p.metadata.labels['job-name'], p.status.phase]));
    expect(phases).toEqual({ 'example-postgres': 'Running', 'example-kafka': 'Running', 'example-kafka-topic-init': 'Succeeded' });
  });

  it('times out with kubectl\'s texts', async () => {
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'dummy-data1', ...ctx], {
      input: POSTGRES_MANIFEST.replaceAll('example-postgres', 'slow-db').replace('example-postgres-secret', 'example-postgres-secret'),
    });
    const rollout = await sim.run('kubectl', ['rollout', 'status', 'deployment/slow-db', '-n', 'dummy-data1', '--timeout=1s', ...ctx]);
    expect(rollout.exitCode).toBe(1);
    expect(rollout.stderr).toBe('error: timed out waiting for the condition\n');
    const wait = await sim.run('kubectl', ['wait', '--for=condition=available', 'deployment/slow-db', '-n', 'dummy-data1', '--timeout=1s', ...ctx]);
    expect(wait.stderr).toBe('error: timed out waiting for the condition on deployments/slow-db\n');
  });

  it('a pod whose Secret is missing stays in CreateContainerConfigError', async () => {
    await sim.run('kubectl', ['create', 'namespace', 'no-secret', ...ctx]);
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'no-secret', ...ctx], { input: POSTGRES_MANIFEST });
    await waitFor(sim, { resource: 'pod', selector: 'app=example-postgres', namespace: 'no-secret', for: waitingReason('CreateContainerConfigError') });
    const pod = JSON.parse((await sim.run('kubectl', ['get', 'pods', '-n', 'no-secret', '-l', 'app=example-postgres', '-o', 'json', ...ctx])).stdout).items[0];
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "example-postgres-secret" not found' });
    const events = JSON.parse((await sim.run('kubectl', ['get', 'events', '-n', 'no-secret', '-o', 'json', ...ctx])).stdout).items;
    expect(events.some((e: { reason: string; message: string }) => e.reason === 'Failed' && e.message === 'Error: secret "example-postgres-secret" not found')).toBe(true);
    const table = await sim.run('kubectl', ['get', 'pods', '-n', 'no-secret', ...ctx]);
    expect(table.stdout).toMatch(/^NAME {2,}READY {3}STATUS {2,}RESTARTS {3}AGE\nexample-postgres-\w{10}-\w{5} {3}0\/1 {5}CreateContainerConfigError {3}0 {10}\d+s\n$/);
  });

  it('a pod without room on the node stays Pending with FailedScheduling', async () => {
    const small = await createSimCluster({ timeScale: SCALE, latencyMs: [0, 0], node: { cpu: 8, memory: '1Gi' } });
    try {
      await small.run('kubectl', ['create', 'namespace', 'tight', ...ctx]);
      const big = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec:\n      containers:\n      - name: big\n        image: nginx\n        resources: {requests: {memory: 2Gi}}\n`;
      await small.run('kubectl', ['apply', '-f', '-', '-n', 'tight', ...ctx], { input: big });
      const pod = JSON.parse((await small.run('kubectl', ['get', 'pods', '-n', 'tight', '-o', 'json', ...ctx])).stdout).items[0];
      expect(pod.status.phase).toBe('Pending');
      expect(pod.status.conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
      const events = JSON.parse((await small.run('kubectl', ['get', 'events', '-n', 'tight', '-o', 'json', ...ctx])).stdout).items;
      const failed = events.find((e: { reason: string }) => e.reason === 'FailedScheduling');
      expect(failed.message).toBe('0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
      expect(failed.type).toBe('Warning');
    } finally {
      await small.dispose();
    }
  });
});
