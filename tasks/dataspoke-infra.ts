/**
 * DataSpoke infrastructure: the umbrella chart with the dev profile (PostgreSQL, Redis, Qdrant, Temporal),
 * reading every password from the Secrets made before it (no secret through --set).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TaskNode } from '../engine/index.ts';
import { CHART_DEPS_ID } from './helm-repos.ts';
import { namespaceNodeId } from './namespaces.ts';
import { releaseNode } from './release.ts';
import { secretNodeId, secretSpecs } from './secrets.ts';
import type { TaskEnv } from './task-env.ts';

export const DATASPOKE_INFRA_ID = 'release:dataspoke-infra';

export function dataspokeInfraNodes(env: TaskEnv): TaskNode[] {
  const chartDir = join(env.paths.charts, 'dataspoke');
  const { name: chartName, version: chartVersion } = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
  const secrets = secretSpecs(env).filter((s) => s.namespace === 'dataspoke').map((s) => secretNodeId(s.key));
  const pg = env.config.credentials.dataspokePostgres;
  const valuesFiles = [join(chartDir, 'values-dev.yaml')];
  if (env.config.qdrantApiKey !== undefined) valuesFiles.push(join(chartDir, 'values-dev-qdrant-api-key.yaml'));
  return [
    releaseNode(env, {
      id: DATASPOKE_INFRA_ID,
      title: 'DataSpoke infrastructure release (PostgreSQL, Redis, Qdrant, Temporal)',
      release: 'dataspoke',
      chart: chartDir,
      chartName,
      chartVersion,
      pinVersion: false,
      namespace: env.config.namespaces.dataspoke,
      valuesFiles,
      // User and database names are not secret; the password stays in dataspoke-postgres-secret.
      generated: { postgresql: { auth: { username: pg.user, database: pg.db } } },
      timeoutMinutes: 5,
      wait: true,
      deps: [namespaceNodeId('dataspoke'), ...secrets, CHART_DEPS_ID],
      groups: ['dataspoke-infra'],
    }),
  ];
}
