/**
 * The product on a real control plane (kube-apiserver, etcd, controller-manager, scheduler, kwok), with real
 * kubectl and helm installing the real upstream charts from loopback sources. One cluster, scenarios in order:
 * each leaves the cluster as the next expects. Every assertion is on the recorded kubectl/helm calls or on the
 * cluster's own state, never on the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { createSimCluster } from '../../sim/harness.ts';
import { devEnvHarness } from '../dev-env/dev-env-harness.ts';
import { TEST_PASSWORDS } from '../tasks/dev-env-file.ts';
import { answer, probes, type Backend } from './conformance.ts';
import { toolsBin } from './tools.ts';
import { isMutating, killHelm, realEnv, show, type Call, type CliRun, type RealEnv, type Started } from './real-harness.ts';

const NS = { datahub: 'datahub-01', dataspoke: 'dataspoke-01', example: 'dummy-data1' };
const LONG = 15 * 60_000;

let env: RealEnv;

beforeAll(async () => {
  env = await realEnv();
}, 5 * 60_000);

afterAll(async () => {
  await env?.dispose();
});

function ok(run: CliRun): void {
  expect(run.code, `exit ${run.code}\n${run.out}\n${run.err}`).toBe(0);
}

/** The calls made by `body`. */
async function callsOf<T>(body: () => Promise<T>): Promise<{ result: T; calls: Call[] }> {
  const before = env.calls().length;
  const result = await body();
  return { result, calls: env.calls().slice(before) };
}

/** Starts `up` and resolves once helm has recorded the DataHub release (its first revision's Secret exists). */
async function upUntilHelmInstallsDatahub(): Promise<Started> {
  const started = env.start(['up']);
  await started.until(/▸ release:datahub started/);
  await env.kubectl(['wait', '--for=create', 'secret/sh.helm.release.v1.datahub.v1', '-n', NS.datahub, '--timeout=5m']);
  return started;
}

async function releases(): Promise<Record<string, { status: string; chart: string }>> {
  const rows = JSON.parse(await env.helm(['list', '-A', '-a', '-o', 'json'])) as { name: string; status: string; chart: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, { status: r.status, chart: r.chart }]));
}

