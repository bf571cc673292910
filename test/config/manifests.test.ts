/**
 * The example data-source manifests: valid Kubernetes objects (kubernetes-models' JSON schemas), and the
 * properties DEV_ENV.md asks for.
 *
 * Note: kubernetes-models checks types, required fields and formats, but not unknown fields (its schemas allow
 * additional properties), so the shapes that matter are also asserted field by field below.
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { FILES, readDocuments, valueAt, type Values } from './chart-tools.ts';

type Model = { validate(): void };
const MODELS: Record<string, (object: Values) => Model> = {
  'apps/v1 Deployment': (object) => new Deployment(object as never),
  'batch/v1 Job': (object) => new Job(object as never),
  'v1 PersistentVolumeClaim': (object) => new PersistentVolumeClaim(object as never),
  'v1 Service': (object) => new Service(object as never),
};

const objects = FILES.exampleManifests.flatMap((file) => readDocuments(file).map((object) => ({ file, object })));
const kindOf = (object: Values) => `${String(object.apiVersion)} ${String(object.kind)}`;
const nameOf = (object: Values) => String(valueAt(object, ['metadata', 'name']));
const find = (kind: string, name: string): Values => {
  const match = objects.find(({ object }) => String(object.kind) === kind && nameOf(object) === name);
  if (match === undefined) throw new Error(`no ${kind} ${name}`);
  return match.object;
};
const firstContainer = (workload: Values): Values => {
  const containers = valueAt(workload, ['spec', 'template', 'spec', 'containers']);
  if (!Array.isArray(containers) || containers.length === 0) throw new Error(`${nameOf(workload)} has no containers`);
  return containers[0] as Values;
};

describe('example manifests', () => {
  it('contain exactly the expected objects', () => {
    expect(objects.map(({ object }) => `${String(object.kind)}/${nameOf(object)}`).sort()).toEqual([
      'Deployment/example-kafka',
      'Deployment/example-postgres',
      'Job/example-kafka-topic-init',
      'PersistentVolumeClaim/example-kafka-data',
      'PersistentVolumeClaim/example-postgres-data',
      'Service/example-kafka',
      'Service/example-postgres',
    ]);
  });

  it.each(objects.map(({ file, object }) => ({ label: `${file}: ${String(object.kind)}/${nameOf(object)}`, object })))(
    '$label validates against the Kubernetes schema',
    ({ object }) => {
      const model = MODELS[kindOf(object)];
      expect(model, `no model for ${kindOf(object)}`).toBeDefined();
      expect(() => model?.(object).validate()).not.toThrow();
    },
  );

  it('the validation is live: a broken object is rejected', () => {
    const broken = structuredClone(find('Deployment', 'example-kafka'));
    (firstContainer(broken).resources as Values).limits = { memory: 'half a gig' };
    expect(() => new Deployment(broken as never).validate()).toThrow(/quantity/);
  });

  it('set no namespace (kubectl apply -n chooses it) and hold no Secret or stringData', () => {
    for (const { object } of objects) {
      expect(valueAt(object, ['metadata', 'namespace'])).toBeUndefined();
      expect(object.kind).not.toBe('Secret');
      expect(JSON.stringify(object)).not.toContain('stringData');
    }
  });

  it('postgres reads its credentials from example-postgres-secret', () => {
    const env = firstContainer(find('Deployment', 'example-postgres')).env as Values[];
    const fromSecret = env
      .filter((variable) => valueAt(variable, ['valueFrom', 'secretKeyRef']) !== undefined)
      .map((variable) => [variable.name, valueAt(variable, ['valueFrom', 'secretKeyRef', 'name']), valueAt(variable, ['valueFrom', 'secretKeyRef', 'key'])]);
    expect(fromSecret).toEqual([
      ['POSTGRES_USER', 'example-postgres-secret', 'POSTGRES_USER'],
      ['POSTGRES_PASSWORD', 'example-postgres-secret', 'POSTGRES_PASSWORD'],
      ['POSTGRES_DB', 'example-postgres-secret', 'POSTGRES_DB'],
    ]);
    expect(env.every((variable) => variable.name !== 'POSTGRES_PASSWORD' || variable.value === undefined)).toBe(true);
  });

  it.each([
    ['example-postgres', 'postgres:15', '256Mi', '500m', 'example-postgres-data', '/var/lib/postgresql/data', '5Gi'],
    ['example-kafka', 'apache/kafka:3.9.0', '512Mi', '500m', 'example-kafka-data', '/var/lib/kafka/data', '1Gi'],
  ])('%s: image %s, limits %s / %s, PVC %s at %s (%s), readiness probe', (name, image, memory, cpu, claim, mountPath, size) => {
    const deployment = find('Deployment', name);
    const container = firstContainer(deployment);
    expect(container.image).toBe(image);
    expect(valueAt(container, ['resources', 'limits'])).toEqual({ cpu, memory });
    expect(container.readinessProbe).toBeDefined();
    expect(valueAt(deployment, ['spec', 'strategy', 'type'])).toBe('Recreate');
    const volumes = valueAt(deployment, ['spec', 'template', 'spec', 'volumes']) as Values[];
    const volume = volumes.find((candidate) => valueAt(candidate, ['persistentVolumeClaim', 'claimName']) === claim);
    expect(volume).toBeDefined();
    expect(container.volumeMounts).toEqual([{ name: volume?.name, mountPath }]);
    expect(valueAt(find('PersistentVolumeClaim', claim), ['spec', 'resources', 'requests', 'storage'])).toBe(size);
  });

  it.each([
    ['example-postgres', 5432],
    ['example-kafka', 9092],
  ])('Service %s listens on %d and selects its Deployment through a named container port', (name, port) => {
    const service = find('Service', name);
    const deployment = find('Deployment', name);
    expect(valueAt(service, ['spec', 'type'])).toBe('ClusterIP');
    const servicePort = (valueAt(service, ['spec', 'ports']) as Values[])[0];
    expect(servicePort?.port).toBe(port);
    expect(valueAt(service, ['spec', 'selector'])).toEqual(valueAt(deployment, ['spec', 'selector', 'matchLabels']));
    expect(valueAt(deployment, ['spec', 'template', 'metadata', 'labels'])).toMatchObject(valueAt(service, ['spec', 'selector']) as Values);
    const containerPorts = firstContainer(deployment).ports as Values[];
    expect(containerPorts).toContainEqual({ name: servicePort?.targetPort, containerPort: port });
  });

  it('kafka runs in KRaft mode (broker and controller in one process, no ZooKeeper)', () => {
    const env = Object.fromEntries(
      (firstContainer(find('Deployment', 'example-kafka')).env as Values[]).map((variable) => [variable.name, variable.value]),
    );
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://example-kafka:9092');
    expect(Object.keys(env).some((name) => String(name).includes('ZOOKEEPER'))).toBe(false);
  });

  it('the topic-init Job creates example_topic (1 partition, RF 1), retries, and never restarts in place', () => {
    const job = find('Job', 'example-kafka-topic-init');
    expect(valueAt(job, ['spec', 'backoffLimit'])).toBeGreaterThan(0);
    expect(valueAt(job, ['spec', 'template', 'spec', 'restartPolicy'])).toBe('Never');
    const script = (firstContainer(job).command as string[]).join(' ');
    expect(script).toContain('--topic example_topic');
    expect(script).toContain('--partitions 1 --replication-factor 1');
    expect(script).toContain('--if-not-exists');
    expect(script).toContain('--bootstrap-server example-kafka:9092');
  });
});
