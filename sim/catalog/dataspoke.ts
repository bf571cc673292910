/**
 * The local umbrella chart `dataspoke` (charts/dataspoke): bitnami postgresql (StatefulSet
 * RELEASE-postgresql), bitnami redis (RELEASE-redis-master, plus replicas unless standalone), qdrant
 * (RELEASE-qdrant), temporal (see temporal.ts), the application subcharts when enabled, and the chart's own
 * ConfigMap/Secret. Only subcharts listed in Chart.yaml, present and enabled are rendered. About two minutes.
 */
import { flagAt, getPath, isMap, valueOr } from '../core/values.ts';
import { chartLabels, dataObject, fullname, service, workload, type SecretEnv } from './builders.ts';
import { renderTemporal } from './temporal.ts';
import type { Blueprint, ChartDefinition, RenderContext } from './types.ts';

const SEC = 1000;

function postgresql(ctx: RenderContext, key: string): Blueprint[] {
  const v = ctx.values;
  const name = fullname(ctx, 'postgresql', getPath(v, `${key}.fullnameOverride`));
  const selector = { 'app.kubernetes.io/component': 'primary', 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'postgresql' };
  const labels = chartLabels(ctx, 'postgresql', 'postgresql', '16.7.27', '17.5.0', 'primary');
  const existing = valueOr<string>(v, `${key}.auth.existingSecret`, '');
  const out: Blueprint[] = [];
  const secret = existing || name;
  if (!existing) out.push(dataObject(ctx, 'Secret', name, { 'postgres-password': 'generated', password: 'generated' }, labels, 'dataspoke/charts/postgresql/templates/secrets.yaml'));
  const secretEnv: SecretEnv[] = [];
  if (flagAt(v, `${key}.auth.enablePostgresUser`, true)) {
    secretEnv.push({ name: 'POSTGRES_POSTGRES_PASSWORD', secret, key: valueOr(v, `${key}.auth.secretKeys.adminPasswordKey`, 'postgres-password') });
  }
  if (valueOr(v, `${key}.auth.username`, '')) {
    secretEnv.push({ name: 'POSTGRES_PASSWORD', secret, key: valueOr(v, `${key}.auth.secretKeys.userPasswordKey`, 'password') });
  }
  out.push(
    workload(ctx, {
      kind: 'StatefulSet', name, selector, labels, serviceName: `${name}-hl`,
      container: {
        name: 'postgresql', image: `docker.io/${valueOr(v, `${key}.image.repository`, 'bitnamilegacy/postgresql')}:${valueOr(v, `${key}.image.tag`, '17.5.0-debian-12-r8')}`,
        ports: [{ name: 'tcp-postgresql', containerPort: 5432 }], resources: valueOr(v, `${key}.primary.resources`, {}), secretEnv,
      },
      readyAfterMs: 45 * SEC,
      claims: flagAt(v, `${key}.primary.persistence.enabled`, true) ? [{ name: 'data', size: valueOr(v, `${key}.primary.persistence.size`, '8Gi') }] : [],
    }, 'dataspoke/charts/postgresql/templates/primary/statefulset.yaml'),
    service(ctx, name, selector, [{ name: 'tcp-postgresql', port: 5432, targetPort: 'tcp-postgresql' }], labels, {}, 'dataspoke/charts/postgresql/templates/primary/svc.yaml'),
    service(ctx, `${name}-hl`, selector, [{ name: 'tcp-postgresql', port: 5432, targetPort: 'tcp-postgresql' }], labels, { headless: true }, 'dataspoke/charts/postgresql/templates/primary/svc-headless.yaml'),
  );
  return out;
}

