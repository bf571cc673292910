/**
 * datahub/datahub-prerequisites 0.2.1: Elasticsearch 7.17.3 (StatefulSet elasticsearch-master), bitnami
 * MySQL (RELEASE-mysql), bitnami Kafka in ZooKeeper mode (RELEASE-kafka-broker + RELEASE-zookeeper).
 * About three minutes to ready, Elasticsearch being the slowest.
 */
import { flagAt, valueOr } from '../core/values.ts';
import { chartLabels, dataObject, fullname, service, workload } from './builders.ts';
import type { Blueprint, ChartDefinition, RenderContext } from './types.ts';

const SEC = 1000;

function elasticsearch(ctx: RenderContext): Blueprint[] {
  const v = ctx.values;
  if (!flagAt(v, 'elasticsearch.enabled', true)) return [];
  const name = `${valueOr(v, 'elasticsearch.clusterName', 'elasticsearch')}-${valueOr(v, 'elasticsearch.nodeGroup', 'master')}`;
  const selector = { app: name };
  const labels = { app: name, chart: 'elasticsearch', heritage: 'Helm', release: ctx.release };
  const persistence = flagAt(v, 'elasticsearch.persistence.enabled', true);
  return [
    workload(ctx, {
      kind: 'StatefulSet', name, selector, labels, serviceName: `${name}-headless`,
      replicas: valueOr(v, 'elasticsearch.replicas', 1),
      container: {
        name: 'elasticsearch',
        image: `${valueOr(v, 'elasticsearch.image', 'docker.elastic.co/elasticsearch/elasticsearch')}:${valueOr(v, 'elasticsearch.imageTag', '7.17.3')}`,
        ports: [{ name: 'http', containerPort: 9200 }, { name: 'transport', containerPort: 9300 }],
        resources: valueOr(v, 'elasticsearch.resources', { requests: { cpu: '100m', memory: '1024M' }, limits: { cpu: '1000m', memory: '1024M' } }),
      },
      readyAfterMs: 170 * SEC,
      // 2Gi was OOM-killed during concurrent start-up (DEV_ENV); the upstream 1024M default is far below.
      minMemoryLimit: '2304Mi',
      claims: persistence ? [{ name, size: '30Gi' }] : [],
    }, 'datahub-prerequisites/charts/elasticsearch/templates/statefulset.yaml'),
    service(ctx, name, selector, [{ name: 'http', port: 9200 }, { name: 'transport', port: 9300 }], labels, {}, 'datahub-prerequisites/charts/elasticsearch/templates/service.yaml'),
    service(ctx, `${name}-headless`, selector, [{ name: 'http', port: 9200 }, { name: 'transport', port: 9300 }], labels, { headless: true }, 'datahub-prerequisites/charts/elasticsearch/templates/service.yaml'),
  ];
}

function mysql(ctx: RenderContext): Blueprint[] {
  const v = ctx.values;
  if (!flagAt(v, 'mysql.enabled', true)) return [];
  const name = fullname(ctx, 'mysql', valueOr(v, 'mysql.fullnameOverride', ''));
  const selector = { 'app.kubernetes.io/component': 'primary', 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'mysql' };
  const labels = { ...chartLabels(ctx, 'mysql', 'mysql', '9.4.9', '8.0.32', 'primary') };
  const existing = valueOr<string>(v, 'mysql.auth.existingSecret', '');
  const secretName = existing || name;
  const out: Blueprint[] = [];
  if (!existing) {
    out.push(dataObject(ctx, 'Secret', name, { 'mysql-root-password': 'generated-root-pw', 'mysql-password': 'generated-pw' }, labels, 'datahub-prerequisites/charts/mysql/templates/secrets.yaml'));
  }
  const secretEnv = [{ name: 'MYSQL_ROOT_PASSWORD', secret: secretName, key: 'mysql-root-password' }];
  if (valueOr(v, 'mysql.auth.username', '')) secretEnv.push({ name: 'MYSQL_PASSWORD', secret: secretName, key: 'mysql-password' });
  out.push(
    workload(ctx, {
      kind: 'StatefulSet', name, selector, labels, serviceName: `${name}-headless`,
      container: {
        name: 'mysql',
        image: `docker.io/${valueOr(v, 'mysql.image.repository', 'bitnamilegacy/mysql')}:${valueOr(v, 'mysql.image.tag', '8.0.32-debian-11-r26')}`,
        ports: [{ name: 'mysql', containerPort: 3306 }],
        resources: valueOr(v, 'mysql.primary.resources', {}),
        secretEnv,
      },
      readyAfterMs: 80 * SEC,
      // 512Mi was OOM-killed by mysql_upgrade on restart (DEV_ENV); 768Mi is stable.
      minMemoryLimit: '640Mi',
      claims: flagAt(v, 'mysql.primary.persistence.enabled', true) ? [{ name: 'data', size: valueOr(v, 'mysql.primary.persistence.size', '8Gi') }] : [],
    }, 'datahub-prerequisites/charts/mysql/templates/primary/statefulset.yaml'),
    service(ctx, name, selector, [{ name: 'mysql', port: 3306, targetPort: 'mysql' }], labels, {}, 'datahub-prerequisites/charts/mysql/templates/primary/svc.yaml'),
    service(ctx, `${name}-headless`, selector, [{ name: 'mysql', port: 3306, targetPort: 'mysql' }], labels, { headless: true }, 'datahub-prerequisites/charts/mysql/templates/primary/svc-headless.yaml'),
  );
  return out;
}

