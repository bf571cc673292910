import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { EXAMPLE_NAMESPACE, POSTGRES_MANIFEST } from './fixtures.ts';
import { waitFor } from './wait-for.ts';

// Namespace termination (~35 s virtual with workloads) must outlast a few kubectl calls even on a loaded
// machine, hence a slower scale there; port-forward only needs the Deployment to become ready.
const NS_SCALE = 0.2;
const PF_SCALE = 0.02;
const ctx = ['--context', 'minikube'];
let sim: SimCluster;
let pf: SimCluster;

beforeAll(async () => {
  [sim, pf] = await Promise.all([
    createSimCluster({ timeScale: NS_SCALE, latencyMs: [0, 0] }),
    createSimCluster({ timeScale: PF_SCALE, latencyMs: [0, 0] }),
  ]);
  await pf.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
  await pf.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: POSTGRES_MANIFEST });
});
afterAll(() => Promise.all([sim.dispose(), pf.dispose()]));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function httpGet(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/health' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('namespace deletion', () => {
  it('goes Terminating, removes its contents, then is NotFound', async () => {
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: POSTGRES_MANIFEST });
    const del = await sim.run('kubectl', ['delete', 'namespace', 'dummy-data1', '--ignore-not-found', '--wait=false', ...ctx]);
    expect(del.stdout).toBe('namespace "dummy-data1" deleted\n');
    const terminating = JSON.parse((await sim.run('kubectl', ['get', 'namespace', 'dummy-data1', '-o', 'json', ...ctx])).stdout);
    expect(terminating.status.phase).toBe('Terminating');
    expect(terminating.metadata.deletionTimestamp).toMatch(/Z$/);

    const again = await sim.run('kubectl', ['delete', 'namespace', 'dummy-data1', '--ignore-not-found', '--wait=false', ...ctx]);
    expect(again.stderr).toBe('Error from server (Conflict): Operation cannot be fulfilled on namespaces "dummy-data1": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.\n');
    const blocked = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '-n', 'dummy-data1', ...ctx], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: new-one}\n' });
    expect(blocked.stderr).toBe('Error from server (Forbidden): configmaps "new-one" is forbidden: unable to create new content in namespace dummy-data1 because it is being terminated\n');

    // A namespace with workloads waits for the pods' grace period (~35 s virtual).
    await waitFor(sim, { resource: 'namespace/dummy-data1', for: 'delete', timeout: '4m' });
    const gone = await sim.run('kubectl', ['get', 'namespace', 'dummy-data1', '-o', 'json', ...ctx]);
    expect([gone.exitCode, gone.stderr]).toEqual([1, 'Error from server (NotFound): namespaces "dummy-data1" not found\n']);
    const recreated = await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: EXAMPLE_NAMESPACE });
    expect(recreated.exitCode).toBe(0);
    const deployments = JSON.parse((await sim.run('kubectl', ['get', 'deployments', '-n', 'dummy-data1', '-o', 'json', ...ctx])).stdout);
    expect(deployments.items).toEqual([]);
  });

  it('delete --wait=true blocks until the namespace is gone', async () => {
    await sim.run('kubectl', ['create', 'namespace', 'short-lived', ...ctx]);
    const r = await sim.run('kubectl', ['delete', 'namespace', 'short-lived', ...ctx]);
    expect(r.stdout).toBe('namespace "short-lived" deleted\n');
    expect((await sim.run('kubectl', ['get', 'namespace', 'short-lived', ...ctx])).exitCode).toBe(1);
  });
});

describe('port-forward', () => {
  it('listens on the local port, answers HTTP, and runs until killed', async () => {
    await pf.run('kubectl', ['rollout', 'status', 'deployment/example-postgres', '-n', 'dummy-data1', '--timeout=3m', ...ctx]);
    const port = await freePort();
    const child = pf.spawn('kubectl', ['port-forward', '-n', 'dummy-data1', 'svc/example-postgres', `${port}:5432`, ...ctx]);
    let stdout = '';
    await new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes(`Forwarding from 127.0.0.1:${port} -> 5432\n`)) resolve();
    }));
    expect(await httpGet(port)).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect(child.exitCode).toBeNull();
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(stdout).toContain(`Handling connection for ${port}\n`);
  });

  it('reports a missing service and a port already in use', async () => {
    const missing = await pf.run('kubectl', ['port-forward', '-n', 'dummy-data1', 'svc/nope', '9999:80', ...ctx]);
    expect(missing.stderr).toBe('Error from server (NotFound): services "nope" not found\n');
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    const r = await pf.run('kubectl', ['port-forward', '-n', 'dummy-data1', 'svc/example-postgres', `${port}:5432`, ...ctx]);
    busy.close();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error: unable to listen on any of the requested ports: [{${port} 5432}]\n`);
  });
});
