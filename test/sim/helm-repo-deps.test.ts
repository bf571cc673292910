import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { writeTree } from './fixtures.ts';

let sim: SimCluster;

const CHART = `apiVersion: v2
name: dataspoke
version: 0.1.0
appVersion: "0.1.0"
dependencies:
  - name: frontend
    version: "0.1.0"
    repository: "file://subcharts/frontend"
    condition: frontend.enabled
  - name: postgresql
    version: "16.x.x"
    repository: "https://charts.bitnami.com/bitnami"
    condition: postgresql.enabled
  - name: qdrant
    version: "1.x.x"
    repository: "https://qdrant.github.io/qdrant-helm"
    condition: qdrant.enabled
`;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001 });
});
afterAll(() => sim.dispose());

describe('helm version and repo', () => {
  it('prints the short version', async () => {
    expect((await sim.run('helm', ['version', '--short'])).stdout).toBe('v3.17.4+g595a05d\n');
  });

  it('has no repositories at first: an empty list in JSON and YAML, an error for the table', async () => {
    const json = await sim.run('helm', ['repo', 'list', '-o', 'json']);
    expect([json.exitCode, json.stdout, json.stderr]).toEqual([0, '[]\n', '']);
    const yaml = await sim.run('helm', ['repo', 'list', '-o', 'yaml']);
    expect([yaml.exitCode, yaml.stdout, yaml.stderr]).toEqual([0, '[]\n', '']);
    const table = await sim.run('helm', ['repo', 'list']);
    expect([table.exitCode, table.stdout, table.stderr]).toEqual([1, '', 'Error: no repositories to show\n']);
  });

  it('adds, skips, lists and updates repositories', async () => {
    const add = await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/', '--force-update']);
    expect(add.stdout).toBe('"datahub" has been added to your repositories\n');
    const again = await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/']);
    expect(again.stdout).toBe('"datahub" already exists with the same configuration, skipping\n');
    const clash = await sim.run('helm', ['repo', 'add', 'datahub', 'https://charts.bitnami.com/bitnami']);
    expect(clash.stderr).toBe('Error: repository name (datahub) already exists, please specify a different name\n');
    const list = await sim.run('helm', ['repo', 'list', '-o', 'json']);
    expect(list.stdout).toBe('[{"name":"datahub","url":"https://helm.datahubproject.io/"}]\n');
    const update = await sim.run('helm', ['repo', 'update', 'datahub']);
    expect(update.stdout).toBe('Hang tight while we grab the latest from your chart repositories...\n...Successfully got an update from the "datahub" chart repository\nUpdate Complete. ⎈Happy Helming!⎈\n');
    const unknown = await sim.run('helm', ['repo', 'update', 'nope']);
    expect(unknown.stderr).toBe("Error: no repositories found matching 'nope'.  Nothing will be updated\n");
  });

  it('cannot reach a URL outside the catalog', async () => {
    const r = await sim.run('helm', ['repo', 'add', 'mine', 'https://example.invalid/charts']);
    expect(r.stderr).toBe('Error: looks like "https://example.invalid/charts" is not a valid chart repository or cannot be reached: failed to fetch https://example.invalid/charts/index.yaml : 404 Not Found\n');
  });
});

describe('helm dependency', () => {
  it('update resolves ranges, packages file:// charts, and writes Chart.lock', async () => {
    const root = await writeTree({ 'charts/dataspoke/Chart.yaml': CHART, 'charts/dataspoke/subcharts/frontend/Chart.yaml': 'apiVersion: v2\nname: frontend\nversion: 0.1.0\n' });
    const r = await sim.run('helm', ['dependency', 'update', 'charts/dataspoke'], { cwd: root });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Getting updates for unmanaged Helm repositories...\n');
    expect(r.stdout).toContain('Saving 3 charts\nDownloading postgresql from repo https://charts.bitnami.com/bitnami\nDownloading qdrant from repo https://qdrant.github.io/qdrant-helm\nDeleting outdated charts\n');
    expect(readdirSync(join(root, 'charts/dataspoke/charts')).sort()).toEqual(['frontend-0.1.0.tgz', 'postgresql-16.7.27.tgz', 'qdrant-1.19.0.tgz']);
    const lock = parse(readFileSync(join(root, 'charts/dataspoke/Chart.lock'), 'utf8'));
    expect(lock.dependencies).toEqual([
      { name: 'frontend', repository: 'file://subcharts/frontend', version: '0.1.0' },
      { name: 'postgresql', repository: 'https://charts.bitnami.com/bitnami', version: '16.7.27' },
      { name: 'qdrant', repository: 'https://qdrant.github.io/qdrant-helm', version: '1.19.0' },
    ]);
    expect(lock.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('build with a lock fails clearly when a repository is not added, then works once it is', async () => {
    const root = await writeTree({ 'charts/dataspoke/Chart.yaml': CHART, 'charts/dataspoke/subcharts/frontend/Chart.yaml': 'apiVersion: v2\nname: frontend\nversion: 0.1.0\n' });
    await sim.run('helm', ['dependency', 'update', 'charts/dataspoke'], { cwd: root });
    const missing = await sim.run('helm', ['dependency', 'build', 'charts/dataspoke'], { cwd: root });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe("Error: no repository definition for https://charts.bitnami.com/bitnami, https://qdrant.github.io/qdrant-helm. Please add the missing repos via 'helm repo add'\n");
    await sim.run('helm', ['repo', 'add', 'bitnami', 'https://charts.bitnami.com/bitnami']);
    await sim.run('helm', ['repo', 'add', 'qdrant', 'https://qdrant.github.io/qdrant-helm']);
    const ok = await sim.run('helm', ['dependency', 'build', 'charts/dataspoke'], { cwd: root });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('...Successfully got an update from the "bitnami" chart repository\n');
    expect(existsSync(join(root, 'charts/dataspoke/charts/postgresql-16.7.27.tgz'))).toBe(true);
  });

  it('reports a version range nothing satisfies', async () => {
    const root = await writeTree({ 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: "99.x.x"\n    repository: "https://charts.bitnami.com/bitnami"\n' });
    const r = await sim.run('helm', ['dependency', 'update', 'c'], { cwd: root });
    expect(r.stderr).toBe('Error: can\'t get a valid version for 1 subchart(s): "redis" (repository "https://charts.bitnami.com/bitnami", version "99.x.x")\n');
  });
});
