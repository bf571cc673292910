/**
 * Warnings about a configuration that is valid but probably not what the user wants.
 *
 * Deals with: the LLM settings (the app needs them, the cluster does not; kept apart, since they are worth
 * saying once per `up`, not on every command), app ports that do not match the port-forwards they are meant
 * to reach, and a plain-HTTP switch that nothing uses.
 * Does not deal with: problems that stop a run (see `schema.ts`). Never mentions a secret's value.
 */
import type { DevEnvConfig } from './config.ts';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** A warning for each LLM setting the app needs and `config` lacks, as `VARIABLE: what is wrong`. */
export function collectLlmWarnings(config: DevEnvConfig): string[] {
  const warnings: string[] = [];
  const { llm } = config.app;
  const llmSettings: Array<[string, string | undefined]> = [
    ['DATASPOKE_LLM_PROVIDER', llm.provider],
    ['DATASPOKE_LLM_API_KEY', llm.apiKey],
    ['DATASPOKE_LLM_MODEL', llm.model],
  ];
  for (const [name, value] of llmSettings) {
    if (value === undefined) {
      warnings.push(
        `${name}: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it`,
      );
    }
  }
  return warnings;
}

/** Every other warning for `config` (about the environment itself), each as `VARIABLE: what is wrong`. */
export function collectWarnings(config: DevEnvConfig): string[] {
  const warnings: string[] = [];

  // The app runs on this machine and reaches the cluster through the port-forwards: a local host with a
  // different port reaches nothing.
  const { app, ports } = config;
  const pairs: Array<[string, string, number, string, string, number]> = [
    ['DATASPOKE_POSTGRES_PORT', app.postgres.host, app.postgres.port, 'PostgreSQL', 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT', ports.dataspoke.postgres],
    ['DATASPOKE_REDIS_PORT', app.redis.host, app.redis.port, 'Redis', 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT', ports.dataspoke.redis],
    ['DATASPOKE_QDRANT_HTTP_PORT', app.qdrant.host, app.qdrant.httpPort, 'Qdrant HTTP', 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT', ports.dataspoke.qdrantHttp],
    ['DATASPOKE_QDRANT_GRPC_PORT', app.qdrant.host, app.qdrant.grpcPort, 'Qdrant gRPC', 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT', ports.dataspoke.qdrantGrpc],
    ['DATASPOKE_TEMPORAL_PORT', app.temporal.host, app.temporal.port, 'Temporal', 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT', ports.dataspoke.temporal],
  ];
  for (const [name, host, port, service, forwardName, forwardPort] of pairs) {
    if (LOCAL_HOSTS.has(host.toLowerCase()) && port !== forwardPort) {
      warnings.push(
        `${name}: is ${port} but the ${service} port-forward listens on ${forwardPort} (${forwardName}); the app on this machine will not reach it`,
      );
    }
  }

  const { chartSources } = config;
  if (chartSources.plainHttp && !Object.values(chartSources.urls).some((source) => source.startsWith('oci://'))) {
    warnings.push(
      'DATASPOKE_DEV_HELM_PLAIN_HTTP: is true but no chart source is oci://; it only changes how OCI registries are reached (an http:// repository is plain HTTP already)',
    );
  }
  return warnings;
}
