/**
 * `down` on the simulated cluster: the question names the kube context and what the selection removes, and
 * the steps read as removals (in the plain view, `plan --down` and the run's logs), not as the install.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type DevEnvHarness } from './dev-env-harness.ts';

let h: DevEnvHarness;

beforeAll(async () => {
  h = await devEnvHarness();
  const up = await h.cli(['up', '--json']);
  expect(up.code, up.out + up.err).toBe(ExitCode.success);
}, 120_000);

afterAll(async () => {
  await h?.dispose();
});

describe('down wording', () => {
  it('asks about the context, releases, namespaces and example objects of the selection only', async () => {
    const infra = await h.cli(['down', '--only', 'dataspoke-infra'], { tty: true, input: 'n\n' });
    expect(infra.code).toBe(ExitCode.success);
    expect(infra.out).toContain(
      'Remove the dev environment from context minikube: release dataspoke (dataspoke-01) and their Secrets? [y/N]',
    );
    expect(infra.out).not.toContain('datahub');
    expect(infra.out).toContain('Nothing removed.');

    const all = await h.cli(['down'], { tty: true, input: 'n\n' });
    expect(all.out).toContain(
      'Remove the dev environment from context minikube: releases datahub, datahub-prerequisites (datahub-01), ' +
        'dataspoke (dataspoke-01), the example objects in dummy-data1 and their Secrets? [y/N]',
    );
    expect(all.out).not.toContain('dev_env');
  });

  it('asks about the namespaces by name after a yes', async () => {
    const run = await h.cli(['down', '--only', 'dataspoke-example'], { tty: true, input: 'y\nn\n' });
    expect(run.code, run.out + run.err).toBe(ExitCode.success);
    expect(run.out).toContain('Delete the namespace dummy-data1 (context minikube) with everything left in it? [y/N]');
  });

  it('plan --down and the plain view of down name removals', async () => {
    const plan = await h.cli(['plan', '--down', '--json']);
    const titles = Object.fromEntries((JSON.parse(plan.out) as { plan: { id: string; title: string }[] }).plan.map((p) => [p.id, p.title]));
    expect(titles['release:datahub']).toBe('Uninstall DataHub release');
    expect(titles['namespace:datahub']).toBe('Delete namespace datahub-01');
    expect(titles['example:manifests']).toBe('Delete example manifests');

    const down = await h.cli(['down', '--yes']);
    expect(down.code, down.out + down.err).toBe(ExitCode.success);
    for (const title of [
      'Uninstall DataHub release',
      'Uninstall DataHub prerequisites release',
      'Uninstall DataSpoke infrastructure release',
      'Delete namespace datahub-01',
      'Delete namespace dataspoke-01',
      'Delete Secret mysql-secrets',
    ]) {
      expect(down.out).toContain(title);
    }
    expect(down.out).not.toContain('DataHub release (with the system-update hook)');
    expect(down.out).not.toContain('apply manifests/example');
    const logDir = /Logs: (\S+)/.exec(down.out)?.[1];
    expect(logDir, down.out).toBeDefined();
    const log = await readFile(join(logDir!, 'release_datahub.log'), 'utf8').catch(async () =>
      readFile(join(logDir!, 'release:datahub.log'), 'utf8'),
    );
    expect(log.split('\n')[0]).toContain('Uninstall DataHub release');
  });
});
