/**
 * Chart sources end to end: `up` against a simulated cluster with mirrors and registries in `.env`, read
 * through the simulator's audit log (what helm was asked to do) and the umbrella chart's working copy.
 *
 *   .env ── helm-repo:{datahub,qdrant,temporal}   (https:// and http:// sources only)
 *        └─ chart-deps:dataspoke ── <state>/charts/dataspoke   Chart.yaml with the sources filled in,
 *                                                              Chart.lock and charts/*.tgz by helm
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { AuditEntry } from '../../sim/harness.ts';
import { devEnvText } from '../tasks/dev-env-file.ts';
import { devEnvHarness, outcomes, type DevEnvHarness } from './dev-env-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const MIRRORS = {
  DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: 'https://nexus.example.internal/repository/helm-datahub/',
  DATASPOKE_DEV_HELM_REPO_QDRANT_URL: 'https://nexus.example.internal/repository/helm-qdrant',
  DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: 'http://charts.offline.lan:8080/temporal',
  DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: 'oci://registry.offline.lan:5000/bitnamicharts/',
  DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true',
};

/** helm calls as `helm ARGS`, without the kube context. */
function helmCalls(entries: readonly AuditEntry[]): string[] {
  return entries
    .filter((e) => e.tool === 'helm')
    .map((e) => e.argv.filter((a, i, all) => a !== '--kube-context' && all[i - 1] !== '--kube-context'))
    .map((argv) => `helm ${argv.join(' ')}`);
}

interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition?: string;
}

/** Helm's Chart.lock digest (resolver.HashReq): sha256 of the JSON of [Chart.yaml's, the lock's] dependencies. */
function helmLockDigest(requested: readonly Dependency[], locked: readonly Dependency[]): string {
  const asGo = (d: Dependency) => ({ name: d.name, ...(d.version ? { version: d.version } : {}), repository: d.repository, ...(d.condition ? { condition: d.condition } : {}) });
  return `sha256:${createHash('sha256').update(JSON.stringify([requested.map(asGo), locked.map(asGo)])).digest('hex')}`;
}

