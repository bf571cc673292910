import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { EXAMPLE_NAMESPACE, KAFKA_MANIFEST, POSTGRES_MANIFEST, writeTree } from './fixtures.ts';

let sim: SimCluster;
const ctx = ['--context', 'minikube'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001 });
});
afterAll(() => sim.dispose());

describe('kubectl apply', () => {
  it('server-side apply prints a List and adds no last-applied annotation', async () => {
    const r = await sim.run('kubectl', ['apply', '--server-side', '--field-manager=dataspoke-dev-env', '--force-conflicts', '-f', '-', '-o', 'json', ...ctx], { input: EXAMPLE_NAMESPACE });
    expect(r.exitCode).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((o: { kind: string }) => o.kind)).toEqual(['Namespace', 'Secret']);
    for (const item of list.items) expect(item.metadata.annotations?.[LAST_APPLIED]).toBeUndefined();
  });

  it('server-side apply without -o reports serverside-applied', async () => {
    const r = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
    expect(r.stdout).toBe('namespace/dummy-data1 serverside-applied\nsecret/example-postgres-secret serverside-applied\n');
  });

  it('client-side apply records the applied configuration and reports created/unchanged/configured', async () => {
    const cm = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: dummy-data1\ndata:\n  mode: ${value}\n`;
    const first = await sim.run('kubectl', ['apply', '-f', '-', ...ctx], { input: cm('dev') });
    expect(first.stdout).toBe('configmap/settings created\n');
    const again = await sim.run('kubectl', ['apply', '-f', '-', ...ctx], { input: cm('dev') });
    expect(again.stdout).toBe('configmap/settings unchanged\n');
    const changed = await sim.run('kubectl', ['apply', '-f', '-', ...ctx], { input: cm('prod') });
    expect(changed.stdout).toBe('configmap/settings configured\n');
    const got = JSON.parse((await sim.run('kubectl', ['get', 'configmap', 'settings', '-n', 'dummy-data1', '-o', 'json', ...ctx])).stdout);
    expect(JSON.parse(got.metadata.annotations[LAST_APPLIED])).toEqual({
      apiVersion: 'v1', data: { mode: 'prod' }, kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'dummy-data1' },
    });
    expect(got.metadata.annotations[LAST_APPLIED].endsWith('}\n')).toBe(true);
  });

  it('applies a directory in file-name order', async () => {
    const dir = await writeTree({ 'manifests/kafka.yaml': KAFKA_MANIFEST, 'manifests/postgres.yaml': POSTGRES_MANIFEST });
    const r = await sim.run('kubectl', ['apply', '-f', 'manifests/', '-n', 'dummy-data1', ...ctx], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe([
      'deployment.apps/example-kafka created', 'service/example-kafka created', 'job.batch/example-kafka-topic-init created',
      'persistentvolumeclaim/example-postgres-data created', 'deployment.apps/example-postgres created', 'service/example-postgres created', '',
    ].join('\n'));
  });

  it('reports a missing namespace per object, keeping the successful ones', async () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: dummy-data1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: missing-ns}\n`;
    const csa = await sim.run('kubectl', ['apply', '-f', '-', ...ctx], { input });
    expect(csa.exitCode).toBe(1);
    expect(csa.stdout).toBe('configmap/a created\n');
    expect(csa.stderr).toBe('Error from server (NotFound): error when creating "STDIN": namespaces "missing-ns" not found\n');
    const ssa = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input });
    expect(ssa.stderr).toBe('Error from server (NotFound): namespaces "missing-ns" not found\n');
  });

  it('refuses a namespace that contradicts -n', async () => {
    const r = await sim.run('kubectl', ['apply', '-f', '-', '-n', 'other', ...ctx], { input: EXAMPLE_NAMESPACE });
    expect(r.stderr).toBe(`error: the namespace from the provided object "dummy-data1" does not match the namespace "other". You must pass '--namespace=dummy-data1' to perform this operation.\n`);
  });

  it('rejects kinds the server does not serve', async () => {
    const r = await sim.run('kubectl', ['apply', '-f', '-', ...ctx], { input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' });
    expect(r.stderr).toBe('error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n');
  });

  it('refuses to change a Job\'s pod template', async () => {
    const changed = KAFKA_MANIFEST.replace('--create --topic example_topic', '--create --topic other_topic');
    const r = await sim.run('kubectl', ['apply', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: changed });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('The Job "example-kafka-topic-init" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable\n');
  });
});

describe('kubectl create', () => {
  it('prints a Secret without contacting the cluster with --dry-run=client', async () => {
    const r = await sim.run('kubectl', ['create', 'secret', 'generic', 'creds', '--from-literal=USER=app', '--from-literal=PASSWORD=s3cret!', '-n', 'dummy-data1', '--dry-run=client', '-o', 'yaml', ...ctx]);
    expect(r.stdout).toBe('apiVersion: v1\ndata:\n  PASSWORD: czNjcmV0IQ==\n  USER: YXBw\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: creds\n  namespace: dummy-data1\n');
    const got = await sim.run('kubectl', ['get', 'secret', 'creds', '-n', 'dummy-data1', ...ctx]);
    expect(got.stderr).toBe('Error from server (NotFound): secrets "creds" not found\n');
  });

  it('creates a namespace once, then reports AlreadyExists', async () => {
    const first = await sim.run('kubectl', ['create', 'namespace', 'scratch', ...ctx]);
    expect(first.stdout).toBe('namespace/scratch created\n');
    const second = await sim.run('kubectl', ['create', 'namespace', 'scratch', ...ctx]);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toBe('Error from server (AlreadyExists): namespaces "scratch" already exists\n');
  });

  it('words generator errors as kubectl does', async () => {
    const r = await sim.run('kubectl', ['create', 'secret', 'generic', 'x', '--from-literal=a=b', '-n', 'absent', ...ctx]);
    expect(r.stderr).toBe('error: failed to create secret namespaces "absent" not found\n');
  });
});

describe('kubectl delete', () => {
  it('deletes from stdin and ignores what is already gone', async () => {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: never-existed}\n';
    const r = await sim.run('kubectl', ['delete', '-f', '-', '-n', 'dummy-data1', '--ignore-not-found', '--wait=true', ...ctx], { input });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('configmap "settings" deleted\n');
    const strict = await sim.run('kubectl', ['delete', 'secret', 'nothing-here', '-n', 'dummy-data1', ...ctx]);
    expect(strict.stderr).toBe('Error from server (NotFound): secrets "nothing-here" not found\n');
    const ignored = await sim.run('kubectl', ['delete', 'secret', 'nothing-here', '-n', 'dummy-data1', '--ignore-not-found', ...ctx]);
    expect(ignored.exitCode).toBe(0);
    expect(ignored.stdout).toBe('');
  });
});
