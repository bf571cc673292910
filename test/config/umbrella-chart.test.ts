/**
 * The umbrella chart's structure: exact dependency versions that agree with UPSTREAM.md, a Chart.lock that
 * matches Chart.yaml (digest included), the local subcharts, and the guarded templates.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSemver } from '../../env/rules.ts';
import { readValues, REPO_ROOT, UPSTREAM_VALUES_DIR } from './chart-tools.ts';

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

/** The "Helm repositories and pinned versions" table of UPSTREAM.md: chart → { url, version }. */
function upstreamTable(): Map<string, { url: string; version: string }> {
  const text = readFileSync(path.join(UPSTREAM_VALUES_DIR, '..', 'UPSTREAM.md'), 'utf8');
  const rows = new Map<string, { url: string; version: string }>();
  for (const match of text.matchAll(/^\| `([^`]+)` \| \w+ \| (\S+) \| ([^|]+?) \|/gm)) {
    const [, name, url, version] = match;
    if (name !== undefined && url !== undefined && version !== undefined) rows.set(name, { url, version: version.trim() });
  }
  return rows;
}

describe('charts/dataspoke/Chart.yaml', () => {
  it('is a v2 chart whose dependencies each have an exact version and a <name>.enabled condition', () => {
    expect(chart.apiVersion).toBe('v2');
    for (const dependency of chart.dependencies) {
      expect(isSemver(dependency.version), `${dependency.name} ${dependency.version}`).toBe(true);
      expect(dependency.condition).toBe(`${dependency.name}.enabled`);
    }
  });

  it('pins the community charts to the repositories and versions of UPSTREAM.md', () => {
    const table = upstreamTable();
    for (const dependency of chart.dependencies.filter((candidate) => !candidate.repository.startsWith('file://'))) {
      const row = table.get(dependency.name);
      expect(row, `UPSTREAM.md has no row for ${dependency.name}`).toBeDefined();
      expect(dependency.repository).toBe(row?.url);
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
