/**
 * The chart sources the simulated network holds, and the charts (with versions) in each: the public Helm
 * repositories and Bitnami's public OCI registry; at any other resolvable host, a mirror of every chart the
 * catalog knows (a corporate mirror, a chart server or registry on localhost). Hosts under the reserved
 * `.invalid` domain (RFC 2606) do not resolve.
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

const BITNAMI_CHARTS: IndexedChart[] = [
  { name: 'postgresql', versions: ['16.7.27', '16.7.26', '16.6.0', '15.5.38'].map((version) => ({ version, appVersion: '17.5.0' })) },
  { name: 'redis', versions: ['20.13.4', '20.11.3', '19.6.4'].map((version) => ({ version, appVersion: '7.4.3' })) },
  { name: 'mysql', versions: [{ version: '9.4.9', appVersion: '8.0.32' }] },
  { name: 'kafka', versions: [{ version: '26.11.2', appVersion: '3.6.1' }] },
];

const REPOS: readonly KnownRepo[] = [
  {
    url: 'https://helm.datahubproject.io/',
    charts: [
      { name: 'datahub', versions: datahubChart.versions, definition: datahubChart },
      { name: 'datahub-prerequisites', versions: prerequisitesChart.versions, definition: prerequisitesChart },
    ],
  },
  { url: 'https://charts.bitnami.com/bitnami', charts: BITNAMI_CHARTS },
  { url: 'https://qdrant.github.io/qdrant-helm', charts: [{ name: 'qdrant', versions: ['1.19.0', '1.18.0', '1.17.1', '0.10.1'].map((version) => ({ version, appVersion: 'v1.15.4' })) }] },
  { url: 'https://go.temporal.io/helm-charts', charts: [{ name: 'temporal', versions: [{ version: '0.72.0', appVersion: '1.29.1' }, { version: '0.71.0', appVersion: '1.28.0' }, { version: '1.0.0-rc.1', appVersion: '1.29.1' }] }] },
];

/** OCI registry paths (`oci://HOST/PATH`; a chart is `oci://HOST/PATH/CHART`, its versions are tags). */
const REGISTRIES: readonly KnownRepo[] = [{ url: 'oci://registry-1.docker.io/bitnamicharts', charts: BITNAMI_CHARTS }];

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the simulated network resolves `host`: everything but the reserved `.invalid` domain. */
export function resolvableHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name !== 'invalid' && !name.endsWith('.invalid');
}

/** A loopback host: helm talks plain HTTP to a registry there without being told (`--plain-http`). */
export function loopbackHost(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Whether the registry at `hostPort` (`HOST[:PORT]`) speaks plain HTTP: one on this machine, or one on an
 * explicit port other than 443 (a registry started without TLS, e.g. `registry.corp:5000`). Others speak
 * HTTPS only.
 */
export function plainHttpRegistry(hostPort: string): boolean {
  const port = /:(\d+)$/.exec(hostPort)?.[1];
  const host = port === undefined ? hostPort : hostPort.slice(0, -(port.length + 1));
  return loopbackHost(host) || (port !== undefined && port !== '443');
}

function mirror(url: string): KnownRepo | undefined {
  const host = hostOf(url);
  return host !== undefined && resolvableHost(host) ? { url, charts: knownRepoCharts() } : undefined;
}

/** The Helm repository at `url`, if the simulated network can reach it. */
export function knownRepo(url: string): KnownRepo | undefined {
  return REPOS.find((r) => normaliseUrl(r.url) === normaliseUrl(url)) ?? mirror(url);
}

/** The OCI registry path `oci://HOST/PATH`, if the simulated network can reach it. */
export function knownRegistry(location: string): KnownRepo | undefined {
  return REGISTRIES.find((r) => normaliseUrl(r.url) === normaliseUrl(location)) ?? mirror(location);
}

/** Every chart of every public source, once each (rollbacks find charts this way; mirrors hold them all). */
export function knownRepoCharts(): IndexedChart[] {
  const seen = new Set<string>();
  return REPOS.flatMap((r) => r.charts).filter((c) => !seen.has(c.name) && seen.add(c.name));
}
