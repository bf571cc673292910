/**
 * Helm releases left stuck by an earlier run are repaired before the upgrade: the output says what was found
 * and what was done, and never passes on helm's "another operation is in progress".
 *
 *   pending-install  → uninstall, then install
 *   pending-upgrade  → roll back to the last deployed revision, then upgrade
 *   failed (first)   → install again
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type CliRun, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { clusterView, line, runCli } from './reliability-harness.ts';

const ONLY = ['up', '--only', 'release:datahub-prerequisites'];
const RELEASE = 'datahub-prerequisites';
const DEPLOYED = 'datahub-01/datahub-prerequisites deployed datahub-prerequisites-0.2.1';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** Helm calls that change the release, in order, from audit index `since`. */
async function releaseChanges(harness: DevEnvHarness, since: number): Promise<string[]> {
  return (await harness.auditSince(since))
    .filter((e) => e.tool === 'helm' && e.mutating && e.argv.includes(RELEASE))
    .map((e) => line(e).split(' ').slice(0, 4).join(' '));
}

const expectNoInProgress = (run: CliRun) => expect(run.out + run.err).not.toMatch(/another operation/);

describe('stuck helm releases are repaired, and the output says so', () => {
  it('pending-install: uninstalled, then installed', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'release-pending', release: RELEASE, namespace: 'datahub-01', status: 'pending-install' });
    const run = await runCli(h, ONLY);
    expect(run.code, run.out).toBe(ExitCode.success);
    expect(run.out).toContain(`⚠ release ${RELEASE} was left pending-install by an interrupted run; uninstalling it, then installing again\n`);
    expectNoInProgress(run);
    expect(await releaseChanges(h, 0)).toEqual([`helm uninstall ${RELEASE} -n`, `helm upgrade --install ${RELEASE}`]);
    expect((await clusterView(h, [])).releases).toEqual([DEPLOYED]);
  });

  it('pending-upgrade: rolled back to the last deployed revision, then upgraded', async () => {
    h = await devEnvHarness();
    expect((await runCli(h, ONLY)).code).toBe(ExitCode.success);
    await h.sim.injectFault({ kind: 'release-pending', release: RELEASE, namespace: 'datahub-01', status: 'pending-upgrade' });
    const before = (await h.sim.audit()).length;
    const run = await runCli(h, ONLY);
    expect(run.code, run.out).toBe(ExitCode.success);
    expect(run.out).toContain(`⚠ release ${RELEASE} was left pending-upgrade by an interrupted run; rolling back to revision 1, then upgrading\n`);
    expectNoInProgress(run);
    expect(await releaseChanges(h, before)).toEqual([`helm rollback ${RELEASE} 1`, `helm upgrade --install ${RELEASE}`]);
    expect((await clusterView(h, [])).releases).toEqual([DEPLOYED]);
  });

  it('a failed first install: the next up installs again', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'release-fails', tool: 'helm', match: `upgrade --install ${RELEASE}`, times: 1 });
    const failed = await runCli(h, ONLY);
    expect(failed.code).toBe(ExitCode.failed);
    expect((await clusterView(h, [])).releases).toEqual(['datahub-01/datahub-prerequisites failed datahub-prerequisites-0.2.1']);

    const before = (await h.sim.audit()).length;
    const run = await runCli(h, ONLY);
    expect(run.code, run.out).toBe(ExitCode.success);
    expect(run.out).toContain(`⚠ release ${RELEASE} failed its first install; installing it again\n`);
    expectNoInProgress(run);
    expect(await releaseChanges(h, before)).toEqual([`helm upgrade --install ${RELEASE}`]);
    expect((await clusterView(h, [])).releases).toEqual([DEPLOYED]);
  });
});
