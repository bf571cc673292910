/**
 * The temporal 0.72.0 subchart of the umbrella chart: the four server Deployments (RELEASE-temporal-
 * frontend/-history/-matching/-worker), the schema Job they wait for, admintools and web, and the
 * subcharts its defaults enable (cassandra x3, elasticsearch x3, prometheus, grafana) unless turned off.
 */
import { flagAt, getPath, valueOr } from '../core/values.ts';
import { chartLabels, plainJob, service, workload, type SecretEnv } from './builders.ts';
import type { Blueprint, RenderContext } from './types.ts';

const SEC = 1000;

function storeHosts(ctx: RenderContext, key: string, store: 'default' | 'visibility'): { hosts: string[]; secret: SecretEnv[] } {
  const v = ctx.values;
  const base = `${key}.server.config.persistence.${store}`;
  const driver = valueOr<string>(v, `${base}.driver`, store === 'visibility' && flagAt(v, `${key}.elasticsearch.enabled`, true) ? 'elasticsearch' : 'cassandra');
  if (driver === 'sql') {
    const host = valueOr<string>(v, `${base}.sql.host`, '');
    const secretName = valueOr<string>(v, `${base}.sql.existingSecret`, '');
    return {
      hosts: host ? [host] : ['temporal-sql-host-not-set'],
      secret: secretName ? [{ name: `TEMPORAL_${store.toUpperCase()}_STORE_PASSWORD`, secret: secretName, key: valueOr(v, `${base}.sql.secretKey`, 'password') }] : [],
    };
  }
  if (driver === 'elasticsearch') return { hosts: [valueOr(v, `${key}.elasticsearch.host`, 'elasticsearch-master-headless')], secret: [] };
  const hosts = getPath(v, `${base}.cassandra.hosts`);
  const first = Array.isArray(hosts) ? String(hosts[0]) : typeof hosts === 'string' ? hosts.split(',')[0]! : `${ctx.release}-cassandra`;
  return { hosts: [first], secret: [] };
}

function subchartExtras(ctx: RenderContext, key: string): Blueprint[] {
  const v = ctx.values;
  const out: Blueprint[] = [];
  if (flagAt(v, `${key}.cassandra.enabled`, true)) {
    const name = `${ctx.release}-cassandra`;
    const selector = { app: 'cassandra', release: ctx.release };
    out.push(
      workload(ctx, {
        kind: 'StatefulSet', name, selector, labels: { ...selector, chart: 'cassandra-0.14.3', heritage: 'Helm' }, serviceName: name,
        replicas: valueOr(v, `${key}.cassandra.config.cluster_size`, 3),
        container: { name: 'cassandra', image: `cassandra:${valueOr(v, `${key}.cassandra.image.tag`, '3.11.3')}`, ports: [{ name: 'cql', containerPort: 9042 }], resources: valueOr(v, `${key}.cassandra.resources`, {}) },
        readyAfterMs: 90 * SEC,
      }, 'dataspoke/charts/temporal/charts/cassandra/templates/statefulset.yaml'),
      service(ctx, name, selector, [{ name: 'cql', port: 9042 }], selector, { headless: true }, 'dataspoke/charts/temporal/charts/cassandra/templates/service.yaml'),
    );
  }
  if (flagAt(v, `${key}.elasticsearch.enabled`, true)) {
    const name = 'elasticsearch-master';
    const selector = { app: name };
    out.push(
      workload(ctx, {
        kind: 'StatefulSet', name, selector, labels: { app: name, chart: 'elasticsearch', heritage: 'Helm', release: ctx.release }, serviceName: `${name}-headless`,
        replicas: valueOr(v, `${key}.elasticsearch.replicas`, 3),
        container: {
          name: 'elasticsearch', image: `docker.elastic.co/elasticsearch/elasticsearch:${valueOr(v, `${key}.elasticsearch.imageTag`, '7.17.3')}`,
          ports: [{ name: 'http', containerPort: 9200 }],
          resources: valueOr(v, `${key}.elasticsearch.resources`, { requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '1000m', memory: '2Gi' } }),
        },
        readyAfterMs: 120 * SEC,
      }, 'dataspoke/charts/temporal/charts/elasticsearch/templates/statefulset.yaml'),
      service(ctx, name, selector, [{ name: 'http', port: 9200 }], selector, {}, 'dataspoke/charts/temporal/charts/elasticsearch/templates/service.yaml'),
      service(ctx, `${name}-headless`, selector, [{ name: 'http', port: 9200 }], selector, { headless: true }, 'dataspoke/charts/temporal/charts/elasticsearch/templates/service.yaml'),
    );
  }
  for (const [sub, port, image] of [['prometheus', 9090, 'quay.io/prometheus/prometheus:v2.47.0'], ['grafana', 3000, 'grafana/grafana:10.1.1']] as const) {
    if (!flagAt(v, `${key}.${sub}.enabled`, true)) continue;
    const name = sub === 'prometheus' ? `${ctx.release}-prometheus-server` : `${ctx.release}-grafana`;
    const selector = { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': sub };
    out.push(
      workload(ctx, { kind: 'Deployment', name, selector, labels: selector, container: { name: sub, image, ports: [{ name: 'http', containerPort: port }] }, readyAfterMs: 30 * SEC }, `dataspoke/charts/temporal/charts/${sub}/templates/deployment.yaml`),
      service(ctx, name, selector, [{ name: 'http', port: 80, targetPort: port }], selector, {}, `dataspoke/charts/temporal/charts/${sub}/templates/service.yaml`),
    );
  }
  return out;
}

