/**
 * The chart repositories the simulator can reach, and the charts (with versions) in their indexes.
 */
import { datahubChart } from './datahub.ts';
import { prerequisitesChart } from './prerequisites.ts';
import type { ChartDefinition, ChartVersion } from './types.ts';

/** A chart as listed in a repository index. */
export interface IndexedChart {
  name: string;
  versions: ChartVersion[];
  /** The renderer, for charts releases are installed from. */
  definition?: ChartDefinition;
}

/** A repository the simulated network can reach. */
export interface KnownRepo {
  url: string;
  charts: IndexedChart[];
}

const REPOS: readonly KnownRepo[] = [
  {
    url: 'https://helm.datahubproject.io/',
    charts: [
      { name: 'datahub', versions: datahubChart.versions, definition: datahubChart },
      { name: 'datahub-prerequisites', versions: prerequisitesChart.versions, definition: prerequisitesChart },
    ],
  },
  {
    url: 'https://charts.bitnami.com/bitnami',
    charts: [
      { name: 'postgresql', versions: ['16.7.27', '16.7.26', '16.6.0', '15.5.38'].map((version) => ({ version, appVersion: '17.5.0' })) },
      { name: 'redis', versions: ['20.13.4', '20.11.3', '19.6.4'].map((version) => ({ version, appVersion: '7.4.3' })) },
      { name: 'mysql', versions: [{ version: '9.4.9', appVersion: '8.0.32' }] },
      { name: 'kafka', versions: [{ version: '26.11.2', appVersion: '3.6.1' }] },
    ],
  },
  { url: 'https://qdrant.github.io/qdrant-helm', charts: [{ name: 'qdrant', versions: ['1.19.0', '1.18.0', '1.17.1', '0.10.1'].map((version) => ({ version, appVersion: 'v1.15.4' })) }] },
  { url: 'https://go.temporal.io/helm-charts', charts: [{ name: 'temporal', versions: [{ version: '0.72.0', appVersion: '1.29.1' }, { version: '0.71.0', appVersion: '1.28.0' }, { version: '1.0.0-rc.1', appVersion: '1.29.1' }] }] },
];

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The repository at `url`, if the simulated network can reach it. */
export function knownRepo(url: string): KnownRepo | undefined {
  return REPOS.find((r) => normaliseUrl(r.url) === normaliseUrl(url));
}

/** Every chart of every reachable repository (rollbacks find charts this way). */
export function knownRepoCharts(): IndexedChart[] {
  return REPOS.flatMap((r) => r.charts);
}
