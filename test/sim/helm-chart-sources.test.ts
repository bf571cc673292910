/**
 * Chart sources in the simulated helm: repositories at any resolvable URL (mirrors), `oci://` charts for
 * `upgrade --install` and for `dependency update`/`build`, `--plain-http`, and helm 3.17's texts when a
 * registry lacks a version or speaks plain HTTP.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { writeTree } from './fixtures.ts';

const kctx = ['--kube-context', 'minikube'];
let sim: SimCluster;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001, latencyMs: [0, 0] });
  await sim.run('kubectl', ['create', 'namespace', 'mirrors', '--context', 'minikube']);
});
afterAll(() => sim.dispose());

const install = (release: string, chart: string, extra: string[] = []) =>
  sim.run('helm', ['upgrade', '--install', release, chart, '-n', 'mirrors', '--timeout', '5m0s', ...extra, ...kctx]);
const digest = /^sha256:[0-9a-f]{64}$/;

describe('repositories at any URL', () => {
  it('a mirror serves the catalog charts under any name, and installs from it by repo/chart', async () => {
    const add = await sim.run('helm', ['repo', 'add', 'corp', 'https://nexus.example.internal/repository/helm-datahub/', '--force-update']);
    expect(add.stdout).toBe('"corp" has been added to your repositories\n');
    const r = await install('prereqs', 'corp/datahub-prerequisites', ['--version', '0.2.1']);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
  });

  it('an oci:// URL is not a repository', async () => {
    const r = await sim.run('helm', ['repo', 'add', 'bitnami', 'oci://registry-1.docker.io/bitnamicharts']);
    expect(r.stderr).toBe('Error: looks like "oci://registry-1.docker.io/bitnamicharts" is not a valid chart repository or cannot be reached: could not find protocol handler for: oci\n');
  });
});

describe('upgrade --install from a registry', () => {
  it("pulls Bitnami's public registry by its last path segment, with --version, and says what it pulled on stderr", async () => {
    const r = await install('pg', 'oci://registry-1.docker.io/bitnamicharts/postgresql', ['--version', '16.7.27']);
    expect(r.exitCode).toBe(0);
    const [pulled, sha] = r.stderr.split('\n');
    expect(pulled).toBe('Pulled: registry-1.docker.io/bitnamicharts/postgresql:16.7.27');
    expect(sha?.replace('Digest: ', '')).toMatch(digest);
    const [row] = JSON.parse((await sim.run('helm', ['list', '-n', 'mirrors', '--filter', '^pg$', '-o', 'json', ...kctx])).stdout);
    expect(row).toMatchObject({ name: 'pg', chart: 'postgresql-16.7.27', status: 'deployed' });
  });

  it('an unknown version fails at the pull, as real helm does (no "UPGRADE FAILED" prefix on the upgrade path either)', async () => {
    const fresh = await install('pg2', 'oci://registry-1.docker.io/bitnamicharts/postgresql', ['--version', '99.0.0']);
    expect([fresh.exitCode, fresh.stderr]).toEqual([1, 'Error: registry-1.docker.io/bitnamicharts/postgresql:99.0.0: not found\n']);
    const upgrade = await install('pg', 'oci://registry-1.docker.io/bitnamicharts/postgresql', ['--version', '99.0.0']);
    expect(upgrade.stderr).toBe('Error: registry-1.docker.io/bitnamicharts/postgresql:99.0.0: not found\n');
    const range = await install('pg2', 'oci://registry-1.docker.io/bitnamicharts/postgresql', ['--version', '99.x']);
    expect(range.stderr).toBe('Error: Could not locate a version matching provided version string 99.x\n');
  });

  it('a plain-HTTP registry elsewhere needs --plain-http; one on this machine does not', async () => {
    const ref = 'oci://registry.corp.example:5000/mirror/qdrant/qdrant';
    const refused = await install('corp-qdrant', ref, ['--version', '1.19.0']);
    expect(refused.stderr).toBe(
      'Error: failed to do request: Head "https://registry.corp.example:5000/v2/mirror/qdrant/qdrant/manifests/1.19.0": http: server gave HTTP response to HTTPS client\n',
    );
    const plain = await install('corp-qdrant', ref, ['--version', '1.19.0', '--plain-http']);
    expect([plain.exitCode, plain.stderr.split('\n')[0]]).toEqual([0, 'Pulled: registry.corp.example:5000/mirror/qdrant/qdrant:1.19.0']);
    const local = await install('local-redis', 'oci://localhost:5000/bitnamicharts/redis', ['--version', '20.13.4']);
    expect(local.exitCode).toBe(0);
  });

  it('a host that does not resolve, and a chart the registry lacks', async () => {
    const nowhere = await install('x', 'oci://registry.example.invalid/charts/redis', ['--version', '20.13.4']);
    expect(nowhere.stderr).toBe(
      'Error: failed to do request: Head "https://registry.example.invalid/v2/charts/redis/manifests/20.13.4": dial tcp: lookup registry.example.invalid on 127.0.0.53:53: no such host\n',
    );
    const missing = await install('x', 'oci://localhost:5000/bitnamicharts/nope');
    expect(missing.stderr).toBe('Error: GET "http://localhost:5000/v2/bitnamicharts/nope/tags/list": unexpected status code 404: name unknown: repository name not known to registry\n');
  });
});

const UMBRELLA = (bitnami: string, qdrant = 'https://mirror.example/qdrant') => `apiVersion: v2
name: umbrella
version: 0.1.0
dependencies:
  - {name: postgresql, version: "16.7.27", repository: "${bitnami}", condition: postgresql.enabled}
  - {name: redis, version: "20.x.x", repository: "${bitnami}", condition: redis.enabled}
  - {name: qdrant, version: "1.19.0", repository: "${qdrant}", condition: qdrant.enabled}
`;

describe('dependency update with oci:// dependencies', () => {
  it('locks them at the registry, pulls them (--plain-http where needed) and writes the packages', async () => {
    const root = await writeTree({ 'c/Chart.yaml': UMBRELLA('oci://registry.corp.example:5000/bitnamicharts') });
    const r = await sim.run('helm', ['dependency', 'update', 'c', '--plain-http'], { cwd: root });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'Getting updates for unmanaged Helm repositories...\n...Successfully got an update from the "https://mirror.example/qdrant" chart repository\n' +
        'Saving 3 charts\nDownloading postgresql from repo oci://registry.corp.example:5000/bitnamicharts\n' +
        'Downloading redis from repo oci://registry.corp.example:5000/bitnamicharts\nDownloading qdrant from repo https://mirror.example/qdrant\nDeleting outdated charts\n',
    );
    expect(r.stderr).toMatch(/^Pulled: registry.corp.example:5000\/bitnamicharts\/postgresql:16.7.27\nDigest: sha256:\w{64}\nPulled: registry.corp.example:5000\/bitnamicharts\/redis:20.13.4\nDigest: sha256:\w{64}\n$/);
    expect(readdirSync(join(root, 'c/charts')).sort()).toEqual(['postgresql-16.7.27.tgz', 'qdrant-1.19.0.tgz', 'redis-20.13.4.tgz']);
    const lock = parse(readFileSync(join(root, 'c/Chart.lock'), 'utf8'));
    expect(lock.dependencies).toEqual([
      { name: 'postgresql', repository: 'oci://registry.corp.example:5000/bitnamicharts', version: '16.7.27' },
      { name: 'redis', repository: 'oci://registry.corp.example:5000/bitnamicharts', version: '20.13.4' },
      { name: 'qdrant', repository: 'https://mirror.example/qdrant', version: '1.19.0' },
    ]);
    // build accepts the lock update wrote: the oci:// dependencies need no `helm repo add`.
    await sim.run('helm', ['repo', 'add', 'qdrant', 'https://mirror.example/qdrant']);
    const build = await sim.run('helm', ['dependency', 'build', 'c', '--plain-http'], { cwd: root });
    expect([build.exitCode, build.stderr.startsWith('Pulled: ')]).toEqual([0, true]);
  });

  it('an unknown version fails the save, and the packages already there stay', async () => {
    const root = await writeTree({ 'c/Chart.yaml': UMBRELLA('oci://localhost:5000/bitnamicharts'), 'c/charts/keep-1.0.0.tgz': 'x' });
    const bad = readFileSync(join(root, 'c/Chart.yaml'), 'utf8').replace('16.7.27', '16.7.99');
    await writeFile(join(root, 'c/Chart.yaml'), bad);
    const r = await sim.run('helm', ['dependency', 'update', 'c'], { cwd: root });
    expect(r.exitCode).toBe(1);
    expect(r.stdout.endsWith('Saving 3 charts\nDownloading postgresql from repo oci://localhost:5000/bitnamicharts\nSave error occurred:  could not download oci://localhost:5000/bitnamicharts/postgresql: localhost:5000/bitnamicharts/postgresql:16.7.99: not found\n')).toBe(true);
    expect(r.stderr).toBe('Error: could not download oci://localhost:5000/bitnamicharts/postgresql: localhost:5000/bitnamicharts/postgresql:16.7.99: not found\n');
    expect(readdirSync(join(root, 'c/charts'))).toEqual(['keep-1.0.0.tgz']);
    expect(existsSync(join(root, 'c/Chart.lock'))).toBe(false);
  });

  it('a plain-HTTP registry without --plain-http cannot list tags for a range', async () => {
    const root = await writeTree({ 'c/Chart.yaml': UMBRELLA('oci://registry.corp.example:5000/bitnamicharts') });
    const r = await sim.run('helm', ['dependency', 'update', 'c'], { cwd: root });
    expect(r.stderr).toBe(
      'Error: could not retrieve list of tags for repository oci://registry.corp.example:5000/bitnamicharts: Get "https://registry.corp.example:5000/v2/bitnamicharts/redis/tags/list": http: server gave HTTP response to HTTPS client\n',
    );
  });
});
