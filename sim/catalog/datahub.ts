/**
 * datahub/datahub 0.8.3 (appVersion v1.4.0): pre-install/pre-upgrade hook Jobs (elasticsearch-setup and
 * mysql-setup at weight -5, system-update at -4, ~4.5 min), the GMS, frontend and actions Deployments,
 * and the post-install/post-upgrade system-update-nonblk Job. About six minutes in all.
 *
 * The hooks and GMS wait for the hosts named in global.sql / global.elasticsearch / global.kafka: with
 * the upstream defaults ("prerequisites-mysql" ...) and a prerequisites release named otherwise, they never
 * connect, and the Jobs end in BackoffLimitExceeded, as on a real cluster.
 */
import { flagAt, getPath, valueOr } from '../core/values.ts';
import { chartLabels, hookJob, service, workload, type SecretEnv } from './builders.ts';
import type { Blueprint, ChartDefinition, HookBlueprint, RenderContext } from './types.ts';

const SEC = 1000;

function jdbcHost(url: string): string {
  const m = /^jdbc:\w+:\/\/([^/?]+)/.exec(url);
  return m ? m[1]! : '';
}

function hosts(ctx: RenderContext): { sql: string[]; es: string; kafka: string } {
  const v = ctx.values;
  return {
    sql: [
      valueOr(v, 'global.sql.datasource.host', 'prerequisites-mysql:3306'),
      jdbcHost(valueOr(v, 'global.sql.datasource.url', 'jdbc:mysql://prerequisites-mysql:3306/datahub')),
    ],
    es: valueOr(v, 'global.elasticsearch.host', 'elasticsearch-master'),
    kafka: valueOr(v, 'global.kafka.bootstrap.server', 'prerequisites-kafka:9092'),
  };
}

function sqlPassword(ctx: RenderContext): SecretEnv[] {
  const ref = valueOr<string>(ctx.values, 'global.sql.datasource.password.secretRef', 'mysql-secrets');
  const key = valueOr<string>(ctx.values, 'global.sql.datasource.password.secretKey', 'mysql-root-password');
  return ref ? [{ name: 'EBEAN_DATASOURCE_PASSWORD', secret: ref, key }] : [];
}

function image(ctx: RenderContext, path: string, repository: string): string {
  const tag = valueOr<string>(ctx.values, `${path}.image.tag`, valueOr(ctx.values, 'global.datahub.version', 'v1.4.0'));
  return `${valueOr(ctx.values, `${path}.image.repository`, repository)}:${tag}`;
}

function hookWeight(ctx: RenderContext, path: string, fallback: number): number {
  const annotations = getPath(ctx.values, `${path}.annotations`) as Record<string, string> | undefined;
  const w = annotations?.['helm.sh/hook-weight'];
  return w === undefined ? fallback : Number(w);
}

function hooks(ctx: RenderContext): HookBlueprint[] {
  const v = ctx.values;
  const h = hosts(ctx);
  const labels = (name: string): Record<string, string> => chartLabels(ctx, name, 'datahub', ctx.chartVersion, ctx.appVersion);
  const out: HookBlueprint[] = [];
  const pre = ['pre-install', 'pre-upgrade'];
  if (flagAt(v, 'elasticsearchSetupJob.enabled', true)) {
    out.push(hookJob(ctx, {
      name: `${ctx.release}-elasticsearch-setup-job`, labels: labels('elasticsearch-setup-job'), durationMs: 10 * SEC,
      container: { name: 'elasticsearch-setup-job', image: image(ctx, 'elasticsearchSetupJob', 'acryldata/datahub-elasticsearch-setup'), resources: valueOr(v, 'elasticsearchSetupJob.resources', {}) },
      dependsOnHosts: [h.es],
    }, { events: pre, weight: hookWeight(ctx, 'elasticsearchSetupJob', -5) }, 'datahub/templates/elasticsearch-setup-job.yml'));
  }
  if (flagAt(v, 'mysqlSetupJob.enabled', true)) {
    out.push(hookJob(ctx, {
      name: `${ctx.release}-mysql-setup-job`, labels: labels('mysql-setup-job'), durationMs: 10 * SEC,
      container: { name: 'mysql-setup-job', image: image(ctx, 'mysqlSetupJob', 'acryldata/datahub-mysql-setup'), resources: valueOr(v, 'mysqlSetupJob.resources', {}), secretEnv: sqlPassword(ctx) },
      dependsOnHosts: [valueOr(v, 'global.sql.datasource.hostForMysqlClient', 'prerequisites-mysql'), ...h.sql],
    }, { events: pre, weight: hookWeight(ctx, 'mysqlSetupJob', -5) }, 'datahub/templates/mysql-setup-job.yml'));
  }
  if (flagAt(v, 'kafkaSetupJob.enabled', false)) {
    out.push(hookJob(ctx, {
      name: `${ctx.release}-kafka-setup-job`, labels: labels('kafka-setup-job'), durationMs: 30 * SEC,
      container: { name: 'kafka-setup-job', image: image(ctx, 'kafkaSetupJob', 'acryldata/datahub-kafka-setup'), resources: valueOr(v, 'kafkaSetupJob.resources', {}) },
      dependsOnHosts: [h.kafka],
    }, { events: pre, weight: hookWeight(ctx, 'kafkaSetupJob', -5) }, 'datahub/templates/kafka-setup-job.yml'));
  }
  if (flagAt(v, 'global.datahub.systemUpdate.enabled', true)) {
    out.push(hookJob(ctx, {
      name: `${ctx.release}-system-update`, labels: labels('system-update'), durationMs: 270 * SEC,
      backoffLimit: valueOr(v, 'datahubSystemUpdate.backOffLimit', 6),
      container: {
        name: 'datahub-system-update-job', image: image(ctx, 'datahubSystemUpdate', 'acryldata/datahub-upgrade'),
        resources: valueOr(v, 'datahubSystemUpdate.resources', { limits: { cpu: '500m', memory: '2Gi' }, requests: { cpu: '300m', memory: '2Gi' } }),
        secretEnv: sqlPassword(ctx),
      },
      dependsOnHosts: [...h.sql, h.es, h.kafka],
    }, { events: pre, weight: hookWeight(ctx, 'datahubSystemUpdate', -4) }, 'datahub/templates/datahub-upgrade/datahub-system-update-job.yml'));
    if (flagAt(v, 'datahubSystemUpdate.nonblocking.enabled', true)) {
      out.push(hookJob(ctx, {
        name: `${ctx.release}-system-update-nonblk`, labels: labels('system-update-nonblk'), durationMs: 15 * SEC,
        container: { name: 'datahub-system-update-job', image: image(ctx, 'datahubSystemUpdate', 'acryldata/datahub-upgrade'), resources: valueOr(v, 'datahubSystemUpdate.resources', {}), secretEnv: sqlPassword(ctx) },
        dependsOnHosts: [...h.sql, h.es, h.kafka],
      }, { events: ['post-install', 'post-upgrade'], weight: 0 }, 'datahub/templates/datahub-upgrade/datahub-system-update-job.yml'));
    }
  }
  return out;
}