/** The temporal subchart's objects, its values under `key` ("temporal" unless aliased). */
export function renderTemporal(ctx: RenderContext, key: string): Blueprint[] {
  const v = ctx.values;
  const fn = valueOr<string>(v, `${key}.fullnameOverride`, '') || `${ctx.release}-temporal`;
  const version = '0.72.0';
  const appVersion = '1.29.1';
  const out: Blueprint[] = [...subchartExtras(ctx, key)];
  if (!flagAt(v, `${key}.server.enabled`, true)) return out;
  const stores = [storeHosts(ctx, key, 'default'), storeHosts(ctx, key, 'visibility')];
  const dbHosts = stores.flatMap((s) => s.hosts);
  const secretEnv = stores.flatMap((s) => s.secret);
  const image = `${valueOr(v, `${key}.server.image.repository`, 'temporalio/server')}:${valueOr(v, `${key}.server.image.tag`, appVersion)}`;
  const schemaOn = ['createDatabase', 'setup', 'update'].some((s) => flagAt(v, `${key}.schema.${s}.enabled`, true));
  if (schemaOn) {
    out.push(plainJob(ctx, {
      name: `${fn}-schema`, labels: chartLabels(ctx, 'temporal', 'temporal', version, appVersion, 'database'), durationMs: 30 * SEC,
      container: { name: 'done', image: `temporalio/admin-tools:${appVersion}`, secretEnv, resources: valueOr(v, `${key}.schema.resources`, {}) },
      dependsOnHosts: dbHosts,
    }, 'dataspoke/charts/temporal/templates/server-job.yaml'));
  }
  const services: [string, number, number][] = [['frontend', 7233, 40], ['history', 7234, 35], ['matching', 7235, 30], ['worker', 7239, 30]];
  for (const [svc, port, seconds] of services) {
    const name = `${fn}-${svc}`;
    const selector = { 'app.kubernetes.io/component': svc, 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'temporal' };
    const labels = { ...chartLabels(ctx, 'temporal', 'temporal', version, appVersion, svc), 'app.kubernetes.io/part-of': 'temporal' };
    out.push(
      workload(ctx, {
        kind: 'Deployment', name, selector, labels,
        replicas: valueOr(v, `${key}.server.${svc}.replicaCount`, valueOr(v, `${key}.server.replicaCount`, 1)),
        container: {
          name: `temporal-${svc}`, image, ports: [{ name: 'rpc', containerPort: port }],
          resources: valueOr(v, `${key}.server.${svc}.resources`, valueOr(v, `${key}.server.resources`, {})), secretEnv,
        },
        readyAfterMs: seconds * SEC,
        dependsOnHosts: dbHosts,
        dependsOnJobs: schemaOn ? [`${fn}-schema`] : [],
      }, 'dataspoke/charts/temporal/templates/server-deployment.yaml'),
      service(ctx, `${name}-headless`, selector, [{ name: 'grpc-rpc', port, targetPort: 'rpc' }], labels, { headless: true }, 'dataspoke/charts/temporal/templates/server-service.yaml'),
    );
    if (svc === 'frontend') out.push(service(ctx, name, selector, [{ name: 'grpc-rpc', port, targetPort: 'rpc' }], labels, {}, 'dataspoke/charts/temporal/templates/server-service.yaml'));
  }
  for (const [sub, port, img] of [['admintools', 22, `temporalio/admin-tools:${appVersion}`], ['web', 8080, 'temporalio/ui:2.34.0']] as const) {
    if (!flagAt(v, `${key}.${sub}.enabled`, true)) continue;
    const name = `${fn}-${sub}`;
    const selector = { 'app.kubernetes.io/component': sub, 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'temporal' };
    out.push(
      workload(ctx, { kind: 'Deployment', name, selector, labels: chartLabels(ctx, 'temporal', 'temporal', version, appVersion, sub), container: { name: `temporal-${sub}`, image: img, ports: [{ name: 'http', containerPort: port }], resources: valueOr(v, `${key}.${sub}.resources`, {}) }, readyAfterMs: 15 * SEC }, `dataspoke/charts/temporal/templates/${sub}-deployment.yaml`),
      service(ctx, name, selector, [{ name: 'http', port, targetPort: 'http' }], selector, {}, `dataspoke/charts/temporal/templates/${sub}-service.yaml`),
    );
  }
  return out;
}