function redis(ctx: RenderContext, key: string): Blueprint[] {
  const v = ctx.values;
  const name = fullname(ctx, 'redis', getPath(v, `${key}.fullnameOverride`));
  const labels = (component: string): Record<string, string> => chartLabels(ctx, 'redis', 'redis', '20.13.4', '7.4.3', component);
  const selector = (component: string): Record<string, string> => ({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'redis' });
  const out: Blueprint[] = [];
  const secretEnv: SecretEnv[] = [];
  if (flagAt(v, `${key}.auth.enabled`, true)) {
    const existing = valueOr<string>(v, `${key}.auth.existingSecret`, '');
    if (!existing) out.push(dataObject(ctx, 'Secret', name, { 'redis-password': 'generated' }, labels('master'), 'dataspoke/charts/redis/templates/secret.yaml'));
    secretEnv.push({ name: 'REDIS_PASSWORD', secret: existing || name, key: existing ? valueOr(v, `${key}.auth.existingSecretPasswordKey`, 'redis-password') : 'redis-password' });
  }
  const image = `docker.io/${valueOr(v, `${key}.image.repository`, 'bitnamilegacy/redis')}:${valueOr(v, `${key}.image.tag`, '7.4.3-debian-12-r0')}`;
  out.push(
    workload(ctx, {
      kind: 'StatefulSet', name: `${name}-master`, selector: selector('master'), labels: labels('master'), serviceName: `${name}-headless`,
      container: { name: 'redis', image, ports: [{ name: 'redis', containerPort: 6379 }], resources: valueOr(v, `${key}.master.resources`, {}), secretEnv },
      readyAfterMs: 30 * SEC,
      claims: flagAt(v, `${key}.master.persistence.enabled`, true) ? [{ name: 'redis-data', size: valueOr(v, `${key}.master.persistence.size`, '8Gi') }] : [],
    }, 'dataspoke/charts/redis/templates/master/application.yaml'),
    service(ctx, `${name}-master`, selector('master'), [{ name: 'tcp-redis', port: 6379, targetPort: 'redis' }], labels('master'), {}, 'dataspoke/charts/redis/templates/master/service.yaml'),
    service(ctx, `${name}-headless`, { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'redis' }, [{ name: 'tcp-redis', port: 6379, targetPort: 'redis' }], labels('headless'), { headless: true }, 'dataspoke/charts/redis/templates/headless-svc.yaml'),
  );
  if (valueOr(v, `${key}.architecture`, 'replication') === 'replication') {
    out.push(
      workload(ctx, {
        kind: 'StatefulSet', name: `${name}-replicas`, selector: selector('replica'), labels: labels('replica'), serviceName: `${name}-headless`,
        replicas: valueOr(v, `${key}.replica.replicaCount`, 3),
        container: { name: 'redis', image, ports: [{ name: 'redis', containerPort: 6379 }], resources: valueOr(v, `${key}.replica.resources`, {}), secretEnv },
        readyAfterMs: 30 * SEC,
        dependsOnHosts: [`${name}-master`],
        claims: flagAt(v, `${key}.replica.persistence.enabled`, true) ? [{ name: 'redis-data', size: '8Gi' }] : [],
      }, 'dataspoke/charts/redis/templates/replicas/application.yaml'),
      service(ctx, `${name}-replicas`, selector('replica'), [{ name: 'tcp-redis', port: 6379, targetPort: 'redis' }], labels('replica'), {}, 'dataspoke/charts/redis/templates/replicas/service.yaml'),
    );
  }
  return out;
}

