/**
 * The validated configuration of the dev environment: what `loadConfig` hands to the rest of the program.
 *
 * Deals with: the shape and meaning of every setting, in camelCase, with numbers as numbers.
 * Does not deal with: reading or validating the raw variables (see `schema.ts` and `load.ts`).
 * Nothing unvalidated travels further than `env/`: a `DevEnvConfig` only exists once every rule has passed.
 */

/** The three Kubernetes namespaces the dev environment owns. All distinct DNS-1123 labels. */
export interface Namespaces {
  /** DataHub and its prerequisites (`DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE`, default `datahub-01`). */
  readonly datahub: string;
  /** DataSpoke infrastructure: PostgreSQL, Redis, Qdrant, Temporal (`DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE`). */
  readonly dataspoke: string;
  /** The example data sources: PostgreSQL and Kafka (`DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE`). */
  readonly example: string;
}

/** Exact versions of the upstream DataHub charts (semver, no ranges). */
export interface ChartVersions {
  /** `datahub/datahub-prerequisites` (`DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION`). */
  readonly datahubPrerequisites: string;
  /** `datahub/datahub` (`DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION`). */
  readonly datahub: string;
}

/**
 * The four chart sources. Each name is also the Helm repository name (`helm repo add NAME URL`) and the
 * `@NAME` placeholder in charts/dataspoke/Chart.yaml.
 */
export type ChartSourceName = 'datahub' | 'bitnami' | 'qdrant' | 'temporal';

/** Where the upstream charts come from (`DATASPOKE_DEV_HELM_*`): the public repositories unless set. */
export interface ChartSources {
  /**
   * Each source's URL: `https://` or `http://` (a Helm repository, added with `helm repo add`) or `oci://` (a
   * registry; charts are then `oci://HOST/PATH/CHART`). `DATASPOKE_DEV_HELM_REPO_<NAME>_URL`.
   */
  readonly urls: Readonly<Record<ChartSourceName, string>>;
  /** Reach `oci://` sources over plain HTTP (`--plain-http`), for a registry on localhost (`DATASPOKE_DEV_HELM_PLAIN_HTTP`). */
  readonly plainHttp: boolean;
}

/** Local (host) ports of every port-forward, grouped by target. All ten are distinct. */
export interface PortForwardPorts {
  /** DataHub: UI (frontend), GMS and Kafka. */
  readonly datahub: { readonly ui: number; readonly gms: number; readonly kafka: number };
  /** DataSpoke infrastructure. */
  readonly dataspoke: {
    readonly postgres: number;
    readonly redis: number;
    readonly qdrantHttp: number;
    readonly qdrantGrpc: number;
    readonly temporal: number;
  };
  /** The example data sources. */
  readonly example: { readonly postgres: number; readonly kafka: number };
}

/** A PostgreSQL login and database; `password` meets the password policy. */
export interface PostgresCredentials {
  /** Login name. */
  readonly user: string;
  /** Secret: never print it. */
  readonly password: string;
  /** Database name. */
  readonly db: string;
}

/** Every credential the dev environment puts into Kubernetes Secrets. All passwords meet the policy. */
export interface Credentials {
  /** Secret `mysql-secrets` key `mysql-root-password` (`DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD`). */
  readonly datahubMysqlRootPassword: string;
  /** Secret `mysql-secrets` key `mysql-password` (`DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD`). */
  readonly datahubMysqlPassword: string;
  /** Secret `example-postgres-secret` (`DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_*`). */
  readonly examplePostgres: PostgresCredentials;
  /** Secret `dataspoke-postgres-secret` (`DATASPOKE_POSTGRES_USER`, `_PASSWORD`, `_DB`). */
  readonly dataspokePostgres: PostgresCredentials;
  /** Secret `dataspoke-redis-secret` key `REDIS_PASSWORD` (`DATASPOKE_REDIS_PASSWORD`). */
  readonly dataspokeRedisPassword: string;
}

/** The LLM settings the DataSpoke app reads. Not needed to bring the cluster up, so each may be missing. */
export interface LlmSettings {
  /** `DATASPOKE_LLM_PROVIDER`; `undefined` when empty or still the example placeholder. */
  readonly provider?: string;
  /** `DATASPOKE_LLM_MODEL`; `undefined` when empty or still the example placeholder. */
  readonly model?: string;
  /** `DATASPOKE_LLM_API_KEY` (secret); `undefined` when empty or still the example placeholder. */
  readonly apiKey?: string;
}

/**
 * The application runtime settings (`DATASPOKE_*` without `DEV`). The locally running app reads them; the
 * dev environment only checks them, and uses the non-secret ones in its summary.
 */
export interface AppSettings {
  /** `DATASPOKE_DATAHUB_GMS_URL`, an http(s) URL. */
  readonly datahubGmsUrl: string;
  /** `DATASPOKE_DATAHUB_KAFKA_BROKERS`, comma-separated `host:port`. */
  readonly datahubKafkaBrokers: string;
  /** `DATASPOKE_POSTGRES_HOST` / `_PORT`. */
  readonly postgres: { readonly host: string; readonly port: number };
  /** `DATASPOKE_REDIS_HOST` / `_PORT`. */
  readonly redis: { readonly host: string; readonly port: number };
  /** `DATASPOKE_QDRANT_HOST` / `_HTTP_PORT` / `_GRPC_PORT`. */
  readonly qdrant: { readonly host: string; readonly httpPort: number; readonly grpcPort: number };
  /** `DATASPOKE_TEMPORAL_HOST` / `_PORT` / `_NAMESPACE` (the Temporal namespace, not a Kubernetes one). */
  readonly temporal: { readonly host: string; readonly port: number; readonly namespace: string };
  /** `DATASPOKE_LLM_*`. */
  readonly llm: LlmSettings;
}

/** The whole validated configuration. */
export interface DevEnvConfig {
  /** The kubectl context every command targets (`DATASPOKE_DEV_KUBE_CLUSTER`); never empty. */
  readonly kubeContext: string;
  /** The three namespaces. */
  readonly namespaces: Namespaces;
  /** Pinned upstream chart versions. */
  readonly chartVersions: ChartVersions;
  /** Where the upstream charts come from. */
  readonly chartSources: ChartSources;
  /** Local ports of the port-forwards. */
  readonly ports: PortForwardPorts;
  /** Credentials that go into Kubernetes Secrets. */
  readonly credentials: Credentials;
  /**
   * Qdrant API key (`DATASPOKE_QDRANT_API_KEY`, secret). `undefined` means Qdrant runs without an API key
   * (the variable was missing, empty, or still `<optional-api-key>`).
   */
  readonly qdrantApiKey?: string;
  /** Application runtime settings. */
  readonly app: AppSettings;
}
