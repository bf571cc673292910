/**
 * The resource budget, computed from the files Helm and kubectl actually receive: the upstream defaults at
 * the pinned versions with our values on top, and the example manifests. Only workloads that run all the
 * time count; hook and one-shot Jobs (DataHub setup, Temporal schema, the Kafka topic init) do not.
 *
 * Corrected numbers (DEV_ENV.md says ~11.0 GiB and 7650m):
 * - The MAE/MCE consumer Deployments only exist with global.datahub_standalone_consumers_enabled: true,
 *   and the default (kept) is false: GMS consumes those topics itself (UPSTREAM.md). DEV_ENV counts
 *   2 x 512Mi and 2 x 500m for them, so the real dev total is 10240Mi (10.0 GiB), not 11264Mi (11.0 GiB).
 * - DEV_ENV's CPU table, consumers included, adds up to 8650m, not the 7650m it states. Without the
 *   consumers it is 7650m, which is the number asserted here.
 *
 *   namespace      memory    cpu
 *   datahub-01     6656Mi    4900m   (prerequisites 4096Mi / 2700m + DataHub 2560Mi / 2200m)
 *   dataspoke-01   2816Mi    1750m   (PostgreSQL 512, Redis 256, Qdrant 1024, Temporal 4 services 1024)
 *   dummy-data1     768Mi    1000m   (example PostgreSQL 256, example Kafka 512)
 *   total         10240Mi    7650m
 */
import { describe, expect, it } from 'vitest';
import { cpuMillis, FILES, isMapping, memoryMi, mergeValues, readDocuments, readValues, upstreamValues, valueAt, type Values } from './chart-tools.ts';
import { REQUIRED_CPU_MILLICORES, REQUIRED_MEMORY_BYTES } from '../../tasks/resource-budget.ts';

/** One kind of pod that runs all the time, and how many of it. */
interface Workload {
  readonly namespace: 'datahub' | 'dataspoke' | 'example';
  readonly name: string;
  readonly replicas: number;
  /** ResourceRequirements as the chart will render them; `undefined` when nothing sets them. */
  readonly resources: unknown;
}

const enabled = (values: Values, keys: readonly string[]) => valueAt(values, [...keys, 'enabled']) === true;
const count = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
const nonEmpty = (value: unknown) => (isMapping(value) && Object.keys(value).length > 0 ? value : undefined);

/** datahub-prerequisites 0.2.1: which subcharts run, from its defaults merged with ours. */
function prerequisitesWorkloads(values: Values): Workload[] {
  const workloads: Workload[] = [];
  const add = (name: string, replicas: number, resources: unknown) =>
    workloads.push({ namespace: 'datahub', name, replicas, resources });
  if (enabled(values, ['elasticsearch'])) {
    add('elasticsearch-master', count(valueAt(values, ['elasticsearch', 'replicas']), 3), valueAt(values, ['elasticsearch', 'resources']));
  }
  for (const optional of ['opensearch', 'neo4j', 'postgresql', 'gcloud-sqlproxy', 'cp-helm-charts']) {
    if (enabled(values, [optional])) add(optional, 1, valueAt(values, [optional, 'resources']));
  }
  if (enabled(values, ['mysql'])) add('datahub-prerequisites-mysql', 1, valueAt(values, ['mysql', 'primary', 'resources']));
  if (enabled(values, ['kafka'])) {
    add('datahub-prerequisites-kafka-broker', count(valueAt(values, ['kafka', 'broker', 'replicaCount']), 0), valueAt(values, ['kafka', 'broker', 'resources']));
    const controllers = count(valueAt(values, ['kafka', 'controller', 'replicaCount']), 3);
    if (controllers > 0) add('datahub-prerequisites-kafka-controller', controllers, valueAt(values, ['kafka', 'controller', 'resources']));
    if (enabled(values, ['kafka', 'zookeeper'])) {
      add('datahub-prerequisites-zookeeper', count(valueAt(values, ['kafka', 'zookeeper', 'replicaCount']), 1), valueAt(values, ['kafka', 'zookeeper', 'resources']));
    }
  }
  return workloads.filter((workload) => workload.replicas > 0);
}

/** datahub 0.8.3: which Deployments run, from its defaults merged with ours. */
function datahubWorkloads(values: Values): Workload[] {
  const workloads: Workload[] = [];
  const add = (key: string, name: string) =>
    workloads.push({ namespace: 'datahub', name, replicas: count(valueAt(values, [key, 'replicaCount']), 1), resources: valueAt(values, [key, 'resources']) });
  if (enabled(values, ['datahub-gms'])) add('datahub-gms', 'datahub-datahub-gms');
  if (enabled(values, ['datahub-frontend'])) add('datahub-frontend', 'datahub-datahub-frontend');
  if (enabled(values, ['acryl-datahub-actions'])) add('acryl-datahub-actions', 'datahub-acryl-datahub-actions');
  if (valueAt(values, ['global', 'datahub_standalone_consumers_enabled']) === true) {
    add('datahub-mae-consumer', 'datahub-datahub-mae-consumer');
    add('datahub-mce-consumer', 'datahub-datahub-mce-consumer');
  }
  return workloads;
}

