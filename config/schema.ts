/**
 * The one zod schema that turns the raw environment (strings from `env/.env` and the process) into a
 * {@link DevEnvConfig}, and `parseDevEnv`, which reports every problem at once as `VARIABLE: what is wrong`.
 *
 * Deals with: which variables exist, the rule each obeys, the cross-variable rules (distinct namespaces,
 * distinct port-forward ports), and the mapping to camelCase.
 * Does not deal with: the rule of each single variable (see `fields.ts`), files or the process environment
 * (see `load.ts`), warnings (see `warnings.ts`).
 */
import { z } from 'zod';
import type { ChartSourceName, DevEnvConfig } from './config.ts';
import { brokers, chartSource, chartVersion, flag, MESSAGES, namespace, optional, password, port, postgresName, text, url } from './fields.ts';
import { isDns1123Label } from './rules.ts';
import { collectLlmWarnings, collectWarnings } from './warnings.ts';

/**
 * The public chart sources, used when a `DATASPOKE_DEV_HELM_REPO_*_URL` is unset or empty. The only place in
 * the product that names them: everything else takes the configured source. Bitnami serves its older chart
 * versions (ours) only from its OCI registry.
 */
export const DEFAULT_CHART_SOURCES: Readonly<Record<ChartSourceName, string>> = {
  datahub: 'https://helm.datahubproject.io/',
  qdrant: 'https://qdrant.github.io/qdrant-helm',
  temporal: 'https://go.temporal.io/helm-charts',
  bitnami: 'oci://registry-1.docker.io/bitnamicharts',
};

