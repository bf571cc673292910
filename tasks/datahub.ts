/**
 * DataHub: the prerequisites release (Kafka, ZooKeeper, Elasticsearch, MySQL), then DataHub itself (its
 * system-update hook reported while helm runs), then waits for the GMS and frontend rollouts.
 */
import { join } from 'node:path';
import type { TaskNode } from '../engine/index.ts';
import { chartReference, needsPlainHttp, sourceDeps } from './chart-sources.ts';
import { namespaceNodeId } from './namespaces.ts';
import { releaseNode } from './release.ts';
import { secretNodeId } from './secrets.ts';
import { prepareSystemUpdateReport } from './system-update-progress.ts';
import type { TaskEnv } from './task-env.ts';
import { waitNode } from './waits.ts';

export const DATAHUB_PREREQUISITES_ID = 'release:datahub-prerequisites';
export const DATAHUB_ID = 'release:datahub';

export function datahubNodes(env: TaskEnv): TaskNode[] {
  const namespace = env.config.namespaces.datahub;
  const groups = ['datahub'];
  return [
    releaseNode(env, {
      ...datahubRelease(env, 'datahub-prerequisites'),
      id: DATAHUB_PREREQUISITES_ID,
      title: 'DataHub prerequisites release (Kafka, ZooKeeper, Elasticsearch, MySQL)',
      downTitle: 'Uninstall DataHub prerequisites release',
      chartVersion: env.config.chartVersions.datahubPrerequisites,
      valuesFiles: [valuesFile(env, 'prerequisites-values.yaml')],
      timeoutMinutes: 5,
      wait: true,
      deps: [namespaceNodeId('datahub'), secretNodeId('mysql'), ...sourceDeps(env.config, ['datahub'])],
      groups,
    }),
    releaseNode(env, {
      ...datahubRelease(env, 'datahub'),
      id: DATAHUB_ID,
      title: 'DataHub release (with the system-update hook)',
      downTitle: 'Uninstall DataHub release',
      chartVersion: env.config.chartVersions.datahub,
      valuesFiles: [valuesFile(env, 'values.yaml')],
      // The system-update hook alone takes 5-10 minutes on a first install, and hooks count against --timeout.
      timeoutMinutes: 15,
      // Rollouts are waited for by their own nodes, so their progress shows separately.
      wait: false,
      deps: [DATAHUB_PREREQUISITES_ID],
      groups,
      // Each run notes the hook Job's uid before anything else, so the report tells this run's Job apart.
      watchInstall: (ctx) => prepareSystemUpdateReport(env.kubectl, { namespace, ...env.progress }, ctx),
    }),
    waitNode(env, { id: 'wait:datahub-gms', kind: 'deployment', name: 'datahub-datahub-gms', namespace, timeout: '5m', deps: [DATAHUB_ID], groups }),
    waitNode(env, { id: 'wait:datahub-frontend', kind: 'deployment', name: 'datahub-datahub-frontend', namespace, timeout: '5m', deps: [DATAHUB_ID], groups }),
  ];
}

/**
 * What both DataHub releases share: the release and chart name, and where the chart comes from (an added
 * repository, or an oci:// registry: no helm-repo node), pinned to its version.
 */
function datahubRelease(env: TaskEnv, name: 'datahub' | 'datahub-prerequisites') {
  return {
    release: name,
    chart: chartReference(env.config, 'datahub', name),
    chartName: name,
    pinVersion: true,
    plainHttp: needsPlainHttp(env.config, ['datahub']),
    namespace: env.config.namespaces.datahub,
  };
}

function valuesFile(env: TaskEnv, file: string): string {
  return join(env.paths.charts, 'datahub', file);
}
