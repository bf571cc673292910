import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { DATAHUB_NAMESPACE, DATAHUB_VALUES, PREREQUISITES_VALUES, writeTree } from './fixtures.ts';

// 0.01: system-update's 270 s take 2.7 s, far above process start-up noise.
const SCALE = 0.01;
const kctx = ['--kube-context', 'minikube'];
let sim: SimCluster;
let cwd: string;

const datahub = (extra: string[], mode: 'upgrade' | 'install' = 'upgrade') =>
  sim.run('helm', [...(mode === 'upgrade' ? ['upgrade', '--install'] : ['install']), 'datahub', 'datahub/datahub', '--version', '0.8.3', '-n', 'datahub-01', '-f', 'values.yaml', ...extra, ...kctx], { cwd });

const status = async (release: string, namespace = 'datahub-01') =>
  JSON.parse((await sim.run('helm', ['status', release, '-n', namespace, '-o', 'json', ...kctx])).stdout);

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: SCALE, latencyMs: [0, 0] });
  cwd = await writeTree({ 'prerequisites-values.yaml': PREREQUISITES_VALUES, 'values.yaml': DATAHUB_VALUES });
  await sim.run('kubectl', ['apply', '--server-side', '-f', '-', '--context', 'minikube'], { input: DATAHUB_NAMESPACE });
  await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/']);
  const prereq = await sim.run('helm', ['upgrade', '--install', 'datahub-prerequisites', 'datahub/datahub-prerequisites', '-n', 'datahub-01', '-f', 'prerequisites-values.yaml', '--timeout', '10m0s', '--wait', ...kctx], { cwd });
  expect(prereq.exitCode).toBe(0);
});
afterAll(() => sim.dispose());

describe('pre-install hooks and --timeout', () => {
  it('a hook slower than --timeout fails the install, without --wait', async () => {
    const started = Date.now();
    const r = await datahub(['--timeout', '1m0s']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('Error: failed pre-install: 1 error occurred:\n\t* timed out waiting for the condition\n\n\n');
    // es-setup (10 s) and mysql-setup (10 s) ran, then system-update had its full minute.
    expect(Date.now() - started).toBeGreaterThanOrEqual(80_000 * SCALE);
    const s = await status('datahub');
    expect(s.info.status).toBe('failed');
    expect(s.info.description).toBe('Release "datahub" failed: failed pre-install: 1 error occurred:\n\t* timed out waiting for the condition\n\n');
    expect(s.hooks.find((h: { name: string }) => h.name === 'datahub-system-update').last_run.phase).toBe('Failed');
  });

  it('each hook gets the whole --timeout, so 5m0s is enough for a ~6 min release', async () => {
    const started = Date.now();
    const r = await datahub(['--timeout', '5m0s', '--wait']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300_000 * SCALE);
    expect((await status('datahub')).info).toMatchObject({ status: 'deployed', description: 'Upgrade complete' });
  });

  it('a failing hook Job fails the upgrade with BackoffLimitExceeded', async () => {
    await sim.injectFault({ kind: 'job-fails', object: 'datahub-system-update', afterMs: 20_000, times: 1 });
    const r = await datahub(['--timeout', '10m0s', '--wait']);
    expect(r.stderr).toBe('Error: UPGRADE FAILED: pre-upgrade hooks failed: 1 error occurred:\n\t* job datahub-system-update failed: BackoffLimitExceeded\n\n\n');
    const job = JSON.parse((await sim.run('kubectl', ['get', 'job', 'datahub-system-update', '-n', 'datahub-01', '-o', 'json', '--context', 'minikube'])).stdout);
    expect(job.status.conditions.find((c: { type: string }) => c.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect((await status('datahub')).info.description).toBe('Upgrade "datahub" failed: pre-upgrade hooks failed: 1 error occurred:\n\t* job datahub-system-update failed: BackoffLimitExceeded\n\n');
  });

  it('helm install prefixes INSTALLATION FAILED, and --atomic uninstalls what failed', async () => {
    await sim.injectFault({ kind: 'job-fails', object: '*-elasticsearch-setup-job', namespace: 'other', afterMs: 1_000 });
    const plain = await sim.run('helm', ['install', 'dh', 'datahub/datahub', '-n', 'other', '--create-namespace', '--timeout', '5m0s', ...kctx]);
    expect(plain.stderr).toBe('Error: INSTALLATION FAILED: failed pre-install: 1 error occurred:\n\t* job dh-elasticsearch-setup-job failed: BackoffLimitExceeded\n\n\n');
    const atomic = await sim.run('helm', ['upgrade', '--install', 'dh2', 'datahub/datahub', '-n', 'other', '--atomic', '--timeout', '5m0s', ...kctx]);
    expect(atomic.stderr).toBe('Error: release dh2 failed, and has been uninstalled due to atomic being set: failed pre-install: 1 error occurred:\n\t* job dh2-elasticsearch-setup-job failed: BackoffLimitExceeded\n\n\n');
    expect((await sim.run('helm', ['status', 'dh2', '-n', 'other', ...kctx])).stderr).toBe('Error: release: not found\n');
    const listed = JSON.parse((await sim.run('helm', ['list', '-n', 'other', '-o', 'json', ...kctx])).stdout);
    expect(listed).toMatchObject([{ name: 'dh', status: 'failed' }]);
  });
});
