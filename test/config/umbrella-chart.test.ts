/**
 * The umbrella chart's structure: exact dependency versions that the upstream packages confirm, a Chart.lock that
 * matches Chart.yaml (digest included), the local subcharts, and the guarded templates.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSemver } from '../../env/rules.ts';
import { parse } from 'yaml';
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
const chart = readValues('charts/dataspoke/Chart.yaml') as { apiVersion: string; dependencies: Dependency[] };
const lock = readValues('charts/dataspoke/Chart.lock') as { dependencies: Dependency[]; digest: string };

/**
 * Helm's Chart.lock digest (pkg/downloader/resolver HashReq): sha256 of the JSON of [requested, locked]
 * dependencies, with Go's field order and omitempty rules (name, version, repository, condition).
 */
function helmLockDigest(requested: readonly Dependency[], locked: readonly Dependency[]): string {
  const asGo = (dependency: Dependency) => ({
    name: dependency.name,
    ...(dependency.version ? { version: dependency.version } : {}),
    repository: dependency.repository,
    ...(dependency.condition ? { condition: dependency.condition } : {}),
  });
  const json = JSON.stringify([requested.map(asGo), locked.map(asGo)]);
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
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
      const pin = pinnedCharts().find((p) => p.chart === dependency.name);
      const file = path.join(chartCache(), pin!.repo, `${dependency.name}-${dependency.version}.tgz`);
      const shown = parse(execFileSync(path.join(toolsBin(process.env, ['helm']), 'helm'), ['show', 'chart', file], { encoding: 'utf8' })) as Dependency;
      expect([shown.name, shown.version]).toEqual([dependency.name, dependency.version]);
    }
  });
});

describe('charts/dataspoke/Chart.lock', () => {
  it('locks exactly the versions Chart.yaml asks for', () => {
    expect(lock.dependencies).toEqual(
      chart.dependencies.map(({ name, repository, version }) => ({ name, repository, version })),
    );
  });

  it('carries the digest helm computes for them (else helm dependency build refuses the lock)', () => {
    expect(lock.digest).toBe(helmLockDigest(chart.dependencies, lock.dependencies));
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