function kafka(ctx: RenderContext): Blueprint[] {
  const v = ctx.values;
  if (!flagAt(v, 'kafka.enabled', true)) return [];
  const out: Blueprint[] = [];
  const kafkaName = fullname(ctx, 'kafka', valueOr(v, 'kafka.fullnameOverride', ''));
  const zkName = `${ctx.release}-zookeeper`;
  if (flagAt(v, 'kafka.zookeeper.enabled', true)) {
    const selector = { 'app.kubernetes.io/component': 'zookeeper', 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'zookeeper' };
    const labels = chartLabels(ctx, 'zookeeper', 'zookeeper', '13.1.1', '3.9.2', 'zookeeper');
    out.push(
      workload(ctx, {
        kind: 'StatefulSet', name: zkName, selector, labels, serviceName: `${zkName}-headless`,
        replicas: valueOr(v, 'kafka.zookeeper.replicaCount', 1),
        container: {
          name: 'zookeeper',
          image: `docker.io/${valueOr(v, 'kafka.zookeeper.image.repository', 'bitnamilegacy/zookeeper')}:3.9.2-debian-12-r2`,
          ports: [{ name: 'client', containerPort: 2181 }],
          resources: valueOr(v, 'kafka.zookeeper.resources', {}),
        },
        readyAfterMs: 50 * SEC,
        claims: flagAt(v, 'kafka.zookeeper.persistence.enabled', true) ? [{ name: 'data', size: '8Gi' }] : [],
      }, 'datahub-prerequisites/charts/kafka/charts/zookeeper/templates/statefulset.yaml'),
      service(ctx, zkName, selector, [{ name: 'tcp-client', port: 2181, targetPort: 'client' }], labels, {}, 'datahub-prerequisites/charts/kafka/charts/zookeeper/templates/svc.yaml'),
      service(ctx, `${zkName}-headless`, selector, [{ name: 'tcp-client', port: 2181, targetPort: 'client' }], labels, { headless: true }, 'datahub-prerequisites/charts/kafka/charts/zookeeper/templates/svc-headless.yaml'),
    );
  }
  // The prerequisites chart's values turn KRaft off and run one broker with ZooKeeper.
  const kraft = flagAt(v, 'kafka.kraft.enabled', false);
  const role = kraft ? 'controller-eligible' : 'broker';
  const sts = kraft ? `${kafkaName}-controller` : `${kafkaName}-broker`;
  const replicas = kraft ? valueOr(v, 'kafka.controller.replicaCount', 3) : valueOr(v, 'kafka.broker.replicaCount', 1);
  const selector = { 'app.kubernetes.io/component': role === 'broker' ? 'broker' : 'controller-eligible', 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'kafka' };
  const labels = chartLabels(ctx, 'kafka', 'kafka', '26.11.2', '3.6.1', selector['app.kubernetes.io/component']);
  out.push(
    workload(ctx, {
      kind: 'StatefulSet', name: sts, selector, labels, serviceName: `${sts}-headless`, replicas,
      container: {
        name: 'kafka',
        image: `docker.io/${valueOr(v, 'kafka.image.repository', 'bitnamilegacy/kafka')}:3.6.1-debian-12-r12`,
        ports: [{ name: 'client', containerPort: 9092 }, { name: 'interbroker', containerPort: 9094 }],
        resources: valueOr(v, kraft ? 'kafka.controller.resources' : 'kafka.broker.resources', {}),
      },
      readyAfterMs: 60 * SEC,
      dependsOnHosts: kraft ? [] : [`${zkName}:2181`],
      claims: flagAt(v, kraft ? 'kafka.controller.persistence.enabled' : 'kafka.broker.persistence.enabled', true) ? [{ name: 'data', size: '8Gi' }] : [],
    }, `datahub-prerequisites/charts/kafka/templates/${kraft ? 'controller-eligible' : 'broker'}/statefulset.yaml`),
    service(ctx, kafkaName, { 'app.kubernetes.io/instance': ctx.release, 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/part-of': 'kafka' }, [{ name: 'tcp-client', port: 9092, targetPort: 'client' }], labels, {}, 'datahub-prerequisites/charts/kafka/templates/svc.yaml'),
    service(ctx, `${sts}-headless`, selector, [{ name: 'tcp-interbroker', port: 9094, targetPort: 'interbroker' }, { name: 'tcp-client', port: 9092, targetPort: 'client' }], labels, { headless: true }, `datahub-prerequisites/charts/kafka/templates/${kraft ? 'controller-eligible' : 'broker'}/svc-headless.yaml`),
  );
  // The client Service selects every Kafka pod; give the broker pods the part-of label it uses.
  const stsTemplate = (out[out.length - 3]!.object.spec as { template: { metadata: { labels: Record<string, string> } } }).template;
  stsTemplate.metadata.labels['app.kubernetes.io/part-of'] = 'kafka';
  return out;
}

/** The chart definition. */
export const prerequisitesChart: ChartDefinition = {
  name: 'datahub-prerequisites',
  description: 'A Helm chart for packages that Datahub depends on',
  versions: [{ version: '0.2.1', appVersion: '' }, { version: '0.2.0', appVersion: '' }, { version: '0.1.16', appVersion: '' }],
  render: (ctx) => ({
    objects: [...elasticsearch(ctx), ...mysql(ctx), ...kafka(ctx)],
    hooks: [],
    notes: '',
  }),
};
