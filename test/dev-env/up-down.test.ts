import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { RunEvent } from '../../engine/index.ts';
import { TEST_PASSWORDS } from '../tasks/dev-env-file.ts';
import { devEnvHarness, mutating, objects, outcomes, type DevEnvHarness } from './dev-env-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const releases = async (harness: DevEnvHarness) =>
  (await harness.sim.readState()).releases
    .filter((r) => r.info.status === 'deployed')
    .map((r) => `${r.namespace}/${r.name}`)
    .sort();

describe('the DataSpoke environment on a simulated cluster', () => {
  it('comes up from empty, and a second up is a no-op that makes no mutating call', async () => {
    h = await devEnvHarness();
    const first = await h.cli(['up', '--json']);
    expect(first.err).toBe('');
    expect(first.code).toBe(ExitCode.success);
    expect(await releases(h)).toEqual(['datahub-01/datahub', 'datahub-01/datahub-prerequisites', 'dataspoke-01/dataspoke']);
    expect(Object.values(outcomes(first.out)).every((o) => o === 'done' || o === 'skipped/check')).toBe(true);
    // While helm installed DataHub, the system-update hook's progress went to that task's log.
    const datahubLog = [...(await h.stateFiles())].find(([path]) => path.endsWith('release_datahub.log'))?.[1] ?? '';
    expect(datahubLog).toMatch(/datahub-system-update: (running for|complete after)/);

    const before = (await h.sim.audit()).length;
    const second = await h.cli(['up', '--json']);
    expect(second.code).toBe(ExitCode.success);
    const calls = await h.auditSince(before);
    expect(mutating(calls).map((c) => c.argv.join(' '))).toEqual([]);
    // Only preflight runs (it only reads); everything else is skipped by its check.
    expect(Object.entries(outcomes(second.out)).filter(([, o]) => o !== 'skipped/check')).toEqual([['preflight', 'done']]);
    // Each thing is read once, whatever number of checks look at it: one listing per namespace for the
    // waits and the example objects, one for the Secrets, one for namespaces, one for repositories, one
    // helm list per release namespace (state and chart version), then each deployed release's values.
    expect(calls.map((c) => `${c.tool} ${c.argv.filter((a, i, all) => a !== '--context' && all[i - 1] !== '--context' && a !== '--kube-context' && all[i - 1] !== '--kube-context').join(' ')}`).sort()).toEqual([
      'helm get values datahub -n datahub-01 --revision 1 -o json',
      'helm get values datahub-prerequisites -n datahub-01 --revision 1 -o json',
      'helm get values dataspoke -n dataspoke-01 --revision 1 -o json',
      'helm list -n datahub-01 -a --max 0 -o json',
      'helm list -n dataspoke-01 -a --max 0 -o json',
      'helm repo list -o json',
      'helm version --short',
      'kubectl config get-contexts -o name',
      'kubectl get deployment -n datahub-01 -o json',
      'kubectl get deployment,job,persistentvolumeclaim,service -n dummy-data1 -o json',
      'kubectl get namespaces -o json',
      'kubectl get nodes -o json',
      'kubectl get secret -A -l app.kubernetes.io/managed-by=dataspoke-dev-env -o json',
      'kubectl version -o json',
    ]);
    expect(calls).toHaveLength(14);

    // status agrees, and says why: each release deployed with the chart version we pin.
    const status = await h.cli(['status', '--json']);
    expect(status.code).toBe(ExitCode.success);
    const states = (JSON.parse(status.out) as { status: { id: string; state: string; detail?: string }[] }).status;
    expect(states.filter((r) => r.id.startsWith('release:')).map((r) => `${r.id}: ${r.state} (${r.detail})`)).toEqual([
      'release:datahub-prerequisites: done (deployed, chart 0.2.1)',
      'release:dataspoke-infra: done (deployed, chart 0.1.0)',
      'release:datahub: done (deployed, chart 0.8.3)',
    ]);
    expect(states.filter((r) => r.state !== 'done').map((r) => `${r.id}: ${r.state}`)).toEqual(['preflight: no check']);

    // Where RBAC forbids listing Secrets across namespaces, each Secret's check reads it by name.
    await h.sim.injectFault({ kind: 'forbidden', tool: 'kubectl', match: 'get secret -A' });
    const third = (await h.sim.audit()).length;
    const denied = await h.cli(['up', '--json']);
    expect(denied.code, denied.out).toBe(ExitCode.success);
    expect(mutating(await h.auditSince(third))).toEqual([]);
    expect(Object.entries(outcomes(denied.out)).filter(([id]) => id.startsWith('secret:'))).toEqual([
      ['secret:mysql', 'skipped/check'],
      ['secret:dataspoke-postgres', 'skipped/check'],
      ['secret:dataspoke-redis', 'skipped/check'],
      ['secret:example-postgres', 'skipped/check'],
    ]);
    const secretReads = (await h.auditSince(third)).filter((c) => c.argv[0] === 'get' && c.argv[1] === 'secret');
    expect(secretReads.map((c) => [c.argv[2], c.exitCode])).toEqual(
      expect.arrayContaining([['-A', 1], ['mysql-secrets', 0], ['dataspoke-postgres-secret', 0], ['dataspoke-redis-secret', 0], ['example-postgres-secret', 0]]),
    );
    expect(secretReads).toHaveLength(5);
  });

  it('up --only dataspoke-infra touches only that part and what it needs', async () => {
    h = await devEnvHarness();
    const run = await h.cli(['up', '--only', 'dataspoke-infra', '--json']);
    expect(run.code).toBe(ExitCode.success);
    expect(await releases(h)).toEqual(['dataspoke-01/dataspoke']);
    const namespaces = (await objects(h)).filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces).toContain('dataspoke-01');
    expect(namespaces).not.toContain('datahub-01');
    expect(namespaces).not.toContain('dummy-data1');
    const touched = mutating(await h.sim.audit()).map((c) => c.argv.join(' '));
    expect(touched.some((c) => c.includes('datahub'))).toBe(false);
  });

  it('down --yes leaves nothing behind, in reverse dependency order', async () => {
    h = await devEnvHarness();
    expect((await h.cli(['up', '--json'])).code).toBe(ExitCode.success);
    const before = (await h.sim.audit()).length;
    const down = await h.cli(['down', '--yes', '--json']);
    expect(down.code).toBe(ExitCode.success);
    // Look as a user would: the simulator purges a deleted namespace when it is next read.
    for (const ns of ['datahub-01', 'dataspoke-01', 'dummy-data1']) {
      const got = await h.sim.run('kubectl', ['get', 'namespace', ns, '--context', 'minikube']);
      expect(got.stderr.trim()).toBe(`Error from server (NotFound): namespaces "${ns}" not found`);
      const listed = await h.sim.run('helm', ['list', '-n', ns, '-a', '-o', 'json', '--kube-context', 'minikube']);
      expect(JSON.parse(listed.stdout)).toEqual([]);
    }
    const uninstalls = mutating(await h.auditSince(before))
      .filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall')
      .map((c) => c.argv[1]);
    expect(uninstalls.indexOf('datahub')).toBeLessThan(uninstalls.indexOf('datahub-prerequisites'));
    // A second down finds everything gone and changes nothing.
    const again = (await h.sim.audit()).length;
    expect((await h.cli(['down', '--yes', '--json'])).code).toBe(ExitCode.success);
    expect(mutating(await h.auditSince(again))).toEqual([]);
  });

  it('down --yes after up starts each task once: one helm uninstall per release, one start event per task', async () => {
    h = await devEnvHarness();
    expect((await h.cli(['up', '--json'])).code).toBe(ExitCode.success);
    const before = (await h.sim.audit()).length;
    const down = await h.cli(['down', '--yes', '--json']);
    expect(down.code, down.out).toBe(ExitCode.success);

    const changes = mutating(await h.auditSince(before));
    const uninstalls = changes.filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall').map((c) => c.argv[1]);
    expect(uninstalls.sort()).toEqual(['datahub', 'datahub-prerequisites', 'dataspoke']);
    // Nothing took the same thing down twice, so nothing lost a race and failed ("release: not found").
    expect(changes.filter((c) => c.exitCode !== 0).map((c) => `${c.tool} ${c.argv.join(' ')}`)).toEqual([]);

    const runDir = join(h.stateDir, 'logs', (await readFile(join(h.stateDir, 'logs', 'LATEST'), 'utf8')).trim());
    const events = (await readFile(join(runDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.mode).toBe('down');
    const ids = started?.type === 'run-started' ? started.nodes : [];
    const count = (types: readonly RunEvent['type'][]) => (id: string) =>
      events.filter((e) => types.includes(e.type) && 'id' in e && e.id === id).length;
    const starts = Object.fromEntries(ids.map((id) => [id, count(['node-started'])(id)]));
    expect(Object.entries(starts).filter(([, n]) => n > 1)).toEqual([]);
    expect(starts['release:datahub']).toBe(1);
    expect(starts['example:manifests']).toBe(1);
    // And each task finished once: done, skipped or failed, never two of those.
    const ends = Object.fromEntries(ids.map((id) => [id, count(['node-done', 'node-skipped', 'node-failed'])(id)]));
    expect(ends).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  });

  it('after a failure in the DataHub release, the next up runs only that node and what follows', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'release-fails', tool: 'helm', match: 'upgrade --install datahub datahub/datahub', times: 1, message: 'Error: UPGRADE FAILED: simulated failure' });
    const failed = await h.cli(['up', '--json']);
    expect(failed.code).toBe(ExitCode.failed);
    expect(outcomes(failed.out)['release:datahub']).toBe('failed');

    const before = (await h.sim.audit()).length;
    const resumed = await h.cli(['up', '--json']);
    expect(resumed.code).toBe(ExitCode.success);
    // Everything outside the DataHub release and its waits is skipped by its check. (The waits may run or be
    // skipped: the failed release had already created the Deployments, which may be ready by now.)
    const ran = Object.entries(outcomes(resumed.out)).filter(([, o]) => o !== 'skipped/check').map(([id]) => id).sort();
    expect(ran.filter((id) => !id.startsWith('wait:datahub-'))).toEqual(['preflight', 'release:datahub']);
    const changes = mutating(await h.auditSince(before)).map((c) => `${c.tool} ${c.argv.slice(0, 3).join(' ')}`);
    expect(changes).toEqual(['helm upgrade --install datahub']);
  });

  it('independent releases overlap in time', async () => {
    // A slower clock keeps the releases long next to process start-up, as they are on a real cluster
    // (prerequisites ~3 min, infra ~2 min), so the assertion is about scheduling, not machine speed.
    h = await devEnvHarness({ timeScale: 0.03, latencyMs: [100, 300] });
    expect((await h.cli(['up', '--only', 'release:datahub-prerequisites,release:dataspoke-infra', '--json'])).code).toBe(ExitCode.success);
    const upgrades = (await h.sim.audit()).filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    const prereqs = upgrades.find((c) => c.argv[2] === 'datahub-prerequisites')!;
    const infra = upgrades.find((c) => c.argv[2] === 'dataspoke')!;
    expect(prereqs.startMs).toBeLessThan(infra.endMs);
    expect(infra.startMs).toBeLessThan(prereqs.endMs);
  });

  it('no secret value appears in any argv, log, journal or output', async () => {
    h = await devEnvHarness();
    const run = await h.cli(['up', '--verbose']);
    expect(run.code).toBe(ExitCode.success);
    const argvs = (await h.sim.audit()).map((c) => c.argv.join(' ')).join('\n');
    const files = [...(await h.stateFiles()).values()].join('\n');
    for (const secret of Object.values(TEST_PASSWORDS)) {
      expect(argvs).not.toContain(secret);
      expect(files).not.toContain(secret);
      expect(run.out + run.err).not.toContain(secret);
    }
    // Secrets went on stdin with server-side apply: no last-applied-configuration anywhere.
    const secrets = (await objects(h)).filter((o) => o.kind === 'Secret');
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const s of secrets) expect(Object.keys(s.metadata.annotations ?? {})).not.toContain('kubectl.kubernetes.io/last-applied-configuration');
  });
});
