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
import { currentJobUid, reportSystemUpdate } from './system-update-progress.ts';
import type { TaskEnv } from './task-env.ts';
import { waitNode } from './waits.ts';

export const DATAHUB_PREREQUISITES_ID = 'release:datahub-prerequisites';
export const DATAHUB_ID = 'release:datahub';

export function datahubNodes(env: TaskEnv): TaskNode[] {
  const namespace = env.config.namespaces.datahub;
  const values = (file: string) => join(env.paths.charts, 'datahub', file);
  const groups = ['datahub'];
  // Both charts come from the datahub source: an added repository, or an oci:// registry (no helm-repo node).
  const chart = (name: string) => chartReference(env.config, 'datahub', name);
  const plainHttp = needsPlainHttp(env.config, ['datahub']);
  let previousUid: string | undefined;
  const datahub = releaseNode(env, {
    id: DATAHUB_ID,
    title: 'DataHub release (with the system-update hook)',
    downTitle: 'Uninstall DataHub release',
    release: 'datahub',
    chart: chart('datahub'),
    chartName: 'datahub',
    chartVersion: env.config.chartVersions.datahub,
    pinVersion: true,
    plainHttp,
    namespace,
    valuesFiles: [values('values.yaml')],
    // The system-update hook alone takes 5-10 minutes on a first install, and hooks count against --timeout.
    timeoutMinutes: 15,
    // Rollouts are waited for by their own nodes, so their progress shows separately.
    wait: false,
    deps: [DATAHUB_PREREQUISITES_ID],
    groups,
    async whileInstalling(ctx, signal) {
      await reportSystemUpdate(env.kubectl, { namespace, previousUid, ...env.progress }, ctx, signal);
    },
  });
  const run = datahub.run.bind(datahub);
  const withUid: TaskNode = {
    ...datahub,
    async run(ctx) {
      previousUid = await currentJobUid(env.kubectl, namespace, ctx);
      await run(ctx);
    },
  };
  return [
    releaseNode(env, {
      id: DATAHUB_PREREQUISITES_ID,
      title: 'DataHub prerequisites release (Kafka, ZooKeeper, Elasticsearch, MySQL)',
      downTitle: 'Uninstall DataHub prerequisites release',
      release: 'datahub-prerequisites',
      chart: chart('datahub-prerequisites'),
      chartName: 'datahub-prerequisites',
      chartVersion: env.config.chartVersions.datahubPrerequisites,
      pinVersion: true,
      plainHttp,
      namespace,
      valuesFiles: [values('prerequisites-values.yaml')],
      timeoutMinutes: 5,
      wait: true,
      deps: [namespaceNodeId('datahub'), secretNodeId('mysql'), ...sourceDeps(env.config, ['datahub'])],
      groups,
    }),
    withUid,
    waitNode(env, { id: 'wait:datahub-gms', kind: 'deployment', name: 'datahub-datahub-gms', namespace, timeout: '5m', deps: [DATAHUB_ID], groups }),
    waitNode(env, { id: 'wait:datahub-frontend', kind: 'deployment', name: 'datahub-datahub-frontend', namespace, timeout: '5m', deps: [DATAHUB_ID], groups }),
  ];
}
