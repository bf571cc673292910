/**
 * Finding the chart an install names: "repo/chart" through an added repository's index (with
 * --version), "oci://host/path/chart" from a registry (with --version and --plain-http), or a local chart
 * directory (Chart.yaml, values.yaml, and its dependencies in charts/).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CommandError } from '../core/exit.ts';
import type { SimState } from '../core/state.ts';
import { flagAt, getPath, isMap } from '../core/values.ts';
import { indexedChart, localChartDefinition } from '../catalog/index.ts';
import { highestSatisfying } from '../catalog/semver.ts';
import type { ChartDefinition } from '../catalog/types.ts';
import { isOciReference, pullOci, type OciPull } from './oci.ts';
import type { ChartMetadata, Values } from './release-types.ts';

/** A dependency as listed in Chart.yaml. */
export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  alias?: string;
  tags?: string[];
  [field: string]: unknown;
}

/** A chart ready to render. */
export interface ResolvedChart {
  /** "repo/chart" or the absolute chart directory. */
  ref: string;
  metadata: ChartMetadata;
  /** The chart's default values (values.yaml for local charts). */
  defaults: Values;
  /** Local charts: Chart.yaml dependencies. */
  dependencies: ChartDependency[];
  /** Local charts: the directory. */
  dir?: string;
  definition?: ChartDefinition;
  /** Charts from a registry: what was pulled (helm prints it). */
  pulled?: OciPull;
}

/** Chart.yaml and values.yaml of a local chart directory. */
export function readLocalChart(dir: string): { metadata: ChartMetadata; defaults: Values; dependencies: ChartDependency[] } {
  const chartFile = join(dir, 'Chart.yaml');
  if (!existsSync(chartFile)) throw new CommandError(`Error: Chart.yaml file is missing\n`);
  const raw = parse(readFileSync(chartFile, 'utf8')) as Record<string, unknown> | null;
  if (!isMap(raw) || typeof raw.name !== 'string') throw new CommandError('Error: validation: chart.metadata.name is required\n');
  if (typeof raw.version !== 'string' && typeof raw.version !== 'number') throw new CommandError('Error: validation: chart.metadata.version is required\n');
  const valuesFile = join(dir, 'values.yaml');
  const defaults = existsSync(valuesFile) ? ((parse(readFileSync(valuesFile, 'utf8')) as Values | null) ?? {}) : {};
  const dependencies = Array.isArray(raw.dependencies) ? (raw.dependencies as ChartDependency[]) : [];
  return { metadata: { ...raw, apiVersion: String(raw.apiVersion ?? 'v2'), name: raw.name, version: String(raw.version) } as ChartMetadata, defaults, dependencies };
}

/** Names of dependencies missing from charts/ (neither NAME-*.tgz nor a NAME directory). */
export function missingDependencies(dir: string, dependencies: readonly ChartDependency[]): string[] {
  const chartsDir = join(dir, 'charts');
  const entries = existsSync(chartsDir) ? readdirSync(chartsDir) : [];
  return dependencies
    .filter((d) => !entries.some((e) => e === d.name || (e.startsWith(`${d.name}-`) && e.endsWith('.tgz') && /^\d/.test(e.slice(d.name.length + 1)))))
    .map((d) => d.name);
}

/** The subcharts to render: listed, present, and with a condition that is not false. */
export function enabledSubcharts(dependencies: readonly ChartDependency[], values: Values): Set<string> {
  const out = new Set<string>();
  for (const dep of dependencies) {
    const conditions = (dep.condition ?? '').split(',').map((c) => c.trim()).filter((c) => c !== '');
    // helm uses the first condition path that resolves; a condition that resolves nowhere enables the chart.
    const resolved = conditions.find((c) => getPath(values, c) !== undefined);
    if (resolved !== undefined && !flagAt(values, resolved, true)) continue;
    out.add(dep.alias ? `${dep.name}=${dep.alias}` : dep.name);
  }
  return out;
}

/** Resolves CHART for install/upgrade; throws with helm's texts. */
export function resolveChart(state: SimState, ref: string, cwd: string, version: string | undefined, plainHttp = false): ResolvedChart {
  if (isOciReference(ref)) {
    const pulled = pullOci(ref, version, plainHttp);
    const appVersion = pulled.chart.versions.find((v) => v.version === pulled.version)?.appVersion;
    return {
      ref,
      metadata: {
        apiVersion: 'v2', name: pulled.chart.name, version: pulled.version, ...(appVersion ? { appVersion } : {}),
        description: pulled.chart.definition?.description ?? pulled.chart.name, type: 'application',
      },
      defaults: {},
      dependencies: [],
      definition: pulled.chart.definition,
      pulled,
    };
  }
  const path = resolve(cwd, ref);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const { metadata, defaults, dependencies } = readLocalChart(path);
    const missing = missingDependencies(path, dependencies);
    if (missing.length > 0) {
      throw new CommandError(`Error: An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}\n`);
    }
    return { ref: path, metadata, defaults, dependencies, dir: path, definition: localChartDefinition(metadata.name) };
  }
  const slash = ref.indexOf('/');
  if (slash === -1) throw new CommandError(`Error: non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}\n`);
  const repoName = ref.slice(0, slash);
  const chartName = ref.slice(slash + 1);
  const repo = state.repos.find((r) => r.name === repoName);
  if (!repo) throw new CommandError(`Error: repo ${repoName} not found\n`);
  const chart = indexedChart(repo.url, chartName);
  if (!chart) throw new CommandError(`Error: chart "${chartName}" not found in ${repoName} index. (try 'helm repo update'): no chart name found\n`);
  const picked = highestSatisfying(chart.versions.map((v) => v.version), version);
  if (!picked) {
    throw new CommandError(`Error: chart "${chartName}" matching ${version} not found in ${repoName} index. (try 'helm repo update'): no chart version found for ${chartName}-${version}\n`);
  }
  const appVersion = chart.versions.find((v) => v.version === picked)!.appVersion;
  return {
    ref,
    metadata: {
      apiVersion: 'v2', name: chartName, version: picked, ...(appVersion ? { appVersion } : {}),
      description: chart.definition?.description ?? chartName, type: 'application',
    },
    defaults: {},
    dependencies: [],
    definition: chart.definition,
  };
}