function qdrant(ctx: RenderContext, key: string): Blueprint[] {
  const v = ctx.values;
  const name = valueOr<string>(v, `${key}.fullnameOverride`, '') || fullname(ctx, 'qdrant');
  const selector = { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'qdrant' };
  const labels = chartLabels(ctx, 'qdrant', 'qdrant', '1.19.0', 'v1.15.4');
  const apiKey = getPath(v, `${key}.apiKey`);
  const out: Blueprint[] = [];
  const secretEnv: SecretEnv[] = [];
  const ref = isMap(apiKey) && isMap(apiKey.valueFrom) && isMap(apiKey.valueFrom.secretKeyRef) ? apiKey.valueFrom.secretKeyRef : undefined;
  if (ref) secretEnv.push({ name: 'QDRANT__SERVICE__API_KEY', secret: String(ref.name), key: String(ref.key) });
  else if (apiKey === true || typeof apiKey === 'string') {
    out.push(dataObject(ctx, 'Secret', `${name}-apikey`, { 'api-key': typeof apiKey === 'string' ? apiKey : 'generated' }, labels, 'dataspoke/charts/qdrant/templates/secret.yaml'));
    secretEnv.push({ name: 'QDRANT__SERVICE__API_KEY', secret: `${name}-apikey`, key: 'api-key' });
  }
  const ports = [{ name: 'http', port: 6333 }, { name: 'grpc', port: 6334 }, { name: 'p2p', port: 6335 }];
  out.push(
    workload(ctx, {
      kind: 'StatefulSet', name, selector, labels, serviceName: `${name}-headless`, replicas: valueOr(v, `${key}.replicaCount`, 1),
      container: {
        name: 'qdrant', image: `${valueOr(v, `${key}.image.repository`, 'docker.io/qdrant/qdrant')}:${valueOr(v, `${key}.image.tag`, '') || 'v1.15.4'}`,
        ports: ports.map((p) => ({ name: p.name, containerPort: p.port })), resources: valueOr(v, `${key}.resources`, {}), secretEnv,
      },
      readyAfterMs: 40 * SEC,
      claims: [{ name: 'qdrant-storage', size: valueOr(v, `${key}.persistence.size`, '10Gi') }],
    }, 'dataspoke/charts/qdrant/templates/statefulset.yaml'),
    service(ctx, name, selector, ports.map((p) => ({ ...p, targetPort: p.name })), labels, {}, 'dataspoke/charts/qdrant/templates/service.yaml'),
    service(ctx, `${name}-headless`, selector, ports.map((p) => ({ ...p, targetPort: p.name })), labels, { headless: true }, 'dataspoke/charts/qdrant/templates/service-headless.yaml'),
  );
  return out;
}

function application(ctx: RenderContext, key: string, port: number | undefined): Blueprint[] {
  const v = ctx.values;
  const name = `${ctx.release}-${key}`;
  const selector = { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': key };
  const labels = chartLabels(ctx, key, key, '0.1.0', ctx.appVersion);
  const out = [workload(ctx, {
    kind: 'Deployment', name, selector, labels, replicas: valueOr(v, `${key}.replicaCount`, 1),
    container: { name: key, image: `${valueOr(v, `${key}.image.repository`, `dataspoke/${key}`)}:${valueOr(v, `${key}.image.tag`, ctx.appVersion)}`, ports: port ? [{ name: 'http', containerPort: port }] : undefined, resources: valueOr(v, `${key}.resources`, {}) },
    readyAfterMs: 20 * SEC,
  }, `dataspoke/charts/${key}/templates/deployment.yaml`)];
  if (port) out.push(service(ctx, name, selector, [{ name: 'http', port, targetPort: 'http' }], labels, {}, `dataspoke/charts/${key}/templates/service.yaml`));
  return out;
}

/** Renders the umbrella chart; the subchart renderers are keyed by dependency name. */
function render(ctx: RenderContext): Blueprint[] {
  const out: Blueprint[] = [];
  const own = fullname(ctx, ctx.chartName);
  const labels = chartLabels(ctx, ctx.chartName, ctx.chartName, ctx.chartVersion, ctx.appVersion);
  if (flagAt(ctx.values, 'config.createConfigMap', false)) out.push(dataObject(ctx, 'ConfigMap', `${own}-config`, {}, labels, 'dataspoke/templates/configmap.yaml'));
  if (flagAt(ctx.values, 'secrets.createSecret', false)) out.push(dataObject(ctx, 'Secret', `${own}-secrets`, {}, labels, 'dataspoke/templates/secrets.yaml'));
  const renderers: Record<string, (key: string) => Blueprint[]> = {
    postgresql: (key) => postgresql(ctx, key),
    redis: (key) => redis(ctx, key),
    qdrant: (key) => qdrant(ctx, key),
    temporal: (key) => renderTemporal(ctx, key),
    frontend: (key) => application(ctx, key, 3000),
    api: (key) => application(ctx, key, 8000),
    workers: (key) => application(ctx, key, undefined),
  };
  for (const key of ctx.enabledSubcharts) {
    const [chart, alias] = key.split('=');
    const renderer = renderers[chart!];
    if (renderer) out.push(...renderer(alias ?? chart!));
  }
  return out;
}

/** The chart definition (versions come from the local Chart.yaml). */
export const dataspokeChart: ChartDefinition = {
  name: 'dataspoke',
  description: 'DataSpoke umbrella chart',
  versions: [],
  render: (ctx) => ({ objects: render(ctx), hooks: [], notes: '' }),
};
