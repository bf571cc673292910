import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';

let sim: SimCluster;
const ctx = ['--context', 'minikube'];

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.01, latencyMs: [100, 300] });
  await sim.run('kubectl', ['create', 'namespace', 'busy', ...ctx]);
});
afterAll(() => sim.dispose());

describe('concurrent invocations', () => {
  it('20 parallel applies lose nothing and overlap in time', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'busy', ...ctx], {
          input: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  index: "${i}"\n`,
        })),
    );
    expect(results.map((r) => r.exitCode)).toEqual(Array(20).fill(0));
    const listed = JSON.parse((await sim.run('kubectl', ['get', 'configmaps', '-n', 'busy', '-o', 'json', ...ctx])).stdout);
    const names = listed.items.map((o: { metadata: { name: string } }) => o.metadata.name).filter((n: string) => n.startsWith('cm-'));
    expect(names.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `cm-${i}`).sort());
    const state = await sim.readState();
    const versions = Object.values(state.objects).map((o) => Number(o.object.metadata.resourceVersion));
    expect(new Set(versions).size).toBe(versions.length);

    const applies = (await sim.audit()).filter((e) => e.argv[0] === 'apply');
    expect(applies).toHaveLength(20);
    // Some pair of calls ran at the same time: the runner's parallelism reaches the simulator.
    const overlapping = applies.some((a) => applies.some((b) => a !== b && a.startMs < b.endMs && b.startMs < a.endMs));
    expect(overlapping).toBe(true);
  });
});

describe('audit log', () => {
  it('records argv, stdin use without its content, timing, exit code and mutation', async () => {
    const secret = 'TopSecretValue-123!';
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'busy', ...ctx], {
      input: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: "${secret}"}\n`,
    });
    await sim.run('kubectl', ['get', 'secret', 's', '-n', 'busy', '-o', 'json', ...ctx]);
    await sim.run('kubectl', ['get', 'secret', 'missing', '-n', 'busy', '-o', 'json', ...ctx]);
    const entries = await sim.audit();
    const [apply, get, missing] = entries.slice(-3);
    expect(apply).toMatchObject({ tool: 'kubectl', stdin: true, mutating: true, exitCode: 0, writesLocal: false });
    expect(apply!.argv).toEqual(['apply', '--server-side', '-f', '-', '-n', 'busy', '--context', 'minikube']);
    expect(get).toMatchObject({ stdin: false, mutating: false, exitCode: 0 });
    expect(missing).toMatchObject({ mutating: false, exitCode: 1 });
    expect(apply!.endMs).toBeGreaterThanOrEqual(apply!.startMs);
    const raw = JSON.stringify(entries);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(Buffer.from(secret).toString('base64'));
  });

  it('classifies helm calls: repo add writes locally, status reads, upgrade mutates', async () => {
    await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/', '--force-update']);
    await sim.run('helm', ['status', 'nothing', '-n', 'busy', '-o', 'json', '--kube-context', 'minikube']);
    await sim.run('helm', ['upgrade', '--install', 'x', 'nope/chart', '-n', 'busy', '--kube-context', 'minikube']);
    const [add, status, upgrade] = (await sim.audit()).slice(-3);
    expect(add).toMatchObject({ tool: 'helm', mutating: false, writesLocal: true, exitCode: 0 });
    expect(status).toMatchObject({ mutating: false, writesLocal: false, exitCode: 1 });
    expect(upgrade).toMatchObject({ mutating: true, exitCode: 1 });
  });
});

describe('call latency', () => {
  it("is the whole call's duration: the process's own start-up counts toward it", async () => {
    const slow = await createSimCluster({ timeScale: 1, latencyMs: [400, 400] });
    try {
      const t0 = performance.now();
      const listed = await slow.run('kubectl', ['get', 'namespaces', '-o', 'name', ...ctx]);
      const callMs = performance.now() - t0;
      expect(listed.exitCode).toBe(0);
      expect(callMs).toBeGreaterThanOrEqual(400);
      // The audit's start is when the command began, after the process started: less than the latency
      // is left from there (it would be all 400 ms if the latency came on top of start-up).
      const [entry] = await slow.audit();
      expect(entry!.endMs - entry!.startMs).toBeLessThan(400);
    } finally {
      await slow.dispose();
    }
  });
});