async function names(kind: string, namespace: string): Promise<string[]> {
  const out = await env.kubectl(['get', kind, '-n', namespace, '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.split(' ').filter((n) => n !== '');
}

async function statusRows(): Promise<Record<string, string>> {
  const run = await env.cli(['status', '--json']);
  ok(run);
  const { status } = JSON.parse(run.out) as { status: { id: string; state: string; detail?: string }[] };
  return Object.fromEntries(status.map((r) => [r.id, r.detail ? `${r.state} (${r.detail})` : r.state]));
}

const ALL_DONE_RELEASES = {
  'datahub-prerequisites': { status: 'deployed', chart: 'datahub-prerequisites-0.2.1' },
  datahub: { status: 'deployed', chart: 'datahub-0.8.3' },
  dataspoke: { status: 'deployed', chart: 'dataspoke-0.1.0' },
};

describe.sequential('the dev environment on a real control plane', () => {
  it('a fresh up installs every release and object', async () => {
    const { result: run, calls } = await callsOf(() => env.cli(['up']));
    ok(run);
    expect(await releases()).toEqual(ALL_DONE_RELEASES);
    expect(await names('deployment', NS.datahub)).toEqual(
      expect.arrayContaining(['datahub-datahub-gms', 'datahub-datahub-frontend', 'datahub-acryl-datahub-actions']),
    );
    expect(await names('statefulset', NS.datahub)).toEqual(
      expect.arrayContaining(['elasticsearch-master', 'datahub-prerequisites-mysql', 'datahub-prerequisites-kafka-broker', 'datahub-prerequisites-zookeeper']),
    );
    expect(await names('statefulset', NS.dataspoke)).toEqual(expect.arrayContaining(['dataspoke-postgresql', 'dataspoke-redis-master']));
    expect(await names('deployment', NS.example)).toEqual(expect.arrayContaining(['example-postgres', 'example-kafka']));
    expect(await names('secret', NS.dataspoke)).toEqual(expect.arrayContaining(['dataspoke-postgres-secret', 'dataspoke-redis-secret']));
    // Each release was installed once; the bitnami charts came from the OCI source, the rest from the HTTP mirror.
    const installs = calls.filter((c) => c.tool === 'helm' && c.args[0] === 'upgrade').map((c) => c.args[2]);
    expect(installs.sort()).toEqual(['datahub', 'datahub-prerequisites', 'dataspoke']);
    const lock = parse(readFileSync(join(env.stateDir, 'charts', 'dataspoke', 'Chart.lock'), 'utf8')) as { dependencies: { name: string; repository: string }[] };
    expect(Object.fromEntries(lock.dependencies.filter((d) => !d.repository.startsWith('file://')).map((d) => [d.name, d.repository]))).toEqual({
      postgresql: env.sources.ociUrl,
      redis: env.sources.ociUrl,
      qdrant: `${env.sources.httpUrl}/qdrant`,
      temporal: `${env.sources.httpUrl}/temporal`,
    });
  }, LONG);

  it('a second up changes nothing; status says done and plan runs nothing', async () => {
    const { result: run, calls } = await callsOf(() => env.cli(['up']));
    ok(run);
    expect(show(calls.filter(isMutating))).toBe('');
    const rows = await statusRows();
    expect(Object.entries(rows).filter(([, state]) => !state.startsWith('done') && state !== 'no check')).toEqual([]);
    const plan = await env.cli(['plan', '--json']);
    ok(plan);
    const steps = (JSON.parse(plan.out) as { plan: { id: string; action: string }[] }).plan;
    // preflight has no check: it runs on every up, and changes nothing.
    expect(steps.filter((s) => (s.action === 'run' || s.action === 'run-changed') && s.id !== 'preflight')).toEqual([]);
  }, LONG);

  it('the simulator answers every command form the product sends as the real tools do', async () => {
    const sim = await devEnvHarness();
    const fresh = await createSimCluster();
    try {
      ok(await sim.cli(['up']));
      const empty = join(env.stateDir, '..', 'empty-repositories.yaml');
      writeFileSync(empty, '');
      const real: Backend = { env: { ...env.env, PATH: `${toolsBin()}:${process.env.PATH ?? ''}` }, context: env.cluster.context };
      const simulated: Backend = { env: { ...sim.sim.env, HOME: sim.stateDir }, context: 'minikube' };
      // helm keeps its repositories on the machine, the simulator in its cluster state: "none yet" is a fresh one.
      const freshSim: Backend = { env: { ...fresh.env, HOME: sim.stateDir }, context: 'minikube' };
      for (const probe of probes(empty)) {
        const [want, got] = [await answer(real, probe), await answer(probe.fresh ? freshSim : simulated, probe)];
        expect({ probe: probe.name, answer: got }).toEqual({ probe: probe.name, answer: want });
      }
    } finally {
      await sim.dispose();
      await fresh.dispose();
    }
  }, LONG);

  it('no password on a command line, in a last-applied annotation or in helm values', async () => {
    const passwords = Object.values(TEST_PASSWORDS);
    const lines = env.calls().map((c) => `${c.tool} ${c.args.join(' ')}`);
    for (const password of passwords) expect(lines.filter((l) => l.includes(password))).toEqual([]);
    const objects = await env.kubectl(['get', 'all,secrets,configmaps,pvc', '-A', '-o', 'json']);
    const annotations = (JSON.parse(objects) as { items: { metadata: { annotations?: Record<string, string> } }[] }).items
      .map((o) => o.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '')
      .join('\n');
    for (const password of passwords) expect(annotations.includes(password)).toBe(false);
    for (const [release, namespace] of [['datahub-prerequisites', NS.datahub], ['datahub', NS.datahub], ['dataspoke', NS.dataspoke]] as const) {
      const values = await env.helm(['get', 'values', release, '-n', namespace, '--all', '-o', 'json']);
      for (const password of passwords) expect(values.includes(password), `${release} values`).toBe(false);
    }
  }, LONG);

  it('a changed password re-applies only that Secret and what reads it', async () => {
    env.rewriteEnv({ DATASPOKE_REDIS_PASSWORD: 'Canary-Redis-Changed-5512!' });
    const { result: run, calls } = await callsOf(() => env.cli(['up']));
    ok(run);
    // The Secret (server-side apply, on stdin) and the one release that reads it; nothing of DataHub or the examples.
    const changed = calls.filter(isMutating);
    expect(changed.map((c) => [c.tool, c.args[0]])).toEqual([
      ['kubectl', 'apply'],
      ['helm', 'upgrade'],
    ]);
    expect(changed[0]!.args).toContain(NS.dataspoke);
    expect(changed[1]!.args.slice(0, 3)).toEqual(['upgrade', '--install', 'dataspoke']);
    const secret = await env.kubectl(['get', 'secret', 'dataspoke-redis-secret', '-n', NS.dataspoke, '-o', 'jsonpath={.data.REDIS_PASSWORD}']);
    expect(Buffer.from(secret, 'base64').toString()).toBe('Canary-Redis-Changed-5512!');
  }, LONG);

  it('down removes everything in reverse order, each task once; namespaces and claims are gone', async () => {
    const { result: run, calls } = await callsOf(() => env.cli(['down', '--yes']));
    ok(run);
    const uninstalls = calls.filter((c) => c.tool === 'helm' && c.args[0] === 'uninstall').map((c) => c.args[1]);
    expect(uninstalls).toHaveLength(new Set(uninstalls).size);
    expect(uninstalls.indexOf('datahub')).toBeLessThan(uninstalls.indexOf('datahub-prerequisites'));
    expect(await releases()).toEqual({});
    const namespaces = await env.kubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
    for (const ns of Object.values(NS)) expect(namespaces.split(' ')).not.toContain(ns);
    expect(await env.kubectl(['get', 'pvc', '-A', '-o', 'name'])).toBe('');
    const started = run.out.match(/▸ \S+ started/g) ?? [];
    expect(started).toHaveLength(new Set(started).size);
  }, LONG);

  it('up --only dataspoke-infra installs that part and what it needs, nothing of DataHub', async () => {
    const run = await env.cli(['up', '--only', 'dataspoke-infra']);
    ok(run);
    expect(Object.keys(await releases())).toEqual(['dataspoke']);
    const namespaces = (await env.kubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ');
    expect(namespaces).toContain(NS.dataspoke);
    expect(namespaces).not.toContain(NS.datahub);
  }, LONG);

  it('Ctrl-C during release:datahub stops with 130; the next up resumes and completes', async () => {
    const started = await upUntilHelmInstallsDatahub();
    started.child.kill('SIGINT');
    const interrupted = await started.done;
    expect(interrupted.code, interrupted.out + interrupted.err).toBe(130);
    expect((await releases()).datahub?.status).not.toBe('deployed');
    const resumed = await env.cli(['up']);
    ok(resumed);
    expect(await releases()).toEqual(ALL_DONE_RELEASES);
  }, LONG);

  it('helm killed during release:datahub leaves it pending-install; the next up repairs it', async () => {
    const down = await env.cli(['down', '--yes', '--only', 'release:datahub']);
    ok(down);
    const started = await upUntilHelmInstallsDatahub();
    await env.kubectl(['wait', '--for=jsonpath={.metadata.labels.status}=pending-install', 'secret/sh.helm.release.v1.datahub.v1', '-n', NS.datahub, '--timeout=5m']);
    await killHelm(env, 'datahub');
    const failed = await started.done;
    expect(failed.code, failed.out + failed.err).toBe(1);
    expect((await releases()).datahub?.status).toBe('pending-install');
    const repaired = await env.cli(['up']);
    ok(repaired);
    expect(repaired.out).toMatch(/pending-install/);
    expect(await releases()).toEqual(ALL_DONE_RELEASES);
  }, LONG);

  it('the API server stopped mid-run: the run retries or says why, and the next up completes', async () => {
    const down = await env.cli(['down', '--yes', '--only', 'example:manifests']);
    ok(down);
    const started = env.start(['up']);
    await started.until(/▸ example:manifests started/);
    await env.cluster.stopApiServer();
    const callsBefore = env.calls().length;
    // Start it again once the product has met the dead server (a call made after it went away).
    await Promise.race([env.callsBeyond(callsBefore), started.done]);
    await env.cluster.startApiServer();
    const run = await started.done;
    if (run.code !== 0) {
      expect(run.code, run.out + run.err).toBe(1);
      expect(run.out + run.err).toMatch(/connection refused|failed/);
      ok(await env.cli(['up']));
    }
    const rows = await statusRows();
    expect(Object.entries(rows).filter(([, state]) => !state.startsWith('done') && state !== 'no check')).toEqual([]);
  }, LONG);
});
