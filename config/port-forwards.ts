/**
 * The port-forwards the dev environment offers: which local port goes to which Service port, in which
 * namespace.
 *
 * Deals with: the map from configuration to `kubectl port-forward -n NS svc/SERVICE LOCAL:REMOTE`.
 * Does not deal with: running kubectl (see `kube/`).
 * The Service names follow from the release names (`datahub-prerequisites`, `datahub`, `dataspoke`) and the
 * example manifests; see shared/reference/UPSTREAM.md.
 * Kafka caveat: a forwarded broker still advertises its in-cluster address (`...-kafka:9092`), so clients that
 * follow the advertised address (most producers and consumers) need that name to resolve on this machine.
 */
import type { DevEnvConfig } from './config.ts';

/** The three groups of port-forwards, one per namespace. */
export type PortForwardTarget = 'datahub' | 'dataspoke' | 'example';

/** One `kubectl port-forward` to a Service. */
export interface PortForward {
  /** Short stable id within its target, e.g. `gms` or `qdrant-grpc`. */
  readonly id: string;
  /** A human label for summaries, e.g. `DataHub GMS`. */
  readonly label: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Service name (without the `svc/` prefix). */
  readonly service: string;
  /** Port on this machine (127.0.0.1). */
  readonly localPort: number;
  /** Service port inside the cluster. */
  readonly remotePort: number;
  /** The variable that sets `localPort`. */
  readonly variable: string;
}

/** One forward before the configuration is known: everything but the namespace and the local port. */
interface ForwardSpec extends Omit<PortForward, 'namespace' | 'localPort'> {
  /** The local port, from the configuration's ports. */
  readonly localPort: (ports: DevEnvConfig['ports']) => number;
}

/** Every forward, by target (its namespace), in a stable order. */
const FORWARDS: Record<PortForwardTarget, readonly ForwardSpec[]> = {
  datahub: [
    { id: 'ui', label: 'DataHub UI', service: 'datahub-datahub-frontend', remotePort: 9002, variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT', localPort: (p) => p.datahub.ui },
    { id: 'gms', label: 'DataHub GMS', service: 'datahub-datahub-gms', remotePort: 8080, variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT', localPort: (p) => p.datahub.gms },
    { id: 'kafka', label: 'DataHub Kafka', service: 'datahub-prerequisites-kafka', remotePort: 9092, variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT', localPort: (p) => p.datahub.kafka },
  ],
  dataspoke: [
    { id: 'postgres', label: 'DataSpoke PostgreSQL', service: 'dataspoke-postgresql', remotePort: 5432, variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT', localPort: (p) => p.dataspoke.postgres },
    { id: 'redis', label: 'DataSpoke Redis', service: 'dataspoke-redis-master', remotePort: 6379, variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT', localPort: (p) => p.dataspoke.redis },
    { id: 'qdrant-http', label: 'Qdrant HTTP', service: 'dataspoke-qdrant', remotePort: 6333, variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT', localPort: (p) => p.dataspoke.qdrantHttp },
    { id: 'qdrant-grpc', label: 'Qdrant gRPC', service: 'dataspoke-qdrant', remotePort: 6334, variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT', localPort: (p) => p.dataspoke.qdrantGrpc },
    { id: 'temporal', label: 'Temporal frontend', service: 'dataspoke-temporal-frontend', remotePort: 7233, variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT', localPort: (p) => p.dataspoke.temporal },
  ],
  example: [
    { id: 'postgres', label: 'Example PostgreSQL', service: 'example-postgres', remotePort: 5432, variable: 'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT', localPort: (p) => p.example.postgres },
    { id: 'kafka', label: 'Example Kafka', service: 'example-kafka', remotePort: 9092, variable: 'DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT', localPort: (p) => p.example.kafka },
  ],
};

/** All port-forwards for `config`, grouped by target, in a stable order. */
export function portForwards(config: DevEnvConfig): Record<PortForwardTarget, readonly PortForward[]> {
  const forTarget = (target: PortForwardTarget): PortForward[] =>
    FORWARDS[target].map(({ id, label, service, remotePort, variable, localPort }) => ({
      id,
      label,
      namespace: config.namespaces[target],
      service,
      localPort: localPort(config.ports),
      remotePort,
      variable,
    }));
  return { datahub: forTarget('datahub'), dataspoke: forTarget('dataspoke'), example: forTarget('example') };
}
