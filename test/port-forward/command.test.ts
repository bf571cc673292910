/**
 * `port-forward` through the real CLI entry, against the simulated cluster (sim/): the forwards listen, a
 * dropped one comes back, a Service that is not ready yet is waited for, Ctrl-C ends it all with 0.
 */
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type ExtraHandler } from '../../cli/main.ts';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { createPortForwardCommand } from '../../cli/port-forward-command.ts';
import { devEnvProject } from '../../project/project.ts';
import { fakeIO, type FakeIO } from '../cli/fake-io.ts';
import { until } from '../until.ts';
import { applyWorkloads, forwardSetup } from './sim-services.ts';

/** Short waits, so a test sees a restart or a timeout in a second rather than in minutes. */
const FAST = createPortForwardCommand({ pollMs: 100, readyTimeoutMs: 15_000, restart: { initialDelayMs: 100, maxFailures: 3 } });

function cli(argv: string[], io: FakeIO, command: ExtraHandler = FAST): Promise<number> {
  return main(argv, { project: devEnvProject(), io, extras: [command] });
}

/** What a plain HTTP GET to the local port answers (the simulated port-forward answers every request). */
async function httpGet(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return response.text();
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

let sim: SimCluster | undefined;
afterEach(async () => {
  await sim?.dispose();
  sim = undefined;
});

async function cluster(): Promise<SimCluster> {
  sim = await createSimCluster({ timeScale: 0.01, latencyMs: [0, 0] });
  return sim;
}

describe('port-forward', () => {
  it('forwards all three targets when no target is given, and Ctrl-C stops them with exit 0', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    const all = [...forwards.datahub, ...forwards.dataspoke, ...forwards.example];
    await applyWorkloads(sim, all);
    const io = await fakeIO({ env: sim.env });
    const running = cli(['port-forward', '--env-file', envFile], io);
    await until(() => io.out().split('\n').filter((l) => l.includes('→ svc/')).length === 10, { what: 'ten forwards', on: [io.onOutput], limitMs: 40_000 });

    const [ui, gms, kafka] = forwards.datahub;
    const [pg, redis, qHttp, qGrpc, temporal] = forwards.dataspoke;
    const [exPg, exKafka] = forwards.example;
    const lines = io.out().split('\n');
    expect(lines[0]).toBe('port-forwarding datahub, dataspoke, example (kube context "minikube"); press Ctrl-C to stop');
    const pad = (s: string, n: number) => s.padEnd(n);
    const address = (url: boolean, port: number) => pad(`${url ? 'http://' : ''}localhost:${port}`, `http://localhost:${ui!.localPort}`.length);
    expect(lines.slice(1, 11).sort()).toEqual(
      [
        `${pad('DataHub UI', 20)}  ${address(true, ui!.localPort)}  → svc/datahub-datahub-frontend:9002 (datahub-01)`,
        `${pad('DataHub GMS', 20)}  ${address(true, gms!.localPort)}  → svc/datahub-datahub-gms:8080 (datahub-01)`,
        `${pad('DataHub Kafka', 20)}  ${address(false, kafka!.localPort)}  → svc/datahub-prerequisites-kafka:9092 (datahub-01)`,
        `${pad('DataSpoke PostgreSQL', 20)}  ${address(false, pg!.localPort)}  → svc/dataspoke-postgresql:5432 (dataspoke-01)`,
        `${pad('DataSpoke Redis', 20)}  ${address(false, redis!.localPort)}  → svc/dataspoke-redis-master:6379 (dataspoke-01)`,
        `${pad('Qdrant HTTP', 20)}  ${address(true, qHttp!.localPort)}  → svc/dataspoke-qdrant:6333 (dataspoke-01)`,
        `${pad('Qdrant gRPC', 20)}  ${address(false, qGrpc!.localPort)}  → svc/dataspoke-qdrant:6334 (dataspoke-01)`,
        `${pad('Temporal frontend', 20)}  ${address(false, temporal!.localPort)}  → svc/dataspoke-temporal-frontend:7233 (dataspoke-01)`,
        `${pad('Example PostgreSQL', 20)}  ${address(false, exPg!.localPort)}  → svc/example-postgres:5432 (dummy-data1)`,
        `${pad('Example Kafka', 20)}  ${address(false, exKafka!.localPort)}  → svc/example-kafka:9092 (dummy-data1)`,
      ].sort(),
    );
    expect(await httpGet(ui!.localPort)).toBe('{"status":"ok"}');
    expect(await refuses(exKafka!.localPort)).toBe(false);

    io.signal('SIGINT');
    expect(await running).toBe(0);
    expect(io.out()).toContain('stopping port-forwards…\nstopped 10 port-forwards\n');
    expect(io.err()).toBe('');
    for (const f of all) expect(await refuses(f.localPort)).toBe(true);
    const forwarded = (await sim.audit()).filter((a) => a.argv[0] === 'port-forward');
    expect(forwarded).toHaveLength(10);
    expect(forwarded.every((a) => a.argv.join(' ').endsWith('--context minikube'))).toBe(true);
  });

  it('restarts a forward that drops when its pod goes away', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    await applyWorkloads(sim, forwards.example);
    const [exPg] = forwards.example;
    const io = await fakeIO({ env: sim.env });
    const running = cli(['port-forward', 'example', '--env-file', envFile], io);
    try {
      await until(() => io.out().includes('→ svc/example-postgres:5432'), { what: 'the PostgreSQL forward', on: [io.onOutput] });
      await until(() => io.out().includes('→ svc/example-kafka:9092'), { what: 'the Kafka forward', on: [io.onOutput] });
      const deleted = await sim.run('kubectl', ['delete', 'pod', '-l', 'app=example-postgres', '-n', 'dummy-data1', '--context', 'minikube']);
      expect(deleted.exitCode).toBe(0);
      await until(() => io.out().includes(`Example PostgreSQL: port-forward back on localhost:${exPg!.localPort} (restart 1)\n`), { what: 'the restart', on: [io.onOutput] });
      expect(io.err()).toBe('warning: Example PostgreSQL: port-forward dropped (error: lost connection to pod); restarting in 100ms\n');
      expect(await httpGet(exPg!.localPort)).toBe('{"status":"ok"}');
    } finally {
      io.signal('SIGINT');
    }
    expect(await running).toBe(0);
  });

  it('waits for a Service whose pods are not ready yet, then forwards it', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    // 300 virtual seconds at a time scale of 0.01: ready about 3 s after the apply.
    await sim.injectFault({ kind: 'slow-ready', object: 'example-kafka', durationMs: 300_000 });
    await applyWorkloads(sim, forwards.example);
    // PostgreSQL is ready first (its usual pace), so only Kafka is waited for.
    const postgres = await sim.run('kubectl', ['rollout', 'status', 'deployment/example-postgres', '-n', 'dummy-data1', '--timeout=60s', '--context', 'minikube']);
    expect(postgres.exitCode, postgres.stderr).toBe(0);
    const io = await fakeIO({ env: sim.env });
    const running = cli(['port-forward', 'example', '--env-file', envFile], io);
    try {
      await until(() => io.out().includes('→ svc/example-kafka:9092'), { what: 'the Kafka forward', on: [io.onOutput] });
      const out = io.out();
      const waiting = out.indexOf('waiting for Example Kafka (svc/example-kafka) to be ready… (0 of 1 pod Ready)\n');
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThan(out.indexOf('→ svc/example-kafka:9092'));
      expect(out).not.toContain('waiting for Example PostgreSQL');
    } finally {
      io.signal('SIGINT');
    }
    expect(await running).toBe(0);
  });

  it('gives up on a Service that never gets ready, keeps the others, and exits 1 after Ctrl-C', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    await sim.injectFault({ kind: 'pod-crashloop', object: 'example-kafka' });
    await applyWorkloads(sim, forwards.example);
    const io = await fakeIO({ env: sim.env });
    const command = createPortForwardCommand({ pollMs: 100, readyTimeoutMs: 1500 });
    const running = cli(['port-forward', 'example', '--env-file', envFile], io, command);
    try {
      await until(() => io.err().includes('Example Kafka'), { what: 'the give-up', on: [io.onOutput] });
      await until(() => io.out().includes('→ svc/example-postgres:5432'), { what: 'the PostgreSQL forward', on: [io.onOutput] });
      expect(io.err()).toBe(
        'error: Example Kafka (svc/example-kafka): not ready after 1.5s (0 of 1 pod Ready). Check the pods: ' +
          'kubectl get pods -n dummy-data1 --context minikube; if the environment is not up yet, run: npx zx graph.ts up\n',
      );
    } finally {
      io.signal('SIGINT');
    }
    expect(await running).toBe(1);
    expect(io.err()).toContain('error: 1 of 2 port-forwards failed (see above)\n');
  });

  it('stops with 0 on Ctrl-C while still waiting for readiness; a second Ctrl-C forces exit 130', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    await sim.injectFault({ kind: 'pod-crashloop', object: 'example-*' });
    await applyWorkloads(sim, forwards.example);
    const io = await fakeIO({ env: sim.env });
    const running = cli(['port-forward', 'example', '--env-file', envFile], io);
    await until(() => io.out().includes('waiting for Example Kafka'), { what: 'the wait', on: [io.onOutput] });
    io.signal('SIGINT');
    io.signal('SIGINT');
    expect(io.forced).toEqual([130]);
    expect(await running).toBe(0);
    expect(io.out()).toMatch(/stopping port-forwards…\nstopped 2 port-forwards\n$/);
    expect(io.err()).toBe('');
    expect((await sim.audit()).some((a) => a.argv[0] === 'port-forward')).toBe(false);
  });

  it('names the variable to change when a local port is taken', async () => {
    const sim = await cluster();
    const { envFile, forwards } = await forwardSetup();
    await applyWorkloads(sim, forwards.example);
    const [, exKafka] = forwards.example;
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(exKafka!.localPort, '127.0.0.1', resolve));
    const io = await fakeIO({ env: sim.env });
    const running = cli(['port-forward', 'example', '--env-file', envFile], io);
    try {
      await until(() => io.err() !== '', { what: 'the error', on: [io.onOutput] });
      expect(io.err()).toBe(
        `error: Example Kafka: local port ${exKafka!.localPort} is already in use (an earlier port-forward still running?); ` +
          'stop what holds it or set DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT to a free port\n',
      );
    } finally {
      io.signal('SIGINT');
      blocker.close();
    }
    expect(await running).toBe(1);
  });

  it('takes --env-file but no --state-dir: it keeps no state', async () => {
    const help = await fakeIO();
    expect(await cli(['port-forward', '--help'], help)).toBe(0);
    expect(help.out()).toContain('--env-file <path>');
    expect(help.out()).not.toContain('--state-dir');
    const io = await fakeIO();
    expect(await cli(['port-forward', '--state-dir', '/tmp/x'], io)).toBe(2);
    expect(io.err()).toContain("error: unknown option '--state-dir'");
  });

  it('rejects an unknown target as bad input, word for word', async () => {
    const io = await fakeIO();
    expect(await cli(['port-forward', 'datahb'], io)).toBe(2);
    expect(io.err()).toBe(
      'error: the port-forward target is not valid:\n' +
        '  "datahb" is not a target (did you mean "datahub"?); choose datahub, dataspoke or example, or give none for all three\n',
    );
    expect(io.out()).toBe('');
  });

  it('reports configuration problems as bad input', async () => {
    const io = await fakeIO();
    expect(await cli(['port-forward', '--env-file', 'missing.env'], io)).toBe(2);
    expect(io.err()).toBe(
      'error: the configuration has problems:\n  missing.env: file not found; copy env/.env.example to missing.env and fill in your values\n',
    );
  });

  it('says in one line that kubectl is missing, and exits 1', async () => {
    const { envFile } = await forwardSetup();
    const io = await fakeIO({ env: { PATH: process.env.PATH ?? '', KUBECTL: '/nonexistent/kubectl' } });
    expect(await cli(['port-forward', 'datahub', '--env-file', envFile], io)).toBe(1);
    expect(io.err()).toBe(
      'error: /nonexistent/kubectl was not found or is not executable: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path\n',
    );
  });

  it('fails fast when the cluster does not answer', async () => {
    const sim = await cluster();
    const { envFile } = await forwardSetup();
    await sim.injectFault({ kind: 'unreachable', tool: 'kubectl' });
    const io = await fakeIO({ env: sim.env });
    expect(await cli(['port-forward', 'example', '--env-file', envFile], io)).toBe(1);
    expect(io.err()).toMatch(/^error: the cluster of kube context "minikube" \(DATASPOKE_DEV_KUBE_CLUSTER\) does not answer: .*refused.*; start it \(e\.g\. minikube start\) and try again\n$/);
  });
});
