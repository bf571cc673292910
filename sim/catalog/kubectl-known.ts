/**
 * Objects the product applies with kubectl whose timing the catalog knows (the dataspoke-example
 * manifests). Anything else applied with kubectl becomes ready after the cluster's short default (10 s).
 */
import type { DependencyRef, ObjectSim } from '../core/state.ts';

interface KnownObject {
  kind: string;
  name: string;
  /** Virtual ms from start to ready / complete. */
  readyAfterMs: number;
  /** Services (same namespace) whose workloads must be ready first. */
  dependsOn?: string[];
}

const KNOWN: readonly KnownObject[] = [
  { kind: 'Deployment', name: 'example-postgres', readyAfterMs: 35_000 },
  { kind: 'Deployment', name: 'example-kafka', readyAfterMs: 45_000 },
  // The topic-init Job retries until the broker answers, then creates its topic in ~15 s: ~60 s in all.
  { kind: 'Job', name: 'example-kafka-topic-init', readyAfterMs: 15_000, dependsOn: ['example-kafka'] },
];

/** Simulator bookkeeping for an object applied with kubectl; empty for unknown objects. */
export function kubectlObjectSim(kind: string, name: string, namespace: string): Partial<ObjectSim> {
  const known = KNOWN.find((k) => k.kind === kind && k.name === name);
  if (!known) return {};
  const dependsOn: DependencyRef[] | undefined = known.dependsOn?.map((service) => ({ service, namespace }));
  return { readyAfterMs: known.readyAfterMs, ...(dependsOn ? { dependsOn } : {}) };
}
