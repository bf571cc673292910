/** A complete, valid raw environment, and the configuration it must parse to. */
import type { DevEnvConfig } from '../../config/config.ts';

/** The password variables, each with the value {@link GOOD_ENV} gives it. */
export const PASSWORD_VARIABLES = [
  'DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD',
  'DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD',
  'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD',
  'DATASPOKE_POSTGRES_PASSWORD',
  'DATASPOKE_REDIS_PASSWORD',
] as const;

/** The chart sources and the plain-HTTP switch: missing or empty means their default. */
export const DEFAULTED_VARIABLES = [
  'DATASPOKE_DEV_HELM_REPO_DATAHUB_URL',
  'DATASPOKE_DEV_HELM_REPO_QDRANT_URL',
  'DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL',
  'DATASPOKE_DEV_HELM_REPO_BITNAMI_URL',
  'DATASPOKE_DEV_HELM_PLAIN_HTTP',
] as const;

/** Variables that may be missing: Qdrant's API key, the three LLM settings, and the defaulted ones. */
export const OPTIONAL_VARIABLES = [
  'DATASPOKE_QDRANT_API_KEY',
  'DATASPOKE_LLM_PROVIDER',
  'DATASPOKE_LLM_API_KEY',
  'DATASPOKE_LLM_MODEL',
  ...DEFAULTED_VARIABLES,
] as const;

export const GOOD_ENV: Readonly<Record<string, string>> = {
  DATASPOKE_DEV_KUBE_CLUSTER: 'minikube',
  DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'datahub-01',
  DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'dataspoke-01',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: 'dummy-data1',
  DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION: '0.2.1',
  DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: '0.8.3',
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: '9002',
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT: '9004',
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT: '9005',
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT: '9201',
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: '9202',
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT: '9203',
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT: '9204',
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT: '9205',
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: 'Root-Pass-2024-dev!',
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: 'Mysql-Pass-2024-dev',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_USER: 'postgres',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD: 'ExampleDev2024!',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_DB: 'example_db',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT: '9102',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: '9104',
  DATASPOKE_DATAHUB_GMS_URL: 'http://localhost:9004',
  DATASPOKE_DATAHUB_KAFKA_BROKERS: 'localhost:9005',
  DATASPOKE_POSTGRES_HOST: 'localhost',
  DATASPOKE_POSTGRES_PORT: '9201',
  DATASPOKE_POSTGRES_USER: 'dataspoke',
  DATASPOKE_POSTGRES_PASSWORD: 'Pg#Secret-2024-xyz',
  DATASPOKE_POSTGRES_DB: 'dataspoke',
  DATASPOKE_REDIS_HOST: 'localhost',
  DATASPOKE_REDIS_PORT: '9202',
  DATASPOKE_REDIS_PASSWORD: 'Redis*Secret-2024x',
  DATASPOKE_QDRANT_HOST: 'localhost',
  DATASPOKE_QDRANT_HTTP_PORT: '9203',
  DATASPOKE_QDRANT_GRPC_PORT: '9204',
  DATASPOKE_QDRANT_API_KEY: '<optional-api-key>',
  DATASPOKE_TEMPORAL_HOST: 'localhost',
  DATASPOKE_TEMPORAL_PORT: '9205',
  DATASPOKE_TEMPORAL_NAMESPACE: 'dataspoke',
  DATASPOKE_LLM_PROVIDER: 'gemini',
  DATASPOKE_LLM_API_KEY: 'llm-key-abcdef123456',
  DATASPOKE_LLM_MODEL: 'gemini-2.0-flash',
};

/** {@link GOOD_ENV} with some variables replaced (`undefined` removes one). */
export function envWith(changes: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = { ...GOOD_ENV };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** What {@link GOOD_ENV} parses to. */
export const GOOD_CONFIG: DevEnvConfig = {
  kubeContext: 'minikube',
  namespaces: { datahub: 'datahub-01', dataspoke: 'dataspoke-01', example: 'dummy-data1' },
  chartVersions: { datahubPrerequisites: '0.2.1', datahub: '0.8.3' },
  chartSources: {
    urls: {
      datahub: 'https://helm.datahubproject.io/',
      bitnami: 'oci://registry-1.docker.io/bitnamicharts',
      qdrant: 'https://qdrant.github.io/qdrant-helm',
      temporal: 'https://go.temporal.io/helm-charts',
    },
    plainHttp: false,
  },
  ports: {
    datahub: { ui: 9002, gms: 9004, kafka: 9005 },
    dataspoke: { postgres: 9201, redis: 9202, qdrantHttp: 9203, qdrantGrpc: 9204, temporal: 9205 },
    example: { postgres: 9102, kafka: 9104 },
  },
  credentials: {
    datahubMysqlRootPassword: 'Root-Pass-2024-dev!',
    datahubMysqlPassword: 'Mysql-Pass-2024-dev',
    examplePostgres: { user: 'postgres', password: 'ExampleDev2024!', db: 'example_db' },
    dataspokePostgres: { user: 'dataspoke', password: 'Pg#Secret-2024-xyz', db: 'dataspoke' },
    dataspokeRedisPassword: 'Redis*Secret-2024x',
  },
  app: {
    datahubGmsUrl: 'http://localhost:9004',
    datahubKafkaBrokers: 'localhost:9005',
    postgres: { host: 'localhost', port: 9201 },
    redis: { host: 'localhost', port: 9202 },
    qdrant: { host: 'localhost', httpPort: 9203, grpcPort: 9204 },
    temporal: { host: 'localhost', port: 9205, namespace: 'dataspoke' },
    llm: { provider: 'gemini', model: 'gemini-2.0-flash', apiKey: 'llm-key-abcdef123456' },
  },
};
