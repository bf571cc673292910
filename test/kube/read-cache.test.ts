/**
 * Reads the checks share: one call for every caller at the same moment, and never a result from before
 * something was changed through kubectl or helm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelm } from '../../kube/helm.ts';
import { createKubectl } from '../../kube/kubectl.ts';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { namespaceObjects, objectKey } from '../../tasks/namespace-objects.ts';
import { sharedRead, sharedReads } from '../../kube/read-cache.ts';

const ctx = { signal: new AbortController().signal, log: () => {} };

/** A read that counts its calls and resolves when told to. */
function controlledRead() {
  const pending: { resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  const read = () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  return { read, pending };
}

describe('sharedRead', () => {
  it('gives every caller the one read in flight, and keeps its result until invalidated', async () => {
    const { read, pending } = controlledRead();
    const shared = sharedRead(read);
    const [a, b] = [shared.get(ctx), shared.get(ctx)];
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(1);
    expect(await Promise.all([a, b, shared.get(ctx)])).toEqual([1, 1, 1]);
    expect(pending).toHaveLength(1);
    shared.invalidate();
    const c = shared.get(ctx);
    pending[1]!.resolve(2);
    expect(await c).toBe(2);
  });

  it('does not keep a failed read, and a stale failure does not forget a newer read', async () => {
    const { read, pending } = controlledRead();
    const shared = sharedRead(read);
    const first = shared.get(ctx);
    shared.invalidate();
    const second = shared.get(ctx);
    pending[0]!.reject(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    pending[1]!.resolve(2);
    expect(await second).toBe(2);
    expect(await shared.get(ctx)).toBe(2);
    expect(pending).toHaveLength(2);

    shared.invalidate();
    const failing = shared.get(ctx);
    pending[2]!.reject(new Error('refused'));
    await expect(failing).rejects.toThrow('refused');
    const retried = shared.get(ctx);
    expect(pending).toHaveLength(4);
    pending[3]!.resolve(4);
    expect(await retried).toBe(4);
  });

  it('sharedReads forgets every read it made at once', async () => {
    const reads = sharedReads();
    let calls = 0;
    const one = reads.of(async () => ++calls);
    const two = reads.of(async () => ++calls);
    expect([await one.get(ctx), await two.get(ctx), await one.get(ctx)]).toEqual([1, 2, 1]);
    reads.invalidate();
    expect([await one.get(ctx), await two.get(ctx)]).toEqual([3, 4]);
  });
});

describe('reads shared through the kube adapters', () => {
  let sim: SimCluster;
  beforeAll(async () => {
    sim = await createSimCluster({ timeScale: 0.001, latencyMs: [0, 0] });
  });
  afterAll(() => sim.dispose());

  it('a change made with kubectl or helm forgets the reads, before and after the call', async () => {
    const reads = sharedReads();
    const changes: string[] = [];
    const target = {
      context: 'minikube',
      env: sim.env,
      reads: {
        invalidate: () => {
          changes.push('change');
          reads.invalidate();
        },
      },
    };
    const kubectl = createKubectl(target);
    const helm = createHelm(target);
    const namespaces = reads.of((c) => kubectl.list({ kinds: 'namespaces' }, c));
    const names = async () => (await namespaces.get(ctx)).map((n) => n.metadata.name);

    expect(await names()).not.toContain('shared-reads');
    await kubectl.get({ kind: 'namespace', name: 'default' }, ctx);
    await helm.repoList(ctx);
    expect(changes).toEqual([]);
    await kubectl.apply({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shared-reads' } }] }, ctx);
    expect(changes).toEqual(['change', 'change']);
    expect(await names()).toContain('shared-reads');
    await helm.repoAdd({ name: 'datahub', url: 'https://helm.datahubproject.io/' }, ctx);
    expect(changes).toHaveLength(4);
  });

  it('one listing per namespace holds every kind declared there, by kind/name', async () => {
    const reads = sharedReads();
    const kubectl = createKubectl({ context: 'minikube', env: sim.env, reads });
    const objects = namespaceObjects(kubectl, reads);
    objects.declare('shared-objects', () => ['deployment']);
    objects.declare('shared-objects', async () => ['ConfigMap', 'deployment']);
    await kubectl.apply({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shared-objects' } }] }, ctx);
    const before = (await sim.audit()).length;
    const [a, b] = await Promise.all([objects.get('shared-objects', ctx), objects.get('shared-objects', ctx)]);
    expect(a).toBe(b);
    expect([...a.keys()]).toEqual([objectKey('ConfigMap', 'kube-root-ca.crt')]);
    const calls = (await sim.audit()).slice(before).map((e) => e.argv.join(' '));
    expect(calls).toEqual(['get configmap,deployment -n shared-objects -o json --context minikube']);

    await kubectl.apply({ objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } }], namespace: 'shared-objects' }, ctx);
    expect([...(await objects.get('shared-objects', ctx)).keys()].sort()).toEqual(['configmap/kube-root-ca.crt', 'configmap/settings']);
    // A namespace nobody declared anything for is not read at all.
    expect((await objects.get('default', ctx)).size).toBe(0);
  });
});
