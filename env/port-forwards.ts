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

/** All port-forwards for `config`, grouped by target, in a stable order. */
export function portForwards(config: DevEnvConfig): Record<PortForwardTarget, readonly PortForward[]> {
  const { namespaces: ns, ports } = config;
  return {
    datahub: [
      {
        id: 'ui',
        label: 'DataHub UI',
        namespace: ns.datahub,
        service: 'datahub-datahub-frontend',
        localPort: ports.datahub.ui,
        remotePort: 9002,
        variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT',
      },
      {
        id: 'gms',
        label: 'DataHub GMS',
        namespace: ns.datahub,
        service: 'datahub-datahub-gms',
        localPort: ports.datahub.gms,
        remotePort: 8080,
        variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT',
      },
      {
        id: 'kafka',
        label: 'DataHub Kafka',
        namespace: ns.datahub,
        service: 'datahub-prerequisites-kafka',
        localPort: ports.datahub.kafka,
        remotePort: 9092,
        variable: 'DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_KAFKA_PORT',
      },
    ],
    dataspoke: [
      {
        id: 'postgres',
        label: 'DataSpoke PostgreSQL',
        namespace: ns.dataspoke,
        service: 'dataspoke-postgresql',
        localPort: ports.dataspoke.postgres,
        remotePort: 5432,
        variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT',
      },
      {
        id: 'redis',
        label: 'DataSpoke Redis',
        namespace: ns.dataspoke,
        service: 'dataspoke-redis-master',
        localPort: ports.dataspoke.redis,
        remotePort: 6379,
        variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT',
      },
      {
        id: 'qdrant-http',
        label: 'Qdrant HTTP',
        namespace: ns.dataspoke,
        service: 'dataspoke-qdrant',
        localPort: ports.dataspoke.qdrantHttp,
        remotePort: 6333,
        variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT',
      },
      {
        id: 'qdrant-grpc',
        label: 'Qdrant gRPC',
        namespace: ns.dataspoke,
        service: 'dataspoke-qdrant',
        localPort: ports.dataspoke.qdrantGrpc,
        remotePort: 6334,
        variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT',
      },
      {
        id: 'temporal',
        label: 'Temporal frontend',
        namespace: ns.dataspoke,
        service: 'dataspoke-temporal-frontend',
        localPort: ports.dataspoke.temporal,
        remotePort: 7233,
        variable: 'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT',
      },
    ],
    example: [
      {
        id: 'postgres',
        label: 'Example PostgreSQL',
        namespace: ns.example,
        service: 'example-postgres',
        localPort: ports.example.postgres,
        remotePort: 5432,
        variable: 'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT',
      },
      {
        id: 'kafka',
        label: 'Example Kafka',
        namespace: ns.example,
        service: 'example-kafka',
        localPort: ports.example.kafka,
        remotePort: 9092,
        variable: 'DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT',
      },
    ],
  };
}
