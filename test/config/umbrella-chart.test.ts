/**
 * The umbrella chart's structure: exact dependency versions that agree with UPSTREAM.md, community
 * repositories that are chart-source placeholders (and the working copy's Chart.yaml that fills them in),
 * the local subcharts, and the guarded templates.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isSemver } from '../../env/rules.ts';
import { DEFAULT_CHART_SOURCES } from '../../env/schema.ts';
import { sourcesOfChart, workingChartYaml } from '../../tasks/chart-copy.ts';
import { readValues, REPO_ROOT, UPSTREAM_VALUES_DIR } from './chart-tools.ts';

interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition?: string;
}

const CHART_DIR = path.join(REPO_ROOT, 'charts', 'dataspoke');
const CHART_YAML = readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8');
const chart = readValues('charts/dataspoke/Chart.yaml') as { apiVersion: string; dependencies: Dependency[] };

/** The "Helm repositories and pinned versions" table of UPSTREAM.md: chart → { repo name, url, version }. */
function upstreamTable(): Map<string, { repo: string; url: string; version: string }> {
  const text = readFileSync(path.join(UPSTREAM_VALUES_DIR, '..', 'UPSTREAM.md'), 'utf8');
  const rows = new Map<string, { repo: string; url: string; version: string }>();
  for (const match of text.matchAll(/^\| `([^`]+)` \| (\w+) \| (\S+) \| ([^|]+?) \|/gm)) {
    const [, name, repo, url, version] = match;
    if (name !== undefined && repo !== undefined && url !== undefined && version !== undefined) rows.set(name, { repo, url, version: version.trim() });
  }
  return rows;
}

/** The working copy's dependencies for `locations` (what chart-deps:dataspoke writes). */
function workingDependencies(locations: Record<string, string>): Dependency[] {
  return (parse(workingChartYaml(CHART_YAML, (source) => locations[source]!)) as { dependencies: Dependency[] }).dependencies;
}

describe('charts/dataspoke/Chart.yaml', () => {
  it('is a v2 chart whose dependencies each have an exact version and a <name>.enabled condition', () => {
    expect(chart.apiVersion).toBe('v2');
    for (const dependency of chart.dependencies) {
      expect(isSemver(dependency.version), `${dependency.name} ${dependency.version}`).toBe(true);
      expect(dependency.condition).toBe(`${dependency.name}.enabled`);
    }
  });

  it('pins the community charts to the versions of UPSTREAM.md, each from the chart source of its repository', () => {
    const table = upstreamTable();
    for (const dependency of chart.dependencies.filter((candidate) => !candidate.repository.startsWith('file://'))) {
      const row = table.get(dependency.name);
      expect(row, `UPSTREAM.md has no row for ${dependency.name}`).toBeDefined();
      // "@bitnami" is a placeholder the working copy fills with DATASPOKE_DEV_HELM_REPO_BITNAMI_URL.
      expect(dependency.repository).toBe(`@${row?.repo}`);
      expect(Object.keys(DEFAULT_CHART_SOURCES)).toContain(row?.repo);
      // "16.x" means any 16.*.*; "1.x (1.19.0 latest seen)" and "0.72.0" name exact versions.
      const exact = /\d+\.\d+\.\d+/.exec(row?.version ?? '')?.[0];
      if (exact !== undefined) expect(dependency.version).toBe(exact);
      else expect(dependency.version.split('.')[0]).toBe(row?.version.split('.')[0]);
    }
  });

  it('has one upstream defaults file for every community chart whose keys we check', () => {
    for (const name of ['qdrant-1.19.0', 'temporal-0.72.0']) {
      const [chartName, version] = name.split(/-(?=\d)/);
      expect(chart.dependencies.find((dependency) => dependency.name === chartName)?.version).toBe(version);
      expect(existsSync(path.join(UPSTREAM_VALUES_DIR, `${name}.values.yaml`))).toBe(true);
    }
  });
});

describe('chart sources', () => {
  it("the public sources are UPSTREAM.md's repositories, except Bitnami's OCI registry (its HTTP index drops old versions)", () => {
    const table = upstreamTable();
    expect(DEFAULT_CHART_SOURCES.datahub).toBe(table.get('datahub/datahub')?.url);
    expect(DEFAULT_CHART_SOURCES.qdrant).toBe(table.get('qdrant')?.url);
    expect(DEFAULT_CHART_SOURCES.temporal).toBe(table.get('temporal')?.url);
    expect(DEFAULT_CHART_SOURCES.bitnami).toBe('oci://registry-1.docker.io/bitnamicharts');
  });

  it('Chart.yaml names the bitnami, qdrant and temporal sources, and no repository URL but its own file:// subcharts', () => {
    expect(sourcesOfChart(CHART_YAML)).toEqual(['bitnami', 'qdrant', 'temporal']);
    expect(chart.dependencies.map((d) => d.repository).filter((r) => !r.startsWith('@') && !r.startsWith('file://'))).toEqual([]);
  });

  it('with the default sources, the working copy points each community chart at its public source and changes nothing else', () => {
    const copied = workingDependencies(DEFAULT_CHART_SOURCES);
    expect(copied).toEqual(
      chart.dependencies.map((d) =>
        d.repository.startsWith('@') ? { ...d, repository: DEFAULT_CHART_SOURCES[d.repository.slice(1) as keyof typeof DEFAULT_CHART_SOURCES] } : d,
      ),
    );
  });

  it('with mirrors, the working copy names the mirrors', () => {
    const locations = { bitnami: 'oci://localhost:5000/bitnamicharts', qdrant: 'https://nexus.example/qdrant/', temporal: 'http://10.0.0.5/temporal' };
    expect(Object.fromEntries(workingDependencies(locations).map((d) => [d.name, d.repository]))).toEqual({
      frontend: 'file://subcharts/frontend',
      api: 'file://subcharts/api',
      workers: 'file://subcharts/workers',
      postgresql: 'oci://localhost:5000/bitnamicharts',
      redis: 'oci://localhost:5000/bitnamicharts',
      qdrant: 'https://nexus.example/qdrant/',
      temporal: 'http://10.0.0.5/temporal',
    });
  });

  it('keeps no Chart.lock in the tree: its digest covers the repository URLs, which depend on .env', () => {
    // helm dependency update writes the copy's lock; one made by hand in the tree is ignored by git.
    expect(readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8').split('\n')).toContain('charts/dataspoke/Chart.lock');
  });
});

describe('application subcharts', () => {
  const expected: Record<string, string[]> = {
    frontend: ['_helpers.tpl', 'deployment.yaml', 'hpa.yaml', 'ingress.yaml', 'service.yaml'],
    api: ['_helpers.tpl', 'deployment.yaml', 'hpa.yaml', 'ingress.yaml', 'service.yaml'],
    workers: ['_helpers.tpl', 'deployment.yaml'],
  };

  it.each(Object.entries(expected))('%s has Chart.yaml, values.yaml and its templates', (name, templates) => {
    const dependency = chart.dependencies.find((candidate) => candidate.name === name);
    expect(dependency?.repository).toBe(`file://subcharts/${name}`);
    const subchart = readValues(`charts/dataspoke/subcharts/${name}/Chart.yaml`);
    expect([subchart.name, subchart.version]).toEqual([name, dependency?.version]);
    expect(existsSync(path.join(CHART_DIR, 'subcharts', name, 'values.yaml'))).toBe(true);
    for (const template of templates) expect(existsSync(path.join(CHART_DIR, 'subcharts', name, 'templates', template)), template).toBe(true);
  });
});

describe('umbrella templates', () => {
  it.each([
    ['configmap.yaml', '{{- if .Values.config.createConfigMap }}'],
    ['secrets.yaml', '{{- if .Values.secrets.createSecret }}'],
    ['networkpolicy.yaml', '{{- if .Values.networkPolicy.enabled }}'],
  ])('%s renders only under its switch', (file, guard) => {
    expect(readFileSync(path.join(CHART_DIR, 'templates', file), 'utf8')).toContain(guard);
  });

  it('_helpers.tpl defines the names and labels the templates use', () => {
    const helpers = readFileSync(path.join(CHART_DIR, 'templates', '_helpers.tpl'), 'utf8');
    for (const name of ['dataspoke.name', 'dataspoke.fullname', 'dataspoke.chart', 'dataspoke.labels', 'dataspoke.selectorLabels']) {
      expect(helpers).toContain(`{{- define "${name}" -}}`);
    }
  });
});
