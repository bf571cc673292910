/**
 * The umbrella chart's structure: exact dependency versions that the upstream packages confirm, community
 * repositories that are chart-source placeholders (and the working copy's Chart.yaml that fills them in),
 * the local subcharts, and the guarded templates.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isSemver } from '../../config/rules.ts';
import { DEFAULT_CHART_SOURCES } from '../../config/schema.ts';
import { sourcesOfChart, workingChartYaml } from '../../tasks/chart-copy.ts';
import { chartCache, pinnedCharts } from '../../scripts/real-cluster/fetch-charts.ts';
import { toolsBin } from '../real/tools.ts';
import { readValues, REPO_ROOT } from './chart-tools.ts';

interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition?: string;
}

const CHART_DIR = path.join(REPO_ROOT, 'charts', 'dataspoke');
const CHART_YAML = readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8');
const chart = readValues('charts/dataspoke/Chart.yaml') as { apiVersion: string; dependencies: Dependency[] };

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

  it('pins each community chart to a version whose upstream package says the same (helm show chart)', () => {
    const community = chart.dependencies.filter((candidate) => !candidate.repository.startsWith('file://'));
    expect(community.map((d) => d.name).sort()).toEqual(['postgresql', 'qdrant', 'redis', 'temporal']);
    for (const dependency of community) {
      const pin = pinnedCharts().find((p) => p.chart === dependency.name)!;
      // "@bitnami" is a placeholder the working copy fills with DATASPOKE_DEV_HELM_REPO_BITNAMI_URL.
      expect(dependency.repository).toBe(`@${pin.repo}`);
      const file = path.join(chartCache(), pin.repo, `${dependency.name}-${dependency.version}.tgz`);
      const shown = parse(execFileSync(path.join(toolsBin(process.env, ['helm']), 'helm'), ['show', 'chart', file], { encoding: 'utf8' })) as Dependency;
      expect([shown.name, shown.version]).toEqual([dependency.name, dependency.version]);
    }
  });
});

describe('chart sources', () => {
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
