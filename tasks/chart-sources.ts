/**
 * The configured chart sources as the tasks use them: which ones `helm repo add` registers, how helm names a
 * chart from each, and what a user of a source waits for.
 *
 * Deals with: `https://`/`http://` Helm repositories versus `oci://` registries.
 * Does not deal with: which URL each source has (the config, from `.env`), or helm's own files.
 */
import type { ChartSourceName, DevEnvConfig } from '../config/config.ts';
import { PREFLIGHT_ID } from './preflight.ts';

/** Every chart source, in graph order. */
export const CHART_SOURCE_NAMES: readonly ChartSourceName[] = ['datahub', 'bitnami', 'qdrant', 'temporal'];

/** The `.env` variable of each source, for messages. */
export const CHART_SOURCE_VARIABLES: Readonly<Record<ChartSourceName, string>> = {
  datahub: 'DATASPOKE_DEV_HELM_REPO_DATAHUB_URL',
  bitnami: 'DATASPOKE_DEV_HELM_REPO_BITNAMI_URL',
  qdrant: 'DATASPOKE_DEV_HELM_REPO_QDRANT_URL',
  temporal: 'DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL',
};

/** Whether `name` is one of the four sources. */
export function isChartSourceName(name: string): name is ChartSourceName {
  return (CHART_SOURCE_NAMES as readonly string[]).includes(name);
}

/** An `oci://` registry needs no `helm repo add`; helm pulls each chart by its full reference. */
export function isOci(config: DevEnvConfig, source: ChartSourceName): boolean {
  return config.chartSources.urls[source].startsWith('oci://');
}

/** The sources `helm repo add` registers: the `https://` and `http://` ones. */
export function repositorySources(config: DevEnvConfig): ChartSourceName[] {
  return CHART_SOURCE_NAMES.filter((source) => !isOci(config, source));
}

/** The node that adds a repository source. */
export function repoNodeId(source: ChartSourceName): string {
  return `helm-repo:${source}`;
}

/**
 * Where a dependency of the umbrella chart points: the repository URL, or the registry path without a
 * trailing slash (helm appends `/<chart>`).
 */
export function sourceLocation(config: DevEnvConfig, source: ChartSourceName): string {
  const url = config.chartSources.urls[source];
  return isOci(config, source) ? url.replace(/\/+$/, '') : url;
}

/** How helm names `chart` from `source`: `SOURCE/CHART` from an added repository, `oci://HOST/PATH/CHART` from a registry. */
export function chartReference(config: DevEnvConfig, source: ChartSourceName, chart: string): string {
  return isOci(config, source) ? `${sourceLocation(config, source)}/${chart}` : `${source}/${chart}`;
}

/** Whether helm needs `--plain-http` for charts from these sources: some is `oci://` and plain HTTP is on. */
export function needsPlainHttp(config: DevEnvConfig, sources: readonly ChartSourceName[]): boolean {
  return config.chartSources.plainHttp && sources.some((source) => isOci(config, source));
}

/**
 * What a user of these sources waits for: the `helm-repo:` node of each repository source, or preflight
 * (helm is there) when every one is a registry.
 */
export function sourceDeps(config: DevEnvConfig, sources: readonly ChartSourceName[]): string[] {
  const repos = sources.filter((source) => !isOci(config, source)).map(repoNodeId);
  return repos.length > 0 ? repos : [PREFLIGHT_ID];
}

/** What a user of these sources fingerprints: each one's location, and plain HTTP when it applies. */
export function sourceInputs(config: DevEnvConfig, sources: readonly ChartSourceName[]): Record<string, unknown> {
  const locations = Object.fromEntries(sources.map((source) => [source, config.chartSources.urls[source]]));
  return needsPlainHttp(config, sources) ? { sources: locations, plainHttp: true } : { sources: locations };
}
