/**
 * The DataSpoke dev environment as one graph (ids and groups are part of the CLI's interface):
 *
 *   preflight ─┬─ namespace:datahub ── secret:mysql ───────────┐
 *              ├─ helm-repo:datahub ─────────────────────────── release:datahub-prerequisites ── release:datahub ─┬─ wait:datahub-gms
 *              │                                                                                                   └─ wait:datahub-frontend
 *              ├─ namespace:dataspoke ── secret:dataspoke-{postgres,redis[,qdrant]} ──┐
 *              ├─ helm-repo:{bitnami,qdrant,temporal} ── chart-deps:dataspoke ────────── release:dataspoke-infra
 *              │
 *              │  (a helm-repo node exists only for an https:// or http:// source: what uses an oci:// source
 *              │   depends on preflight instead)
 *              └─ namespace:example ── secret:example-postgres ── example:manifests ─┬─ wait:example-postgres
 *                                                                                   ├─ wait:example-kafka
 *                                                                                   └─ wait:example-kafka-topic-init
 */
import type { TaskNode } from '../engine/index.ts';
import { datahubNodes } from '../tasks/datahub.ts';
import { dataspokeInfraNodes } from '../tasks/dataspoke-infra.ts';
import { exampleNodes } from '../tasks/example.ts';
import { chartDepsNode } from '../tasks/chart-deps.ts';
import { helmRepoNodes } from '../tasks/helm-repos.ts';
import { namespaceNodes } from '../tasks/namespaces.ts';
import { preflightNode } from '../tasks/preflight.ts';
import { secretNodes } from '../tasks/secrets.ts';
import type { TaskEnv } from '../tasks/task-env.ts';

/** Groups the README promises; `--only` takes them. */
export const DEV_ENV_GROUPS = ['datahub', 'dataspoke-infra', 'dataspoke-example'] as const;

/** Every node of the environment. */
export function buildDevEnvGraph(env: TaskEnv): TaskNode[] {
  return [
    preflightNode(env),
    ...namespaceNodes(env),
    ...secretNodes(env),
    ...helmRepoNodes(env),
    chartDepsNode(env),
    ...datahubNodes(env),
    ...dataspokeInfraNodes(env),
    ...exampleNodes(env),
  ];
}