// The few bitnami defaults that decide what runs (their full defaults are not in shared/).
const BITNAMI_DEFAULTS: Values = {
  postgresql: { architecture: 'standalone' },
  redis: { architecture: 'replication', replica: { replicaCount: 3 } },
};

/** The umbrella chart's defaults as Helm coalesces them: subchart defaults under their section names. */
function umbrellaDefaults(): Values {
  return mergeValues(BITNAMI_DEFAULTS, {
    qdrant: upstreamValues('qdrant-1.19.0'),
    temporal: upstreamValues('temporal-0.72.0'),
    frontend: readValues('charts/dataspoke/subcharts/frontend/values.yaml'),
    api: readValues('charts/dataspoke/subcharts/api/values.yaml'),
    workers: readValues('charts/dataspoke/subcharts/workers/values.yaml'),
  });
}

/** The dataspoke release: which pods run, from the merged umbrella values. */
function umbrellaWorkloads(values: Values): Workload[] {
  const workloads: Workload[] = [];
  const add = (name: string, replicas: number, resources: unknown) =>
    workloads.push({ namespace: 'dataspoke', name, replicas, resources });
  for (const app of ['frontend', 'api', 'workers']) {
    if (!enabled(values, [app])) continue;
    const replicas = enabled(values, [app, 'autoscaling'])
      ? count(valueAt(values, [app, 'autoscaling', 'minReplicas']), 1)
      : count(valueAt(values, [app, 'replicaCount']), 1);
    add(`dataspoke-${app}`, replicas, valueAt(values, [app, 'resources']));
  }
  if (enabled(values, ['postgresql'])) {
    add('dataspoke-postgresql', 1, valueAt(values, ['postgresql', 'primary', 'resources']));
    if (valueAt(values, ['postgresql', 'architecture']) === 'replication') {
      add('dataspoke-postgresql-read', count(valueAt(values, ['postgresql', 'readReplicas', 'replicaCount']), 1), valueAt(values, ['postgresql', 'readReplicas', 'resources']));
    }
  }
  if (enabled(values, ['redis'])) {
    add('dataspoke-redis-master', 1, valueAt(values, ['redis', 'master', 'resources']));
    if (valueAt(values, ['redis', 'architecture']) !== 'standalone') {
      add('dataspoke-redis-replicas', count(valueAt(values, ['redis', 'replica', 'replicaCount']), 3), valueAt(values, ['redis', 'replica', 'resources']));
    }
  }
  if (enabled(values, ['qdrant'])) {
    add('dataspoke-qdrant', count(valueAt(values, ['qdrant', 'replicaCount']), 1), valueAt(values, ['qdrant', 'resources']));
  }
  if (enabled(values, ['temporal'])) {
    const server = (key: string) => valueAt(values, ['temporal', 'server', key]);
    // One Deployment per service; each falls back to server.replicaCount and server.resources.
    for (const service of ['frontend', 'internalFrontend', 'history', 'matching', 'worker']) {
      if (service === 'internalFrontend' && !enabled(values, ['temporal', 'server', service])) continue;
      add(
        `dataspoke-temporal-${service}`,
        count(valueAt(server(service), ['replicaCount']), count(server('replicaCount'), 1)),
        nonEmpty(valueAt(server(service), ['resources'])) ?? server('resources'),
      );
    }
    for (const extra of ['web', 'admintools', 'elasticsearch', 'cassandra', 'prometheus', 'grafana', 'mysql']) {
      if (enabled(values, ['temporal', extra])) add(`dataspoke-temporal-${extra}`, 1, valueAt(values, ['temporal', extra, 'resources']));
    }
  }
  return workloads;
}

/** The example manifests' Deployments (the Job is one-shot). */
function exampleWorkloads(): Workload[] {
  return FILES.exampleManifests
    .flatMap((file) => readDocuments(file))
    .filter((object) => object.kind === 'Deployment')
    .flatMap((deployment) => {
      const containers = valueAt(deployment, ['spec', 'template', 'spec', 'containers']) as Values[];
      return containers.map((container) => ({
        namespace: 'example' as const,
        name: String(valueAt(deployment, ['metadata', 'name'])),
        replicas: count(valueAt(deployment, ['spec', 'replicas']), 1),
        resources: container.resources,
      }));
    });
}

function devWorkloads(datahubOverlay: Values = {}): Workload[] {
  const prerequisites = mergeValues(upstreamValues('datahub-prerequisites-0.2.1'), readValues(FILES.datahubPrerequisitesValues));
  const datahub = mergeValues(mergeValues(upstreamValues('datahub-0.8.3'), readValues(FILES.datahubValues)), datahubOverlay);
  const umbrella = [readValues(FILES.dataspokeValues), readValues(FILES.dataspokeDevValues)].reduce(mergeValues, umbrellaDefaults());
  return [...prerequisitesWorkloads(prerequisites), ...datahubWorkloads(datahub), ...umbrellaWorkloads(umbrella), ...exampleWorkloads()];
}

