/**
 * Test setup for the port-forward command on the simulated cluster: an env file whose ten ports are free
 * right now, and a Deployment plus Service behind every forward.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { loadConfig } from '../../config/load.ts';
import { portForwards, type PortForward, type PortForwardTarget } from '../../config/port-forwards.ts';
import type { SimCluster } from '../../sim/harness.ts';
import { writeDevEnv } from '../tasks/dev-env-file.ts';

/** An env file and the forwards it configures. */
export interface ForwardSetup {
  readonly envFile: string;
  readonly forwards: Record<PortForwardTarget, readonly PortForward[]>;
}

/** `count` distinct ports that nobody listens on right now (all held open until every one is picked). */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** Writes an env file with free ports (the app's ports follow them, so no warnings) and reads it back. */
export async function forwardSetup(): Promise<ForwardSetup> {
  const [ui, gms, kafka, pg, redis, qHttp, qGrpc, temporal, exPg, exKafka] = (await freePorts(10)).map(String) as [
    string, string, string, string, string, string, string, string, string, string,
  ];
  const envFile = await writeDevEnv({
    DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: ui,
    DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT: gms,
    DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT: kafka,
    DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT: pg,
    DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: redis,
    DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT: qHttp,
    DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT: qGrpc,
    DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT: temporal,
    DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT: exPg,
    DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: exKafka,
    DATASPOKE_DATAHUB_GMS_URL: `http://localhost:${gms}`,
    DATASPOKE_DATAHUB_KAFKA_BROKERS: `localhost:${kafka}`,
    DATASPOKE_POSTGRES_PORT: pg,
    DATASPOKE_REDIS_PORT: redis,
    DATASPOKE_QDRANT_HTTP_PORT: qHttp,
    DATASPOKE_QDRANT_GRPC_PORT: qGrpc,
    DATASPOKE_TEMPORAL_PORT: temporal,
  });
  const loaded = loadConfig({ envFile, env: {} });
  if (!loaded.ok) throw new Error(`test env file is invalid: ${loaded.problems.join('; ')}`);
  return { envFile, forwards: portForwards(loaded.config) };
}

/** Namespaces, and one single-pod Deployment with a Service per distinct Service of `forwards`. */
export function workloadsYaml(forwards: readonly PortForward[]): string {
  const docs: string[] = [];
  for (const ns of new Set(forwards.map((f) => f.namespace))) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`);
  const services = new Map<string, PortForward[]>();
  for (const f of forwards) services.set(`${f.namespace}/${f.service}`, [...(services.get(`${f.namespace}/${f.service}`) ?? []), f]);
  for (const group of services.values()) {
    const { namespace, service } = group[0]!;
    const ports = group.map((f) => f.remotePort);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${service}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${service}}}
  template:
    metadata: {labels: {app: ${service}}}
    spec:
      containers:
      - name: main
        image: busybox:1.36
        ports: [${ports.map((p) => `{containerPort: ${p}}`).join(', ')}]
`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${service}, namespace: ${namespace}}
spec:
  selector: {app: ${service}}
  ports: [${ports.map((p) => `{name: p${p}, port: ${p}, targetPort: ${p}}`).join(', ')}]
`);
  }
  return docs.join('---\n');
}

/** Creates the workloads behind `forwards` in the simulated cluster. */
export async function applyWorkloads(sim: SimCluster, forwards: readonly PortForward[]): Promise<void> {
  const result = await sim.run('kubectl', ['apply', '--server-side', '--field-manager=test', '-f', '-', '-o', 'name', '--context', 'minikube'], {
    input: workloadsYaml(forwards),
  });
  if (result.exitCode !== 0) throw new Error(`applying test workloads failed: ${result.stderr}`);
}
