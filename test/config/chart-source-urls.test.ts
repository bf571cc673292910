/**
 * The public chart sources are named in one place only: the defaults of the env schema. Everything else in
 * the product takes the configured source, so a corporate mirror or an offline network is a matter of `.env`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHART_SOURCES } from '../../config/schema.ts';
import { REPO_ROOT } from './chart-tools.ts';

/** The hosts of the public sources, and of Bitnami's old HTTP repository. */
const PUBLIC_HOSTS = ['helm.datahubproject.io', 'qdrant.github.io', 'go.temporal.io', 'registry-1.docker.io', 'charts.bitnami.com'];

/** The product: what runs or is installed (not sim/, test/, bench/, docs). */
const PRODUCT = ['tasks', 'kube', 'env', 'config', 'charts', 'cli', 'engine', 'project', 'run-output', 'report', 'state', 'graph.ts'];

function filesUnder(relative: string): string[] {
  const full = path.join(REPO_ROOT, relative);
  if (relative.includes('.')) return [relative];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.tgz'))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(path.join('charts', 'dataspoke', 'charts')))
    .sort();
}

/** config/schema.ts without its DEFAULT_CHART_SOURCES block (the one place allowed to name them). */
function schemaOutsideDefaults(text: string): string {
  const block = /export const DEFAULT_CHART_SOURCES[^=]*= \{[^}]*\};/.exec(text);
  expect(block, 'config/schema.ts declares DEFAULT_CHART_SOURCES').not.toBeNull();
  return text.replace(block![0], '');
}

describe('public chart source URLs', () => {
  const files = PRODUCT.flatMap(filesUnder);

  it('the product has files to look at (the walk works)', () => {
    expect(files).toContain(path.join('tasks', 'helm-repos.ts'));
    expect(files).toContain(path.join('charts', 'dataspoke', 'Chart.yaml'));
    expect(files).toContain(path.join('env', '.env.example'));
  });

  it.each(PUBLIC_HOSTS)('%s appears in no product file but in the schema defaults', (host) => {
    const offenders = files.filter((file) => {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      return (file === path.join('config', 'schema.ts') ? schemaOutsideDefaults(text) : text).includes(host);
    });
    expect(offenders).toEqual([]);
  });

  it('the schema defaults name each public source once', () => {
    expect(Object.values(DEFAULT_CHART_SOURCES).map((url) => new URL(url).hostname).sort()).toEqual(
      PUBLIC_HOSTS.filter((host) => host !== 'charts.bitnami.com').sort(),
    );
  });
});