function deployment(ctx: RenderContext, key: string, repository: string, options: { readyAfterMs: number; port?: { name: string; port: number }; dependsOn?: string[]; defaultResources: unknown; minMemoryLimit?: string; serviceType?: string }): Blueprint[] {
  const v = ctx.values;
  const name = `${ctx.release}-${key}`;
  const selector = { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': key };
  const labels = chartLabels(ctx, key, key, ctx.chartVersion, ctx.appVersion);
  const out: Blueprint[] = [
    workload(ctx, {
      kind: 'Deployment', name, selector, labels, replicas: valueOr(v, `${key}.replicaCount`, 1),
      container: {
        name: key, image: image(ctx, key, repository),
        ports: options.port ? [{ name: options.port.name, containerPort: options.port.port }] : undefined,
        resources: valueOr(v, `${key}.resources`, options.defaultResources),
        secretEnv: key === 'datahub-gms' ? sqlPassword(ctx) : undefined,
      },
      readyAfterMs: options.readyAfterMs,
      dependsOnHosts: options.dependsOn,
      minMemoryLimit: options.minMemoryLimit,
    }, `datahub/charts/${key}/templates/deployment.yaml`),
  ];
  if (options.port) {
    const type = valueOr<string>(v, `${key}.service.type`, options.serviceType ?? 'ClusterIP');
    out.push(service(ctx, name, selector, [{ name: options.port.name, port: options.port.port, targetPort: options.port.name }], labels, { type }, `datahub/charts/${key}/templates/service.yaml`));
  }
  return out;
}

function workloads(ctx: RenderContext): Blueprint[] {
  const v = ctx.values;
  const h = hosts(ctx);
  const out: Blueprint[] = [];
  if (flagAt(v, 'datahub-gms.enabled', true)) {
    out.push(...deployment(ctx, 'datahub-gms', 'acryldata/datahub-gms', {
      readyAfterMs: 60 * SEC, port: { name: 'http', port: Number(valueOr(v, 'global.datahub.gms.port', '8080')) },
      dependsOn: [...h.sql, h.es, h.kafka], defaultResources: { limits: { memory: '2Gi' }, requests: { cpu: '100m', memory: '1Gi' } },
      minMemoryLimit: '1Gi', serviceType: 'LoadBalancer',
    }));
  }
  if (flagAt(v, 'datahub-frontend.enabled', true)) {
    out.push(...deployment(ctx, 'datahub-frontend', 'acryldata/datahub-frontend-react', {
      readyAfterMs: 45 * SEC, port: { name: 'http', port: 9002 },
      defaultResources: { limits: { memory: '1400Mi' }, requests: { cpu: '100m', memory: '512Mi' } }, serviceType: 'LoadBalancer',
    }));
  }
  if (flagAt(v, 'acryl-datahub-actions.enabled', true)) {
    out.push(...deployment(ctx, 'acryl-datahub-actions', 'acryldata/datahub-actions', {
      readyAfterMs: 30 * SEC, dependsOn: [`${ctx.release}-datahub-gms`],
      defaultResources: { limits: { memory: '512Mi' }, requests: { cpu: '300m', memory: '256Mi' } },
    }));
  }
  if (flagAt(v, 'global.datahub_standalone_consumers_enabled', false)) {
    for (const key of ['datahub-mae-consumer', 'datahub-mce-consumer']) {
      out.push(...deployment(ctx, key, `acryldata/${key}`, {
        readyAfterMs: 40 * SEC, dependsOn: [h.kafka],
        defaultResources: { limits: { memory: '1536Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
      }));
    }
  }
  return out;
}

/** The chart definition. */
export const datahubChart: ChartDefinition = {
  name: 'datahub',
  description: 'A Helm chart for DataHub',
  versions: [{ version: '0.8.3', appVersion: 'v1.4.0' }, { version: '0.8.2', appVersion: 'v1.3.0' }, { version: '0.7.12', appVersion: 'v1.2.0' }],
  render: (ctx) => ({
    objects: workloads(ctx),
    hooks: hooks(ctx),
    notes: `DataHub is deployed in namespace ${ctx.namespace}.\n`,
  }),
};
