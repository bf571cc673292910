import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { EXAMPLE_NAMESPACE } from './fixtures.ts';

let sim: SimCluster;
const ctx = ['--context', 'minikube'];

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001, contexts: ['minikube', 'docker-desktop'], node: { cpu: 6, memory: '12Gi' } });
  const applied = await sim.run('kubectl', ['apply', '--server-side', '--field-manager=dataspoke-dev-env', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
  expect(applied.exitCode).toBe(0);
});
afterAll(() => sim.dispose());

describe('kubectl version and config', () => {
  it('prints the client version as JSON without contacting the server', async () => {
    const r = await sim.run('kubectl', ['version', '--client', '-o', 'json']);
    expect(r.exitCode).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.clientVersion.gitVersion).toBe('v1.31.4');
    expect(parsed.kustomizeVersion).toBe('v5.4.2');
    expect(parsed.serverVersion).toBeUndefined();
  });

  it('includes the server version when the cluster answers', async () => {
    const r = await sim.run('kubectl', ['version', '-o', 'json', ...ctx]);
    expect(JSON.parse(r.stdout).serverVersion.gitVersion).toBe('v1.31.0');
  });

  it('lists context names one per line', async () => {
    const r = await sim.run('kubectl', ['config', 'get-contexts', '-o', 'name']);
    expect(r.stdout).toBe('minikube\ndocker-desktop\n');
  });

  it('rejects an unknown context with kubectl\'s text', async () => {
    const r = await sim.run('kubectl', ['get', 'namespace', 'default', '-o', 'json', '--context', 'kind-kind']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: context "kind-kind" does not exist\n');
    expect(r.stdout).toBe('');
  });
});

describe('kubectl get', () => {
  it('reports a missing namespace as the API server does', async () => {
    const r = await sim.run('kubectl', ['get', 'namespace', 'nope', '-o', 'json', ...ctx]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): namespaces "nope" not found\n');
  });

  it('returns one object bare, with sorted keys and four-space indentation', async () => {
    const r = await sim.run('kubectl', ['get', 'namespace', 'dummy-data1', '-o', 'json', ...ctx]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Namespace",\n    "metadata": {\n')).toBe(true);
    const ns = JSON.parse(r.stdout);
    expect(ns.status.phase).toBe('Active');
    expect(ns.metadata.labels['kubernetes.io/metadata.name']).toBe('dummy-data1');
  });

  it('reports the node\'s allocatable resources', async () => {
    const r = await sim.run('kubectl', ['get', 'nodes', '-o', 'json', ...ctx]);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(1);
    expect(list.items[0].status.allocatable).toMatchObject({ cpu: '6', memory: '12582912Ki' });
  });

  it('lists several kinds in one List and filters by label', async () => {
    const r = await sim.run('kubectl', ['get', 'secret,configmap', '-n', 'dummy-data1', '-o', 'json', ...ctx]);
    const names = JSON.parse(r.stdout).items.map((o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual(['Secret/example-postgres-secret', 'ConfigMap/kube-root-ca.crt']);
    const none = await sim.run('kubectl', ['get', 'secret', '-n', 'dummy-data1', '-l', 'app=nothing', '-o', 'json', ...ctx]);
    expect(JSON.parse(none.stdout)).toEqual({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } });
  });

  it('stores stringData as base64 data', async () => {
    const r = await sim.run('kubectl', ['get', 'secret', 'example-postgres-secret', '-n', 'dummy-data1', '-o', 'jsonpath={.data.POSTGRES_DB}', ...ctx]);
    expect(Buffer.from(r.stdout, 'base64').toString()).toBe('example_db');
  });

  it('supports -o name, jsonpath ranges and yaml', async () => {
    const name = await sim.run('kubectl', ['get', 'secret', 'example-postgres-secret', '-n', 'dummy-data1', '-o', 'name', ...ctx]);
    expect(name.stdout).toBe('secret/example-postgres-secret\n');
    const range = await sim.run('kubectl', ['get', 'namespaces', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}', ...ctx]);
    expect(range.stdout).toBe('default\ndummy-data1\nkube-node-lease\nkube-public\nkube-system\n');
    const yaml = await sim.run('kubectl', ['get', 'ns', 'dummy-data1', '-o', 'yaml', ...ctx]);
    expect(yaml.stdout).toContain('spec:\n  finalizers:\n  - kubernetes\n');
  });

  it('says "No resources found" on stderr for an empty table', async () => {
    const r = await sim.run('kubectl', ['get', 'pods', '-n', 'dummy-data1', ...ctx]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No resources found in dummy-data1 namespace.\n');
  });

  it('rejects unknown resource types and flags like kubectl', async () => {
    const type = await sim.run('kubectl', ['get', 'widgets', ...ctx]);
    expect(type.stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    const flag = await sim.run('kubectl', ['get', 'pods', '--colour', ...ctx]);
    expect(flag.exitCode).toBe(1);
    expect(flag.stderr).toBe("error: unknown flag: --colour\nSee 'kubectl get --help' for usage.\n");
  });
});
