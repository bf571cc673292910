/**
 * DataSpoke infrastructure: the umbrella chart with the dev profile (PostgreSQL, Redis, Qdrant, Temporal),
 * reading every password from the Secrets made before it (no secret through --set). It is installed from
 * the working copy that chart-deps:dataspoke prepared (dependencies from the configured chart sources).
 */
import { readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PermanentError, type TaskNode } from '../engine/index.ts';
import { mirrorChartFiles } from './chart-copy.ts';
import { CHART_DEPS_ID, umbrellaChartDirs } from './chart-deps.ts';
import { namespaceNodeId } from './namespaces.ts';
import { releaseNode } from './release.ts';
import { secretNodeId, secretSpecs } from './secrets.ts';
import type { TaskEnv } from './task-env.ts';

export const DATASPOKE_INFRA_ID = 'release:dataspoke-infra';

export function dataspokeInfraNodes(env: TaskEnv): TaskNode[] {
  const dirs = umbrellaChartDirs(env);
  const chartDir = dirs.tree;
  const { name: chartName, version: chartVersion } = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string; version: string };
  const secrets = secretSpecs(env).filter((s) => s.namespace === 'dataspoke').map((s) => secretNodeId(s.key));
  const pg = env.config.credentials.dataspokePostgres;
  const valuesFiles = [join(chartDir, 'values-dev.yaml')];
  if (env.config.qdrantApiKey !== undefined) valuesFiles.push(join(chartDir, 'values-dev-qdrant-api-key.yaml'));
  const release = releaseNode(env, {
    id: DATASPOKE_INFRA_ID,
    title: 'DataSpoke infrastructure release (PostgreSQL, Redis, Qdrant, Temporal)',
    downTitle: 'Uninstall DataSpoke infrastructure release',
    release: 'dataspoke',
    chart: dirs.copy,
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
  });
  const install = release.run.bind(release);
  return [
    {
      ...release,
      async run(ctx) {
        await access(join(dirs.copy, 'Chart.yaml')).catch(() => {
          throw new PermanentError(`the umbrella chart's working copy ${dirs.copy} is missing: run ${CHART_DEPS_ID} first`);
        });
        // What gets installed is the tree as it is now: templates and values edited since chart-deps ran count.
        await mirrorChartFiles(dirs.tree, dirs.copy);
        await install(ctx);
      },
    },
  ];
}
