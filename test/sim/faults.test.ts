import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { dirChanges, until } from '../until.ts';
import { EXAMPLE_NAMESPACE, KAFKA_MANIFEST } from './fixtures.ts';
import { waitFor, waitingReason } from './wait-for.ts';

const SCALE = 0.01;
const ctx = ['--context', 'minikube'];
const kctx = ['--kube-context', 'minikube'];
let sim: SimCluster;

interface Event { reason: string; type: string; message: string; involvedObject: { kind: string; name: string } }

const events = async (ns: string): Promise<Event[]> =>
  JSON.parse((await sim.run('kubectl', ['get', 'events', '-n', ns, '-o', 'json', ...ctx])).stdout).items;
const pods = async (ns: string, selector: string) =>
  JSON.parse((await sim.run('kubectl', ['get', 'pods', '-n', ns, '-l', selector, '-o', 'json', ...ctx])).stdout).items;

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - {name: main, image: "example/${name}:1.0", resources: {limits: {memory: 256Mi}}}
`;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: SCALE, latencyMs: [0, 0] });
  await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
});
afterAll(() => sim.dispose());

describe('API errors', () => {
  it('a transient error hits N calls, then the cluster answers again', async () => {
    await sim.injectFault({ kind: 'connection-refused', tool: 'kubectl', match: 'get namespace', times: 2 });
    const call = () => sim.run('kubectl', ['get', 'namespace', 'dummy-data1', '-o', 'json', ...ctx]);
    for (let i = 0; i < 2; i += 1) {
      const r = await call();
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n');
    }
    expect((await call()).exitCode).toBe(0);
    const faults = await sim.faults();
    expect(faults.find((f) => f.kind === 'connection-refused')).toMatchObject({ remaining: 0, fired: 2 });
  });

  it('TLS handshake timeouts and etcd leader changes', async () => {
    await sim.injectFault({ kind: 'tls-handshake-timeout', match: 'get secret', times: 1 });
    await sim.injectFault({ kind: 'etcd-leader-changed', match: 'get configmap', times: 1 });
    expect((await sim.run('kubectl', ['get', 'secret', '-n', 'dummy-data1', ...ctx])).stderr).toBe('Unable to connect to the server: net/http: TLS handshake timeout\n');
    expect((await sim.run('kubectl', ['get', 'configmap', '-n', 'dummy-data1', ...ctx])).stderr).toBe('Error from server: etcdserver: leader changed\n');
  });

  it('a conflict names the object being written, and only hits writes', async () => {
    const id = await sim.injectFault({ kind: 'conflict', tool: 'kubectl' });
    const read = await sim.run('kubectl', ['get', 'secret', 'example-postgres-secret', '-n', 'dummy-data1', '-o', 'name', ...ctx]);
    expect(read.exitCode).toBe(0);
    const write = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE.split('---\n')[1]! });
    expect(write.stderr).toBe('Error from server (Conflict): Operation cannot be fulfilled on secrets "example-postgres-secret": the object has been modified; please apply your changes to the latest version and try again\n');
    await sim.clearFaults(id);
  });

  it('an unreachable cluster: kubectl still prints its own version; helm says the cluster is unreachable', async () => {
    const id = await sim.injectFault({ kind: 'unreachable' });
    const version = await sim.run('kubectl', ['version', '-o', 'json', ...ctx]);
    expect(version.exitCode).toBe(1);
    expect(JSON.parse(version.stdout).serverVersion).toBeUndefined();
    expect(version.stderr).toBe('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n');
    expect((await sim.run('helm', ['status', 'x', '-n', 'dummy-data1', ...kctx])).stderr).toBe('Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused\n');
    // list and get, like status, ask for the server's version first (action.*.Run → KubeClient.IsReachable).
    for (const args of [['list', '-n', 'dummy-data1', '-o', 'json'], ['get', 'values', 'x', '-n', 'dummy-data1', '-o', 'json']]) {
      expect((await sim.run('helm', [...args, ...kctx])).stderr).toBe('Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused\n');
    }
    expect((await sim.run('helm', ['version', '--short'])).exitCode).toBe(0);
    await sim.clearFaults(id);
    expect((await sim.run('kubectl', ['version', '-o', 'json', ...ctx])).exitCode).toBe(0);
  });

  it('RBAC refusals name the verb, the resource and the scope, as the API server does', async () => {
    const id = await sim.injectFault({ kind: 'forbidden' });
    const list = await sim.run('kubectl', ['get', 'secret', '-A', '-l', 'app=x', '-o', 'json', ...ctx]);
    expect([list.exitCode, list.stdout]).toEqual([1, '']);
    expect(list.stderr).toBe('Error from server (Forbidden): secrets is forbidden: User "developer" cannot list resource "secrets" in API group "" at the cluster scope\n');
    expect((await sim.run('kubectl', ['get', 'deployment', 'web', '-n', 'dummy-data1', '-o', 'json', ...ctx])).stderr).toBe(
      'Error from server (Forbidden): deployments.apps "web" is forbidden: User "developer" cannot get resource "deployments" in API group "apps" in the namespace "dummy-data1"\n',
    );
    expect((await sim.run('kubectl', ['get', 'deployment,job', '-n', 'dummy-data1', ...ctx])).stderr).toBe(
      'Error from server (Forbidden): deployments.apps is forbidden: User "developer" cannot list resource "deployments" in API group "apps" in the namespace "dummy-data1"\n',
    );
    expect((await sim.run('helm', ['status', 'x', '-n', 'dummy-data1', ...kctx])).stderr).toBe(
      'Error: query: failed to query with labels: secrets is forbidden: User "developer" cannot list resource "secrets" in API group "" in the namespace "dummy-data1"\n',
    );
    expect((await sim.run('helm', ['list', '-n', 'dummy-data1', '-a', '-o', 'json', ...kctx])).stderr).toBe(
      'Error: list: failed to list: secrets is forbidden: User "developer" cannot list resource "secrets" in API group "" in the namespace "dummy-data1"\n',
    );
    // A named revision is one Secret read by name.
    expect((await sim.run('helm', ['get', 'values', 'x', '-n', 'dummy-data1', '--revision', '2', '-o', 'json', ...kctx])).stderr).toBe(
      'Error: get: failed to get "sh.helm.release.v1.x.v2": secrets "sh.helm.release.v1.x.v2" is forbidden: User "developer" cannot get resource "secrets" in API group "" in the namespace "dummy-data1"\n',
    );
    // Local commands never reach RBAC.
    expect((await sim.run('kubectl', ['config', 'get-contexts', '-o', 'name'])).exitCode).toBe(0);
    await sim.clearFaults(id);
    expect((await sim.run('kubectl', ['get', 'secret', '-A', '-o', 'name', ...ctx])).exitCode).toBe(0);
  });
});

describe('slow, hanging and killed commands', () => {
  it('slow adds virtual delay; hang never returns until killed', async () => {
    await sim.injectFault({ kind: 'slow', match: 'get pods', delayMs: 50_000, times: 1 });
    const started = Date.now();
    await sim.run('kubectl', ['get', 'pods', '-n', 'dummy-data1', ...ctx]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50_000 * SCALE);

    await sim.injectFault({ kind: 'hang', match: 'get deployments', times: 1 });
    const hung = await sim.run('kubectl', ['get', 'deployments', '-n', 'dummy-data1', ...ctx], { timeoutMs: 1_000 });
    expect(hung.signal).toBe('SIGTERM');
    const entry = (await sim.audit()).find((e) => e.argv.join(' ').startsWith('get deployments'));
    expect(entry).toMatchObject({ signal: 'SIGTERM', exitCode: 143 });
  });

  it('a killed helm leaves the release pending-install', async () => {
    await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/']);
    await sim.injectFault({ kind: 'killed', tool: 'helm', match: 'upgrade', times: 1 });
    const args = ['upgrade', '--install', 'pre', 'datahub/datahub-prerequisites', '-n', 'dummy-data1', '--set', 'elasticsearch.enabled=false', '--wait', '--timeout', '10m0s', ...kctx];
    const killed = await sim.run('helm', args);
    expect(killed.signal).toBe('SIGKILL');
    const status = JSON.parse((await sim.run('helm', ['status', 'pre', '-n', 'dummy-data1', '-o', 'json', ...kctx])).stdout);
    expect(status.info).toMatchObject({ status: 'pending-install', description: 'Initial install underway' });
    expect(JSON.parse((await sim.run('helm', ['list', '-n', 'dummy-data1', '-o', 'json', ...kctx])).stdout)).toEqual([]);
    const again = await sim.run('helm', args);
    expect(again.stderr).toBe('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n');
  });

  it('SIGTERM makes helm cancel: "Release X has been cancelled.", context canceled, revision failed', async () => {
    const child = sim.spawn('helm', ['upgrade', '--install', 'cancelled', 'datahub/datahub-prerequisites', '-n', 'dummy-data1', '--wait', '--timeout', '10m0s', ...kctx]);
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('Installing it now.\n')) resolve();
    }));
    // helm handles SIGTERM from the moment it records the release as pending.
    const pending = async () => (await sim.readState()).releases.some((r) => r.name === 'cancelled' && r.info.status === 'pending-install');
    await until(pending, { what: 'the release to be pending', on: [dirChanges(sim.dir)] });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    expect(stdout).toBe('Release "cancelled" does not exist. Installing it now.\nRelease cancelled has been cancelled.\n');
    expect(stderr).toBe('Error: context canceled\n');
    const status = JSON.parse((await sim.run('helm', ['status', 'cancelled', '-n', 'dummy-data1', '-o', 'json', ...kctx])).stdout);
    expect(status.info).toMatchObject({ status: 'failed', description: 'Release "cancelled" failed: context canceled' });
  });

  it('a failed first install leaves a failed revision that the next upgrade replaces', async () => {
    await sim.injectFault({ kind: 'release-fails', match: 'upgrade --install first', times: 1, message: 'context deadline exceeded' });
    const args = ['upgrade', '--install', 'first', 'datahub/datahub-prerequisites', '-n', 'dummy-data1', '--set', 'elasticsearch.enabled=false', '--set', 'mysql.enabled=false', '--wait', '--timeout', '10m0s', ...kctx];
    const failed = await sim.run('helm', args);
    expect(failed.stderr).toBe('Error: context deadline exceeded\n');
    const listed = JSON.parse((await sim.run('helm', ['list', '-n', 'dummy-data1', '-o', 'json', ...kctx])).stdout);
    expect(listed.find((r: { name: string }) => r.name === 'first')).toMatchObject({ status: 'failed', revision: '1' });
    const ok = await sim.run('helm', args);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('Release "first" has been upgraded. Happy Helming!\n');
  });
});

describe('object faults', () => {
  it('OOMKilled: CrashLoopBackOff with OOMKilling and BackOff events, healed when cleared', async () => {
    const id = await sim.injectFault({ kind: 'pod-oomkilled', object: 'oom-app' });
    await sim.run('kubectl', ['apply', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: deployment('oom-app') });
    await waitFor(sim, { resource: 'pod', selector: 'app=oom-app', namespace: 'dummy-data1', for: waitingReason('CrashLoopBackOff') });
    const [pod] = await pods('dummy-data1', 'app=oom-app');
    const container = pod.status.containerStatuses[0];
    expect(container.state.waiting.reason).toBe('CrashLoopBackOff');
    expect(container.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(container.restartCount).toBeGreaterThan(0);
    const reasons = (await events('dummy-data1')).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['OOMKilling', 'BackOff']));
    const rollout = await sim.run('kubectl', ['rollout', 'status', 'deployment/oom-app', '-n', 'dummy-data1', '--timeout=20s', ...ctx]);
    expect(rollout.stderr).toBe('error: timed out waiting for the condition\n');
    await sim.clearFaults(id);
    const healed = await sim.run('kubectl', ['rollout', 'status', 'deployment/oom-app', '-n', 'dummy-data1', '--timeout=1m', ...ctx]);
    expect(healed.stdout.endsWith('deployment "oom-app" successfully rolled out\n')).toBe(true);
  });

  it('CrashLoopBackOff, ImagePullBackOff and Insufficient memory', async () => {
    await sim.injectFault({ kind: 'pod-crashloop', object: 'crashy' });
    await sim.injectFault({ kind: 'pod-imagepull', object: 'pully' });
    await sim.injectFault({ kind: 'pod-unschedulable', object: 'hungry' });
    for (const name of ['crashy', 'pully', 'hungry']) await sim.run('kubectl', ['apply', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: deployment(name) });
    await waitFor(sim, { resource: 'pod', selector: 'app=crashy', namespace: 'dummy-data1', for: waitingReason('CrashLoopBackOff') });
    await waitFor(sim, { resource: 'pod', selector: 'app=pully', namespace: 'dummy-data1', for: waitingReason('ImagePullBackOff') });
    await waitFor(sim, { resource: 'pod', selector: 'app=hungry', namespace: 'dummy-data1', for: 'condition=PodScheduled=False' });
    const [crashy] = await pods('dummy-data1', 'app=crashy');
    expect(crashy.status.containerStatuses[0].lastState.terminated.reason).toBe('Error');
    const [pully] = await pods('dummy-data1', 'app=pully');
    expect(pully.status.containerStatuses[0].state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "example/pully:1.0"' });
    const [hungry] = await pods('dummy-data1', 'app=hungry');
    expect(hungry.status.phase).toBe('Pending');
    const all = await events('dummy-data1');
    const about = (name: string) => all.filter((e) => e.involvedObject.name.startsWith(name)).map((e) => `${e.type}/${e.reason}`);
    expect(about('crashy')).toContain('Warning/BackOff');
    expect(about('pully')).toEqual(expect.arrayContaining(['Normal/Pulling', 'Warning/Failed', 'Normal/BackOff']));
    expect(all.find((e) => e.involvedObject.name.startsWith('hungry') && e.reason === 'FailedScheduling')?.message)
      .toBe('0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('a plain Job that fails, and an object that appears late', async () => {
    await sim.injectFault({ kind: 'job-fails', object: 'example-kafka-topic-init', afterMs: 5_000 });
    await sim.injectFault({ kind: 'appear-delay', object: 'late-config', delayMs: 200_000 });
    await sim.run('kubectl', ['apply', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: KAFKA_MANIFEST });
    const failed = await sim.run('kubectl', ['wait', '--for=condition=failed', 'job/example-kafka-topic-init', '-n', 'dummy-data1', '--timeout=2m', ...ctx]);
    expect(failed.stdout).toBe('job.batch/example-kafka-topic-init condition met\n');
    const complete = await sim.run('kubectl', ['wait', '--for=condition=complete', 'job/example-kafka-topic-init', '-n', 'dummy-data1', '--timeout=5s', ...ctx]);
    expect(complete.stderr).toBe('error: timed out waiting for the condition on jobs/example-kafka-topic-init\n');

    await sim.run('kubectl', ['apply', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late-config}\n' });
    const early = await sim.run('kubectl', ['get', 'configmap', 'late-config', '-n', 'dummy-data1', ...ctx]);
    expect(early.stderr).toBe('Error from server (NotFound): configmaps "late-config" not found\n');
    await waitFor(sim, { resource: 'configmap/late-config', namespace: 'dummy-data1', for: 'create' });
    expect((await sim.run('kubectl', ['get', 'configmap', 'late-config', '-n', 'dummy-data1', '-o', 'name', ...ctx])).stdout).toBe('configmap/late-config\n');
  });
});