/** Every variable, in the order of `env/.env.example`. */
const fields = z.object({
  // Dev environment (DATASPOKE_DEV_*)
  DATASPOKE_DEV_KUBE_CLUSTER: text(MESSAGES.emptyContext),
  DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: namespace(),
  DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: namespace(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: namespace(),
  DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION: chartVersion(),
  DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: chartVersion(),
  DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: chartSource(DEFAULT_CHART_SOURCES.datahub),
  DATASPOKE_DEV_HELM_REPO_QDRANT_URL: chartSource(DEFAULT_CHART_SOURCES.qdrant),
  DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: chartSource(DEFAULT_CHART_SOURCES.temporal),
  DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: chartSource(DEFAULT_CHART_SOURCES.bitnami),
  DATASPOKE_DEV_HELM_PLAIN_HTTP: flag(false),
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: port(),
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT: port(),
  DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT: port(),
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT: port(),
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: port(),
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT: port(),
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT: port(),
  DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT: port(),
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: password(),
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: password(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_USER: postgresName(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD: password(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_DB: postgresName(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT: port(),
  DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: port(),
  // Application runtime (DATASPOKE_*)
  DATASPOKE_DATAHUB_GMS_URL: url(),
  DATASPOKE_DATAHUB_KAFKA_BROKERS: brokers(),
  DATASPOKE_POSTGRES_HOST: text(),
  DATASPOKE_POSTGRES_PORT: port(),
  DATASPOKE_POSTGRES_USER: postgresName(),
  DATASPOKE_POSTGRES_PASSWORD: password(),
  DATASPOKE_POSTGRES_DB: postgresName(),
  DATASPOKE_REDIS_HOST: text(),
  DATASPOKE_REDIS_PORT: port(),
  DATASPOKE_REDIS_PASSWORD: password(),
  DATASPOKE_QDRANT_HOST: text(),
  DATASPOKE_QDRANT_HTTP_PORT: port(),
  DATASPOKE_QDRANT_GRPC_PORT: port(),
  DATASPOKE_QDRANT_API_KEY: optional(),
  DATASPOKE_TEMPORAL_HOST: text(),
  DATASPOKE_TEMPORAL_PORT: port(),
  DATASPOKE_TEMPORAL_NAMESPACE: text(),
  // Read by the app only; missing values are warnings (see warnings.ts), never errors.
  DATASPOKE_LLM_PROVIDER: optional(),
  DATASPOKE_LLM_API_KEY: optional(),
  DATASPOKE_LLM_MODEL: optional(),
});

/** The name of every variable the schema knows, in `env/.env.example` order. */
export const VARIABLE_NAMES: readonly string[] = Object.keys(fields.shape);

type Fields = z.output<typeof fields>;
type VariableName = keyof Fields;

const NAMESPACE_VARIABLES = [
  'DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE',
  'DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE',
  'DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE',
] as const satisfies readonly VariableName[];

/** The ten local ports `kubectl port-forward` listens on; they must all differ. */
export const PORT_FORWARD_VARIABLES = [
  'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT',
  'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT',
  'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT',
  'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT',
  'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT',
  'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT',
  'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT',
  'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT',
  'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT',
  'DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT',
] as const satisfies readonly VariableName[];

/**
 * Adds an issue on every variable whose (valid) value an earlier variable already uses. Fields that failed
 * their own rule are skipped: they already have a problem, and their value is not trustworthy.
 */
function rejectDuplicates<T extends string | number>(
  values: Record<string, unknown>,
  names: readonly VariableName[],
  isValid: (value: unknown) => value is T,
  message: (value: T, other: string) => string,
  ctx: z.RefinementCtx,
): void {
  const firstUser = new Map<T, string>();
  for (const name of names) {
    const value = values[name];
    if (!isValid(value)) continue;
    const other = firstUser.get(value);
    if (other === undefined) firstUser.set(value, name);
    else ctx.addIssue({ code: 'custom', path: [name], message: message(value, other) });
  }
}

const isNamespace = (value: unknown): value is string => typeof value === 'string' && isDns1123Label(value);
const isPort = (value: unknown): value is number => typeof value === 'number';

function toConfig(v: Fields): DevEnvConfig {
  return {
    kubeContext: v.DATASPOKE_DEV_KUBE_CLUSTER,
    namespaces: {
      datahub: v.DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE,
      dataspoke: v.DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE,
      example: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE,
    },
    chartVersions: {
      datahubPrerequisites: v.DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION,
      datahub: v.DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION,
    },
    chartSources: {
      urls: {
        datahub: v.DATASPOKE_DEV_HELM_REPO_DATAHUB_URL,
        bitnami: v.DATASPOKE_DEV_HELM_REPO_BITNAMI_URL,
        qdrant: v.DATASPOKE_DEV_HELM_REPO_QDRANT_URL,
        temporal: v.DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL,
      },
      plainHttp: v.DATASPOKE_DEV_HELM_PLAIN_HTTP,
    },
    ports: portsOf(v),
    credentials: credentialsOf(v),
    ...(v.DATASPOKE_QDRANT_API_KEY === undefined ? {} : { qdrantApiKey: v.DATASPOKE_QDRANT_API_KEY }),
    app: appOf(v),
  };
}

/** The local ports of the port-forwards. */
function portsOf(v: Fields): DevEnvConfig['ports'] {
  return {
    datahub: {
      ui: v.DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT,
      gms: v.DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT,
      kafka: v.DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT,
    },
    dataspoke: {
      postgres: v.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT,
      redis: v.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT,
      qdrantHttp: v.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT,
      qdrantGrpc: v.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT,
      temporal: v.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT,
    },
    example: {
      postgres: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT,
      kafka: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT,
    },
  };
}

/** The users and passwords the Secrets carry. */
function credentialsOf(v: Fields): DevEnvConfig['credentials'] {
  return {
    datahubMysqlRootPassword: v.DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD,
    datahubMysqlPassword: v.DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD,
    examplePostgres: {
      user: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_USER,
      password: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD,
      db: v.DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_DB,
    },
    dataspokePostgres: {
      user: v.DATASPOKE_POSTGRES_USER,
      password: v.DATASPOKE_POSTGRES_PASSWORD,
      db: v.DATASPOKE_POSTGRES_DB,
    },
    dataspokeRedisPassword: v.DATASPOKE_REDIS_PASSWORD,
  };
}

/** The settings the DataSpoke app reads from the same file. */
function appOf(v: Fields): DevEnvConfig['app'] {
  return {
    datahubGmsUrl: v.DATASPOKE_DATAHUB_GMS_URL,
    datahubKafkaBrokers: v.DATASPOKE_DATAHUB_KAFKA_BROKERS,
    postgres: { host: v.DATASPOKE_POSTGRES_HOST, port: v.DATASPOKE_POSTGRES_PORT },
    redis: { host: v.DATASPOKE_REDIS_HOST, port: v.DATASPOKE_REDIS_PORT },
    qdrant: {
      host: v.DATASPOKE_QDRANT_HOST,
      httpPort: v.DATASPOKE_QDRANT_HTTP_PORT,
      grpcPort: v.DATASPOKE_QDRANT_GRPC_PORT,
    },
    temporal: {
      host: v.DATASPOKE_TEMPORAL_HOST,
      port: v.DATASPOKE_TEMPORAL_PORT,
      namespace: v.DATASPOKE_TEMPORAL_NAMESPACE,
    },
    llm: {
      ...(v.DATASPOKE_LLM_PROVIDER === undefined ? {} : { provider: v.DATASPOKE_LLM_PROVIDER }),
      ...(v.DATASPOKE_LLM_MODEL === undefined ? {} : { model: v.DATASPOKE_LLM_MODEL }),
      ...(v.DATASPOKE_LLM_API_KEY === undefined ? {} : { apiKey: v.DATASPOKE_LLM_API_KEY }),
    },
  };
}

/**
 * The schema: raw variables in, {@link DevEnvConfig} out. Unknown variables are ignored (the process
 * environment has plenty). Cross-variable rules run even when single variables failed, so one run reports
 * everything.
 */
export const devEnvSchema = fields
  .superRefine(
    (values, ctx) => {
      const raw = values as Record<string, unknown>;
      rejectDuplicates(raw, NAMESPACE_VARIABLES, isNamespace, MESSAGES.namespaceTaken, ctx);
      rejectDuplicates(raw, PORT_FORWARD_VARIABLES, isPort, MESSAGES.portTaken, ctx);
    },
    { when: () => true },
  )
  .transform(toConfig);

/** What {@link parseDevEnv} answers. */
export type ParseDevEnvResult =
  | {
      readonly ok: true;
      /** The validated configuration. */
      readonly config: DevEnvConfig;
      /** Things worth telling the user that do not stop a run, as `VARIABLE: what is wrong`. */
      readonly warnings: readonly string[];
      /** The LLM settings the app needs but the environment does not: worth saying once per `up`. */
      readonly llmWarnings: readonly string[];
    }
  | {
      readonly ok: false;
      /** Every problem found, one `VARIABLE: what is wrong` line each, in `.env.example` order. */
      readonly problems: readonly string[];
    };

/** Validates raw variables (file values already merged with the process environment). */
export function parseDevEnv(raw: Readonly<Record<string, string | undefined>>): ParseDevEnvResult {
  const result = devEnvSchema.safeParse(raw);
  if (result.success) {
    return { ok: true, config: result.data, warnings: collectWarnings(result.data), llmWarnings: collectLlmWarnings(result.data) };
  }
  const order = (path: readonly PropertyKey[]) => {
    const index = VARIABLE_NAMES.indexOf(String(path[0]));
    return index === -1 ? VARIABLE_NAMES.length : index;
  };
  const issues = [...result.error.issues].sort((a, b) => order(a.path) - order(b.path));
  return { ok: false, problems: issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`) };
}