/** Every file under `dir`, relative, sorted. */
async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('chart sources from .env', () => {
  it('up adds the repositories at the mirror URLs, pulls Bitnami from the registry into the working copy, and installs that copy', async () => {
    h = await devEnvHarness(undefined, MIRRORS);
    const tree = join(h.chartsDir, 'dataspoke');
    const treeBefore = await listing(tree);
    const up = await h.cli(['up', '--json']);
    expect(up.code, up.out + up.err).toBe(ExitCode.success);

    const copy = join(h.stateDir, 'charts', 'dataspoke');
    const calls = helmCalls(await h.sim.audit());
    const writing = calls.filter((c) => /^helm (repo add|dependency|upgrade)/.test(c));
    expect(writing.filter((c) => !c.startsWith('helm upgrade')).sort()).toEqual([
      'helm dependency update ' + copy + ' --plain-http',
      'helm repo add datahub https://nexus.example.internal/repository/helm-datahub/ --force-update',
      'helm repo add qdrant https://nexus.example.internal/repository/helm-qdrant --force-update',
      'helm repo add temporal http://charts.offline.lan:8080/temporal --force-update',
    ]);
    const upgrades = writing.filter((c) => c.startsWith('helm upgrade')).map((c) => c.split(' ').slice(0, 5).join(' '));
    expect(upgrades.sort()).toEqual([
      'helm upgrade --install datahub datahub/datahub',
      'helm upgrade --install datahub-prerequisites datahub/datahub-prerequisites',
      `helm upgrade --install dataspoke ${copy}`,
    ]);
    // The DataHub charts come from an added repository: no --plain-http for them.
    expect(calls.filter((c) => c.includes('datahub/datahub') && c.includes('--plain-http'))).toEqual([]);

    // The copy: Chart.yaml points at the sources, helm's lock agrees with it (build would accept it), the packages are there.
    const chart = parse(await readFile(join(copy, 'Chart.yaml'), 'utf8')) as { dependencies: Dependency[] };
    expect(Object.fromEntries(chart.dependencies.map((d) => [d.name, d.repository]))).toEqual({
      frontend: 'file://subcharts/frontend',
      api: 'file://subcharts/api',
      workers: 'file://subcharts/workers',
      postgresql: 'oci://registry.offline.lan:5000/bitnamicharts',
      redis: 'oci://registry.offline.lan:5000/bitnamicharts',
      qdrant: 'https://nexus.example.internal/repository/helm-qdrant',
      temporal: 'http://charts.offline.lan:8080/temporal',
    });
    const lock = parse(await readFile(join(copy, 'Chart.lock'), 'utf8')) as { dependencies: Dependency[]; digest: string };
    expect(lock.dependencies.map((d) => `${d.name} ${d.version} ${d.repository}`)).toContain('postgresql 16.7.27 oci://registry.offline.lan:5000/bitnamicharts');
    expect(lock.digest).toBe(helmLockDigest(chart.dependencies, lock.dependencies));
    // helm said where each package came from; the task's log has it.
    const log = [...(await h.stateFiles())].find(([path]) => path.endsWith('chart-deps_dataspoke.log'))?.[1] ?? '';
    expect(log).toContain('Downloading postgresql from repo oci://registry.offline.lan:5000/bitnamicharts\n');
    expect(log).toContain('Pulled: registry.offline.lan:5000/bitnamicharts/postgresql:16.7.27\n');
    expect((await readdir(join(copy, 'charts'))).sort()).toEqual(
      ['api-0.1.0', 'frontend-0.1.0', 'postgresql-16.7.27', 'qdrant-1.19.0', 'redis-20.13.4', 'temporal-0.72.0', 'workers-0.1.0'].map((p) => `${p}.tgz`),
    );
    // The release came from the copy; the tree was only read.
    const release = (await h.sim.readState()).releases.find((r) => r.name === 'dataspoke');
    expect(release?.sim.chartRef).toBe(copy);
    expect(await listing(tree)).toEqual(treeBefore);
  });

  it('with every source a registry, nothing is added with helm repo add and DataHub is installed by oci:// reference with --plain-http', async () => {
    h = await devEnvHarness(undefined, {
      DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: 'oci://registry.offline.lan:5000/datahub',
      DATASPOKE_DEV_HELM_REPO_QDRANT_URL: 'oci://registry.offline.lan:5000/qdrant',
      DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: 'oci://registry.offline.lan:5000/temporal',
      DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: 'oci://registry.offline.lan:5000/bitnamicharts',
      DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true',
    });
    const up = await h.cli(['up', '--json']);
    expect(up.code, up.out + up.err).toBe(ExitCode.success);
    expect(Object.keys(outcomes(up.out)).filter((id) => id.startsWith('helm-repo:'))).toEqual([]);
    const calls = helmCalls(await h.sim.audit());
    expect(calls.filter((c) => c.startsWith('helm repo add'))).toEqual([]);
    const installs = calls.filter((c) => c.startsWith('helm upgrade --install datahub')).map((c) => c.replace(/ -f \S+/g, ''));
    expect(installs.sort()).toEqual([
      'helm upgrade --install datahub oci://registry.offline.lan:5000/datahub/datahub -n datahub-01 --version 0.8.3 --timeout 15m0s --plain-http',
      'helm upgrade --install datahub-prerequisites oci://registry.offline.lan:5000/datahub/datahub-prerequisites -n datahub-01 --version 0.2.1 --timeout 5m0s --wait --plain-http',
    ]);
    const copy = join(h.stateDir, 'charts', 'dataspoke');
    expect(calls).toContain(`helm dependency update ${copy} --plain-http`);
  });

  it('changing DATASPOKE_DEV_HELM_REPO_QDRANT_URL re-runs helm-repo:qdrant, chart-deps and the infra release, and nothing else changes', async () => {
    h = await devEnvHarness();
    expect((await h.cli(['up', '--json'])).code).toBe(ExitCode.success);
    const before = (await h.sim.audit()).length;
    await writeFile(h.envFile, devEnvText({ DATASPOKE_DEV_HELM_REPO_QDRANT_URL: 'https://nexus.example.internal/repository/helm-qdrant' }));
    const second = await h.cli(['up', '--json']);
    expect(second.code, second.out).toBe(ExitCode.success);
    const ran = Object.entries(outcomes(second.out)).filter(([, o]) => o !== 'skipped/check').map(([id, o]) => `${id}: ${o}`);
    expect(ran).toEqual(['preflight: done', 'helm-repo:qdrant: done', 'chart-deps:dataspoke: done', 'release:dataspoke-infra: done']);
    const calls = await h.auditSince(before);
    const changes = calls.filter((c) => c.mutating || c.writesLocal).map((c) => `${c.tool} ${c.argv.slice(0, 3).join(' ')}`);
    expect(changes).toEqual(['helm repo add qdrant', `helm dependency update ${join(h.stateDir, 'charts', 'dataspoke')}`, 'helm upgrade --install dataspoke']);
    const chart = await readFile(join(h.stateDir, 'charts', 'dataspoke', 'Chart.yaml'), 'utf8');
    expect(chart).toContain('repository: "https://nexus.example.internal/repository/helm-qdrant"');

    // And the next up is a no-op again.
    const third = (await h.sim.audit()).length;
    expect((await h.cli(['up', '--json'])).code).toBe(ExitCode.success);
    expect((await h.auditSince(third)).filter((c) => c.mutating || c.writesLocal)).toEqual([]);
  });

  it('the infra release installs the tree as it is: files edited or removed since chart-deps ran are refreshed in the copy first', async () => {
    h = await devEnvHarness();
    expect((await h.cli(['up', '--only', 'dataspoke-infra', '--json'])).code).toBe(ExitCode.success);
    const tree = join(h.chartsDir, 'dataspoke');
    const copy = join(h.stateDir, 'charts', 'dataspoke');
    await writeFile(join(tree, 'templates', 'extra.yaml'), '# added after chart-deps ran\n');
    await rm(join(tree, 'templates', 'networkpolicy.yaml'));
    // A values change makes the release run again (a template edit alone does not: its check compares values).
    const valuesDev = join(tree, 'values-dev.yaml');
    await writeFile(valuesDev, (await readFile(valuesDev, 'utf8')).replace('size: 10Gi', 'size: 12Gi'));
    const again = await h.cli(['up', '--only', 'dataspoke-infra', '--json']);
    expect(again.code, again.out).toBe(ExitCode.success);
    expect(outcomes(again.out)['chart-deps:dataspoke']).toBe('skipped/check');
    expect(outcomes(again.out)['release:dataspoke-infra']).toBe('done');
    expect((await readdir(join(copy, 'templates'))).sort()).toEqual(['_helpers.tpl', 'configmap.yaml', 'extra.yaml', 'secrets.yaml']);
  });
});