/** Workloads that would run without a memory or CPU limit. */
function unbounded(workloads: readonly Workload[]): string[] {
  return workloads.flatMap((workload) =>
    ['memory', 'cpu']
      .filter((resource) => valueAt(workload.resources, ['limits', resource]) === undefined)
      .map((resource) => `${workload.name} has no ${resource} limit`),
  );
}

function totals(workloads: readonly Workload[]): { memoryMi: number; cpuMillis: number } {
  let memory = 0;
  let cpu = 0;
  for (const workload of workloads) {
    memory += workload.replicas * memoryMi(valueAt(workload.resources, ['limits', 'memory']));
    cpu += workload.replicas * cpuMillis(valueAt(workload.resources, ['limits', 'cpu']));
  }
  return { memoryMi: memory, cpuMillis: cpu };
}

describe('dev resource budget', () => {
  const workloads = devWorkloads();

  it('runs exactly these workloads (the umbrella chart: PostgreSQL, Redis, Qdrant, Temporal only)', () => {
    expect(workloads.map((workload) => `${workload.namespace}: ${workload.name} x${workload.replicas}`)).toEqual([
      'datahub: elasticsearch-master x1',
      'datahub: datahub-prerequisites-mysql x1',
      'datahub: datahub-prerequisites-kafka-broker x1',
      'datahub: datahub-prerequisites-zookeeper x1',
      'datahub: datahub-datahub-gms x1',
      'datahub: datahub-datahub-frontend x1',
      'datahub: datahub-acryl-datahub-actions x1',
      'dataspoke: dataspoke-postgresql x1',
      'dataspoke: dataspoke-redis-master x1',
      'dataspoke: dataspoke-qdrant x1',
      'dataspoke: dataspoke-temporal-frontend x1',
      'dataspoke: dataspoke-temporal-history x1',
      'dataspoke: dataspoke-temporal-matching x1',
      'dataspoke: dataspoke-temporal-worker x1',
      'example: example-postgres x1',
      'example: example-kafka x1',
    ]);
  });

  it('bounds every workload with a memory and a CPU limit', () => {
    expect(unbounded(workloads)).toEqual([]);
  });

  it.each([
    ['datahub', 6656, 4900],
    ['dataspoke', 2816, 1750],
    ['example', 768, 1000],
  ] as const)('%s namespace: %dMi and %dm of limits', (namespace, memory, cpu) => {
    expect(totals(workloads.filter((workload) => workload.namespace === namespace))).toEqual({ memoryMi: memory, cpuMillis: cpu });
  });

  it('totals 10240Mi (10.0 GiB) and 7650m of limits', () => {
    expect(totals(workloads)).toEqual({ memoryMi: 10240, cpuMillis: 7650 });
    // preflight warns against the same numbers
    expect({ memoryMi: REQUIRED_MEMORY_BYTES / 1024 ** 2, cpuMillis: REQUIRED_CPU_MILLICORES }).toEqual(totals(workloads));
  });

  it("with standalone MAE/MCE consumers it would be DEV_ENV's table: 11264Mi (11.0 GiB) and 8650m", () => {
    const withConsumers = devWorkloads({ global: { datahub_standalone_consumers_enabled: true } });
    expect(unbounded(withConsumers)).toEqual([]);
    expect(totals(withConsumers)).toEqual({ memoryMi: 11264, cpuMillis: 8650 });
  });

  it("would notice Temporal's bundled Elasticsearch or Cassandra coming back (they have no limits from us)", () => {
    const umbrella = [readValues(FILES.dataspokeValues), readValues(FILES.dataspokeDevValues), { temporal: { elasticsearch: { enabled: true }, cassandra: { enabled: true } } }].reduce(
      mergeValues,
      umbrellaDefaults(),
    );
    expect(unbounded(umbrellaWorkloads(umbrella))).toEqual([
      'dataspoke-temporal-elasticsearch has no memory limit',
      'dataspoke-temporal-elasticsearch has no cpu limit',
      'dataspoke-temporal-cassandra has no memory limit',
      'dataspoke-temporal-cassandra has no cpu limit',
    ]);
  });
});

describe('production profile', () => {
  it('bounds every workload and keeps Temporal on PostgreSQL (no bundled Cassandra, Elasticsearch, Prometheus, Grafana)', () => {
    const workloads = umbrellaWorkloads(mergeValues(umbrellaDefaults(), readValues(FILES.dataspokeValues)));
    expect(unbounded(workloads)).toEqual([]);
    expect(workloads.map((workload) => workload.name).filter((name) => /elasticsearch|cassandra|prometheus|grafana/.test(name))).toEqual([]);
  });
});
