import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { DATAHUB_NAMESPACE, DATAHUB_VALUES, PREREQUISITES_VALUES, writeTree } from './fixtures.ts';

const kctx = ['--kube-context', 'minikube'];
const ctx = ['--context', 'minikube'];
let sim: SimCluster;
let values: string;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001, latencyMs: [0, 0] });
  values = await writeTree({ 'prerequisites-values.yaml': PREREQUISITES_VALUES, 'values.yaml': DATAHUB_VALUES });
  await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: DATAHUB_NAMESPACE });
  await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/', '--force-update']);
});
afterAll(() => sim.dispose());

const install = (release: string, chart: string, extra: string[]) =>
  sim.run('helm', ['upgrade', '--install', release, chart, '-n', 'datahub-01', '--timeout', '30m0s', '--wait', ...extra, ...kctx], { cwd: values });

describe('datahub-prerequisites', () => {
  it('installs, waits for every StatefulSet and prints the status block', async () => {
    const r = await install('datahub-prerequisites', 'datahub/datahub-prerequisites', ['--version', '0.2.1', '-f', 'prerequisites-values.yaml', '--set', 'kafka.broker.replicaCount=1']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Release "datahub-prerequisites" does not exist\. Installing it now\.\nNAME: datahub-prerequisites\nLAST DEPLOYED: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\nNAMESPACE: datahub-01\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\n$/);
    const sts = JSON.parse((await sim.run('kubectl', ['get', 'statefulset', '-n', 'datahub-01', '-o', 'json', ...ctx])).stdout).items;
    expect(Object.fromEntries(sts.map((s: { metadata: { name: string }; status: { readyReplicas?: number } }) => [s.metadata.name, s.status.readyReplicas]))).toEqual({
      'datahub-prerequisites-kafka-broker': 1, 'datahub-prerequisites-mysql': 1, 'datahub-prerequisites-zookeeper': 1, 'elasticsearch-master': 1,
    });
    const svc = JSON.parse((await sim.run('kubectl', ['get', 'service', 'datahub-prerequisites-kafka', '-n', 'datahub-01', '-o', 'json', ...ctx])).stdout);
    expect(svc.spec.ports[0].port).toBe(9092);
  });

  it('reports the release in helm\'s JSON shapes', async () => {
    const status = JSON.parse((await sim.run('helm', ['status', 'datahub-prerequisites', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(status).toMatchObject({
      name: 'datahub-prerequisites', namespace: 'datahub-01', version: 1,
      info: { status: 'deployed', description: 'Install complete', deleted: '' },
    });
    // helm status sets rel.Chart = nil before printing: pkg/release.Release's fields in order, no chart
    // (hooks, omitempty, are absent: this chart has none).
    expect(Object.keys(status)).toEqual(['name', 'info', 'config', 'manifest', 'version', 'namespace']);
    expect(Object.keys(status.info)).toEqual(['first_deployed', 'last_deployed', 'deleted', 'description', 'status']);
    const yaml = (await sim.run('helm', ['status', 'datahub-prerequisites', '-n', 'datahub-01', '-o', 'yaml', ...kctx])).stdout;
    expect(yaml).not.toMatch(/^chart:/m);
    expect(status.info.first_deployed).toBe(status.info.last_deployed);
    expect(status.info.last_deployed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(status.config.kafka.broker).toEqual({ replicaCount: 1, resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } } });
    expect(status.sim).toBeUndefined();

    const list = await sim.run('helm', ['list', '-n', 'datahub-01', '-o', 'json', ...kctx]);
    const [entry] = JSON.parse(list.stdout);
    expect(Object.keys(entry)).toEqual(['name', 'namespace', 'revision', 'updated', 'status', 'chart', 'app_version']);
    expect(entry).toMatchObject({ name: 'datahub-prerequisites', revision: '1', status: 'deployed', chart: 'datahub-prerequisites-0.2.1' });
    expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/);

    const vals = JSON.parse((await sim.run('helm', ['get', 'values', 'datahub-prerequisites', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(vals).toEqual(status.config);
    const ofRevision = await sim.run('helm', ['get', 'values', 'datahub-prerequisites', '-n', 'datahub-01', '--revision', '1', '-o', 'json', ...kctx]);
    expect(JSON.parse(ofRevision.stdout)).toEqual(status.config);
    const noSuchRevision = await sim.run('helm', ['get', 'values', 'datahub-prerequisites', '-n', 'datahub-01', '--revision', '9', '-o', 'json', ...kctx]);
    expect([noSuchRevision.exitCode, noSuchRevision.stderr]).toEqual([1, 'Error: release: not found\n']);
  });

  it('upgrading supersedes the previous revision', async () => {
    const r = await install('datahub-prerequisites', 'datahub/datahub-prerequisites', ['--version', '0.2.1', '-f', 'prerequisites-values.yaml']);
    expect(r.stdout.startsWith('Release "datahub-prerequisites" has been upgraded. Happy Helming!\nNAME: datahub-prerequisites\n')).toBe(true);
    const history = JSON.parse((await sim.run('helm', ['history', 'datahub-prerequisites', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(history.map((h: { revision: number; status: string; description: string }) => [h.revision, h.status, h.description])).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ]);
    expect(Object.keys(history[0])).toEqual(['revision', 'updated', 'status', 'chart', 'app_version', 'description']);
  });
});

describe('datahub', () => {
  it('runs the hooks, then the Deployments, and re-creates hook Jobs on upgrade', async () => {
    const first = await install('datahub', 'datahub/datahub', ['--version', '0.8.3', '-f', 'values.yaml']);
    expect(first.stderr).toBe('');
    const jobs = async (): Promise<Record<string, { uid: string; complete: boolean }>> => {
      const items = JSON.parse((await sim.run('kubectl', ['get', 'jobs', '-n', 'datahub-01', '-o', 'json', ...ctx])).stdout).items;
      return Object.fromEntries(items.map((j: { metadata: { name: string; uid: string }; status: { conditions?: { type: string }[] } }) => [j.metadata.name, { uid: j.metadata.uid, complete: (j.status.conditions ?? []).some((c) => c.type === 'Complete') }]));
    };
    const before = await jobs();
    expect(Object.keys(before).sort()).toEqual(['datahub-elasticsearch-setup-job', 'datahub-mysql-setup-job', 'datahub-system-update', 'datahub-system-update-nonblk']);
    expect(Object.values(before).every((j) => j.complete)).toBe(true);
    const deployments = JSON.parse((await sim.run('kubectl', ['get', 'deployments', '-n', 'datahub-01', '-o', 'json', ...ctx])).stdout).items;
    expect(deployments.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['datahub-acryl-datahub-actions', 'datahub-datahub-frontend', 'datahub-datahub-gms']);

    const status = JSON.parse((await sim.run('helm', ['status', 'datahub', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(Object.keys(status)).toEqual(['name', 'info', 'config', 'manifest', 'hooks', 'version', 'namespace']);
    const listed = JSON.parse((await sim.run('helm', ['list', '-n', 'datahub-01', '-a', '--filter', '^datahub$', '-o', 'json', ...kctx])).stdout);
    expect(listed).toEqual([{ name: 'datahub', namespace: 'datahub-01', revision: '1', updated: expect.any(String), status: 'deployed', chart: 'datahub-0.8.3', app_version: 'v1.4.0' }]);
    expect(status.hooks.map((h: { name: string; events: string[] }) => [h.name, h.events.join(',')])).toContainEqual(['datahub-system-update', 'pre-install,pre-upgrade']);

    await install('datahub', 'datahub/datahub', ['--version', '0.8.3', '-f', 'values.yaml']);
    const after = await jobs();
    for (const name of Object.keys(before)) expect(after[name]!.uid).not.toBe(before[name]!.uid);
  });

  it('uses the chart\'s LoadBalancer default for GMS, which never gets an address on minikube', async () => {
    const r = await sim.run('helm', ['upgrade', '--install', 'datahub', 'datahub/datahub', '-n', 'datahub-01', '--timeout', '10m0s', '--wait', '-f', 'values.yaml', '--set', 'datahub-gms.service.type=LoadBalancer', ...kctx], { cwd: values });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Error: UPGRADE FAILED: context deadline exceeded\n');
    const table = await sim.run('kubectl', ['get', 'svc', 'datahub-datahub-gms', '-n', 'datahub-01', ...ctx]);
    expect(table.stdout).toMatch(/\ndatahub-datahub-gms +LoadBalancer +10\.\d+\.\d+\.\d+ +<pending> +8080\/TCP +\d+s\n$/);
  });
});

describe('helm errors', () => {
  it('an unknown chart version', async () => {
    const r = await install('datahub', 'datahub/datahub', ['--version', '9.9.9']);
    expect(r.stderr).toBe('Error: chart "datahub" matching 9.9.9 not found in datahub index. (try \'helm repo update\'): no chart version found for datahub-9.9.9\n');
  });

  it('a repository that was not added, and a missing namespace', async () => {
    const fresh = await createSimCluster({ timeScale: 0.001, latencyMs: [0, 0] });
    try {
      const noRepo = await fresh.run('helm', ['upgrade', '--install', 'datahub', 'datahub/datahub', '-n', 'datahub-01', '--create-namespace', ...kctx]);
      expect(noRepo.stdout).toBe('Release "datahub" does not exist. Installing it now.\n');
      expect(noRepo.stderr).toBe('Error: repo datahub not found\n');
      await fresh.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/']);
      const noNs = await fresh.run('helm', ['upgrade', '--install', 'datahub-prerequisites', 'datahub/datahub-prerequisites', '-n', 'x', ...kctx]);
      expect(noNs.stderr).toBe('Error: create: failed to create: namespaces "x" not found\n');
      const viaInstall = await fresh.run('helm', ['install', 'datahub-prerequisites', 'datahub/datahub-prerequisites', '-n', 'x', ...kctx]);
      expect(viaInstall.stderr).toBe('Error: INSTALLATION FAILED: create: failed to create: namespaces "x" not found\n');
      const created = await fresh.run('helm', ['upgrade', '--install', 'p', 'datahub/datahub-prerequisites', '-n', 'x', '--create-namespace', '--set', 'elasticsearch.enabled=false', ...kctx]);
      expect(created.exitCode).toBe(0);
      expect((await fresh.run('kubectl', ['get', 'ns', 'x', '-o', 'name', ...ctx])).stdout).toBe('namespace/x\n');
    } finally {
      await fresh.dispose();
    }
  });

  it('missing releases', async () => {
    expect((await sim.run('helm', ['status', 'nope', '-n', 'datahub-01', '-o', 'json', ...kctx])).stderr).toBe('Error: release: not found\n');
    expect((await sim.run('helm', ['history', 'nope', '-n', 'datahub-01', '-o', 'json', ...kctx])).stderr).toBe('Error: release: not found\n');
    expect((await sim.run('helm', ['uninstall', 'nope', '-n', 'datahub-01', '--wait', '--timeout', '5m0s', ...kctx])).stderr).toBe('Error: uninstall: Release not loaded: nope: release: not found\n');
  });

  it('an unknown kube context', async () => {
    const r = await sim.run('helm', ['status', 'datahub', '-n', 'datahub-01', '--kube-context', 'kind-kind']);
    expect(r.stderr).toBe('Error: Kubernetes cluster unreachable: context "kind-kind" does not exist\n');
    // helm 3.17.4 says the same for list (its action checks reachability first).
    const listed = await sim.run('helm', ['list', '-n', 'datahub-01', '-o', 'json', '--kube-context', 'kind-kind']);
    expect(listed.stderr).toBe('Error: Kubernetes cluster unreachable: context "kind-kind" does not exist\n');
  });
});

describe('pending releases', () => {
  it('are hidden from helm list, block upgrades, and are repaired by rollback', async () => {
    await sim.injectFault({ kind: 'release-pending', release: 'datahub-prerequisites', namespace: 'datahub-01', status: 'pending-upgrade' });
    const list = JSON.parse((await sim.run('helm', ['list', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(list.map((r: { name: string }) => r.name)).toEqual(['datahub']);
    const pending = JSON.parse((await sim.run('helm', ['list', '-n', 'datahub-01', '-o', 'json', '--pending', ...kctx])).stdout);
    expect(pending).toMatchObject([{ name: 'datahub-prerequisites', revision: '3', status: 'pending-upgrade' }]);
    const all = JSON.parse((await sim.run('helm', ['list', '-n', 'datahub-01', '-o', 'json', '-a', ...kctx])).stdout);
    expect(all).toHaveLength(2);

    const blocked = await install('datahub-prerequisites', 'datahub/datahub-prerequisites', ['-f', 'prerequisites-values.yaml']);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toBe('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n');

    const rollback = await sim.run('helm', ['rollback', 'datahub-prerequisites', '2', '-n', 'datahub-01', '--wait', '--timeout', '5m0s', ...kctx]);
    expect(rollback.stdout).toBe('Rollback was a success! Happy Helming!\n');
    const history = JSON.parse((await sim.run('helm', ['history', 'datahub-prerequisites', '-n', 'datahub-01', '-o', 'json', ...kctx])).stdout);
    expect(history.map((h: { revision: number; status: string; description: string }) => [h.revision, h.status, h.description])).toEqual([
      [1, 'superseded', 'Install complete'], [2, 'superseded', 'Upgrade complete'], [3, 'superseded', 'Preparing upgrade'], [4, 'deployed', 'Rollback to 2'],
    ]);
  });
});
