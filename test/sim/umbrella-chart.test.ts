import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { writeTree } from './fixtures.ts';

// 0.01: the ~2 min infrastructure release takes ~1.2 s.
const SCALE = 0.01;
const ctx = ['--context', 'minikube'];
const kctx = ['--kube-context', 'minikube'];
let sim: SimCluster;
let root: string;

const CHART = `apiVersion: v2
name: dataspoke
version: 0.1.0
appVersion: "0.1.0"
dependencies:
  - {name: frontend, version: "0.1.0", repository: "file://subcharts/frontend", condition: frontend.enabled}
  - {name: postgresql, version: "16.x.x", repository: "https://charts.bitnami.com/bitnami", condition: postgresql.enabled}
  - {name: redis, version: "20.x.x", repository: "https://charts.bitnami.com/bitnami", condition: redis.enabled}
  - {name: qdrant, version: "1.x.x", repository: "https://qdrant.github.io/qdrant-helm", condition: qdrant.enabled}
  - {name: temporal, version: "0.72.0", repository: "https://go.temporal.io/helm-charts", condition: temporal.enabled}
`;

const VALUES_DEV = `frontend: {enabled: false}
postgresql:
  auth:
    existingSecret: dataspoke-postgres-secret
    username: dataspoke
    secretKeys: {userPasswordKey: POSTGRES_PASSWORD, adminPasswordKey: POSTGRES_PASSWORD}
  primary:
    resources: {limits: {memory: 512Mi, cpu: 500m}, requests: {memory: 256Mi, cpu: 100m}}
redis:
  architecture: standalone
  auth: {existingSecret: dataspoke-redis-secret, existingSecretPasswordKey: REDIS_PASSWORD}
qdrant:
  persistence: {size: 10Gi}
temporal:
  server:
    config:
      persistence:
        default:
          driver: sql
          sql: {driver: postgres12, host: dataspoke-postgresql, port: 5432, existingSecret: dataspoke-postgres-secret, secretKey: POSTGRES_PASSWORD}
        visibility:
          driver: sql
          sql: {driver: postgres12, host: dataspoke-postgresql, port: 5432, existingSecret: dataspoke-postgres-secret, secretKey: POSTGRES_PASSWORD}
  cassandra: {enabled: false}
  elasticsearch: {enabled: false}
  prometheus: {enabled: false}
  grafana: {enabled: false}
`;

const SECRETS = `apiVersion: v1
kind: Secret
metadata: {name: dataspoke-postgres-secret, namespace: dataspoke-01}
stringData: {POSTGRES_USER: dataspoke, POSTGRES_PASSWORD: DataspokeDev2024!, POSTGRES_DB: dataspoke}
---
apiVersion: v1
kind: Secret
metadata: {name: dataspoke-redis-secret, namespace: dataspoke-01}
stringData: {REDIS_PASSWORD: RedisDev2024!pass}
`;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: SCALE, latencyMs: [0, 0] });
  root = await writeTree({
    'charts/dataspoke/Chart.yaml': CHART,
    'charts/dataspoke/values.yaml': 'frontend: {enabled: true}\npostgresql: {enabled: true}\nredis: {enabled: true}\nqdrant: {enabled: true}\ntemporal: {enabled: true}\n',
    'charts/dataspoke/values-dev.yaml': VALUES_DEV,
    'charts/dataspoke/subcharts/frontend/Chart.yaml': 'apiVersion: v2\nname: frontend\nversion: 0.1.0\n',
  });
});
afterAll(() => sim.dispose());

const install = (extra: string[] = []) =>
  sim.run('helm', ['upgrade', '--install', 'dataspoke', 'charts/dataspoke', '-n', 'dataspoke-01', '--create-namespace', '-f', 'charts/dataspoke/values-dev.yaml', '--timeout', '5m0s', '--wait', ...extra, ...kctx], { cwd: root });

describe('the local umbrella chart', () => {
  it('needs its dependencies in charts/ first', async () => {
    const r = await install();
    expect(r.stderr).toBe('Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: frontend, postgresql, redis, qdrant, temporal\n');
  });

  it('installs the infrastructure in about two minutes', async () => {
    expect((await sim.run('helm', ['dependency', 'build', 'charts/dataspoke'], { cwd: root })).exitCode).toBe(0);
    await sim.run('kubectl', ['create', 'namespace', 'dataspoke-01', ...ctx]);
    await sim.run('kubectl', ['apply', '--server-side', '-f', '-', ...ctx], { input: SECRETS });
    const started = Date.now();
    const r = await install();
    expect(r.stderr).toBe('');
    const elapsed = (Date.now() - started) / SCALE;
    // postgresql (45 s), then the temporal schema Job (30 s), then the temporal frontend (40 s).
    expect(elapsed).toBeGreaterThanOrEqual(115_000);
    const names = async (kind: string): Promise<string[]> =>
      JSON.parse((await sim.run('kubectl', ['get', kind, '-n', 'dataspoke-01', '-o', 'json', ...ctx])).stdout).items.map((o: { metadata: { name: string } }) => o.metadata.name);
    expect(await names('statefulsets')).toEqual(['dataspoke-postgresql', 'dataspoke-qdrant', 'dataspoke-redis-master']);
    expect(await names('deployments')).toEqual([
      'dataspoke-temporal-admintools', 'dataspoke-temporal-frontend', 'dataspoke-temporal-history',
      'dataspoke-temporal-matching', 'dataspoke-temporal-web', 'dataspoke-temporal-worker',
    ]);
    const svc = JSON.parse((await sim.run('kubectl', ['get', 'svc', 'dataspoke-qdrant', '-n', 'dataspoke-01', '-o', 'json', ...ctx])).stdout);
    expect(svc.spec.ports.map((p: { port: number }) => p.port)).toEqual([6333, 6334, 6335]);
  });

  it('turning temporal\'s bundled Elasticsearch and Prometheus back on deploys them (3 Elasticsearch replicas)', async () => {
    const r = await install(['--set', 'temporal.elasticsearch.enabled=true,temporal.prometheus.enabled=true', '--timeout', '1s']);
    expect(r.stderr).toBe('Error: UPGRADE FAILED: context deadline exceeded\n');
    const sts = JSON.parse((await sim.run('kubectl', ['get', 'statefulset', 'elasticsearch-master', '-n', 'dataspoke-01', '-o', 'json', ...ctx])).stdout);
    expect(sts.spec.replicas).toBe(3);
    expect((await sim.run('kubectl', ['get', 'deployment', 'dataspoke-prometheus-server', '-n', 'dataspoke-01', '-o', 'name', ...ctx])).stdout).toBe('deployment.apps/dataspoke-prometheus-server\n');
  });

  it('a Secret key the chart expects but the Secret lacks keeps the pod in CreateContainerConfigError', async () => {
    const r = await install(['--set', 'redis.auth.existingSecretPasswordKey=redis-password', '--timeout', '2m0s']);
    expect(r.stderr).toBe('Error: UPGRADE FAILED: context deadline exceeded\n');
    const pod = JSON.parse((await sim.run('kubectl', ['get', 'pod', 'dataspoke-redis-master-0', '-n', 'dataspoke-01', '-o', 'json', ...ctx])).stdout);
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CreateContainerConfigError', message: "couldn't find key redis-password in Secret dataspoke-01/dataspoke-redis-secret",
    });
  });
});
