/**
 * Ctrl-C and SIGTERM on the real graph: helm gets to mark its release before the run stops, running tools
 * are stopped, a second signal forces the exit, and the next up resumes from the interrupted node and ends
 * where an uninterrupted run ends. Also: a second run against the same state folder is refused.
 *
 * The clock is slower than elsewhere (0.005: the prerequisites' --wait lasts ~0.9 s, DataHub's hook ~1.4 s) so
 * that the interrupt lands in the middle of a node; the moment is found from the cluster (a release pending,
 * a fault fired), never from elapsed time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { SimClusterOptions } from '../../sim/harness.ts';
import { devEnvHarness, FAST, type CliRun, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { cliWatch, clusterView, fired, line, runCli, startCli, until, type ClusterView } from './reliability-harness.ts';

const SLOW: SimClusterOptions = { timeScale: 0.005, latencyMs: [100, 300] };

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** What an uninterrupted `up --only <selection>` leaves behind, from a cluster of its own (once per selection). */
const references = new Map<string, Promise<ClusterView>>();
function reference(selection: string, namespaces: readonly string[]): Promise<ClusterView> {
  let view = references.get(selection);
  if (!view) {
    view = (async () => {
      const ref = await devEnvHarness(FAST);
      try {
        const run = await runCli(ref, ['up', '--only', selection]);
        expect(run.code, run.out).toBe(ExitCode.success);
        return await clusterView(ref, namespaces);
      } finally {
        await ref.dispose();
      }
    })();
    references.set(selection, view);
  }
  return view;
}

/** Whether helm has started (and not finished) installing `release`: its revision is pending. */
async function installing(harness: DevEnvHarness, release: string): Promise<boolean> {
  return (await harness.sim.readState()).releases.some((r) => r.name === release && r.info.status === 'pending-install');
}

/** Ids of nodes with a `✔ <id> done` line, and of those with `↷ <id> skipped: already done`. */
function doneAndSkipped(out: string): { done: string[]; skipped: string[] } {
  const ids = (pattern: RegExp) => [...out.matchAll(pattern)].map((m) => m[1]!).sort();
  return { done: ids(/\] ✔ (\S+) done \(/g), skipped: ids(/\] ↷ (\S+) skipped: already done/g) };
}

/** The interrupted run stopped cleanly and the resumed one picked up exactly where it stopped. */
function expectResumed(stopped: CliRun, resumed: CliRun, interrupted: string): void {
  expect(resumed.code, resumed.out).toBe(ExitCode.success);
  expect(resumed.out + resumed.err).not.toMatch(/another operation/);
  const before = doneAndSkipped(stopped.out);
  const after = doneAndSkipped(resumed.out);
  // What the interrupted run finished is skipped by its check (preflight verifies, so it always runs).
  const finished = before.done.filter((id) => id !== 'preflight');
  expect(finished.length).toBeGreaterThan(0);
  expect(after.skipped).toEqual(expect.arrayContaining(finished));
  // The interrupted node is not trusted to the journal: it runs again, or its check finds it done by now.
  expect([...after.done, ...after.skipped]).toContain(interrupted);
}

describe('interrupts on the real graph', () => {
  it('Ctrl-C while the prerequisites release installs: helm marks it failed, the next up repairs it and ends as an uninterrupted run', async () => {
    const expected = reference('datahub', ['datahub-01']);
    h = await devEnvHarness(SLOW);
    // Elasticsearch takes 250 s instead of 170 s (of the 300 s helm waits): a wider window for the interrupt.
    await h.sim.injectFault({ kind: 'slow-ready', object: 'elasticsearch-master', durationMs: 250_000, times: 1 });
    const running = await startCli(h, ['up', '--only', 'datahub']);
    await until(() => running.io.out().includes('▸ release:datahub-prerequisites started'), { what: 'the release to start', on: cliWatch(h, running) });
    await until(() => installing(h!, 'datahub-prerequisites'), { what: 'helm to be installing', on: cliWatch(h, running) });
    const signalledAt = Date.now();
    running.io.signal('SIGINT');
    const stopped = await running.done;

    expect(stopped.code, stopped.out).toBe(ExitCode.interrupted);
    expect(stopped.err).toBe('\nSIGINT: stopping — running tasks get a moment to finish cleanly (press Ctrl-C again to force)\n');
    expect(stopped.out).toMatch(/\] ✖ release:datahub-prerequisites interrupted after \S+: interrupted by SIGINT\n/);
    expect(stopped.out).toContain('Not started: release:datahub, wait:datahub-gms, wait:datahub-frontend\n');
    // helm was asked to stop and ended by itself (no SIGKILL) before the CLI returned, leaving the release failed, not pending.
    const upgrades = (await h.sim.audit()).filter((e) => e.tool === 'helm' && e.argv[0] === 'upgrade');
    expect(upgrades.map((e) => [e.argv[2], e.exitCode, e.signal]), stopped.out).toEqual([['datahub-prerequisites', 1, undefined]]);
    expect(upgrades[0]!.endMs).toBeGreaterThanOrEqual(signalledAt);
    expect((await clusterView(h, ['datahub-01'])).releases).toEqual(['datahub-01/datahub-prerequisites failed datahub-prerequisites-0.2.1']);

    const resumed = await runCli(h, ['up', '--only', 'datahub']);
    expectResumed(stopped, resumed, 'release:datahub-prerequisites');
    expect(doneAndSkipped(resumed.out).done).toContain('release:datahub-prerequisites');
    expect(resumed.out).toContain('⚠ release datahub-prerequisites failed its first install; installing it again\n');
    expect(await clusterView(h, ['datahub-01'])).toEqual(await expected);
  });

  it('SIGTERM while DataHub installs, then a second signal: the exit is forced; the next up ends as an uninterrupted run', async () => {
    const expected = reference('datahub', ['datahub-01']);
    h = await devEnvHarness(SLOW);
    // This install's system-update hook takes 10 minutes (3 s here) instead of 4.5: a wide window for the interrupt.
    // The next install re-creates the hook's Job, at its usual pace.
    const slow = await h.sim.injectFault({ kind: 'slow-ready', object: 'datahub-system-update', durationMs: 600_000, times: 1 });
    const running = await startCli(h, ['up', '--only', 'datahub']);
    await until(() => running.io.out().includes('▸ release:datahub started'), { what: 'the release to start', on: cliWatch(h, running) });
    await until(() => installing(h!, 'datahub'), { what: 'helm to be installing', on: cliWatch(h, running) });
    // The release is pending from helm's first moment; the slow hook Job is there a little later. Signalled
    // before it, the next install would get the slow Job instead.
    await until(() => fired(h!, slow), { what: 'the system-update hook to be running', on: cliWatch(h, running) });
    running.io.signal('SIGTERM');
    running.io.signal('SIGINT');
    const stopped = await running.done;

    expect(running.io.forced, stopped.out + stopped.err).toEqual([ExitCode.interrupted]);
    expect(stopped.err).toBe(
      '\nSIGTERM: stopping — running tasks get a moment to finish cleanly (press Ctrl-C again to force)\nSIGINT again: forcing exit\n',
    );
    expect(stopped.code).toBe(ExitCode.interrupted);
    expect(stopped.out).toMatch(/\] ✖ release:datahub interrupted after \S+: interrupted by SIGTERM\n/);
    const datahub = (await h.sim.audit()).filter((e) => e.tool === 'helm' && e.argv[0] === 'upgrade' && e.argv[2] === 'datahub');
    expect(datahub.map((e) => [e.exitCode, e.signal]), stopped.out).toEqual([[1, undefined]]);

    const resumed = await runCli(h, ['up', '--only', 'datahub']);
    expectResumed(stopped, resumed, 'release:datahub');
    expect(doneAndSkipped(resumed.out).done).toContain('release:datahub');
    expect(resumed.out).toContain('⚠ release datahub failed its first install; installing it again\n');
    expect(doneAndSkipped(resumed.out).skipped).toContain('release:datahub-prerequisites');
    expect(await clusterView(h, ['datahub-01'])).toEqual(await expected);
  });

  it('SIGTERM while an example wait runs: kubectl is stopped, and the next up ends as an uninterrupted run', async () => {
    const expected = reference('dataspoke-example', ['dummy-data1']);
    h = await devEnvHarness(SLOW);
    // The rollout status call hangs (once), so the interrupt is sure to find it running.
    const hang = await h.sim.injectFault({ kind: 'hang', tool: 'kubectl', match: 'rollout status deployment/example-kafka', times: 1 });
    const running = await startCli(h, ['up', '--only', 'dataspoke-example']);
    await until(() => fired(h!, hang), { what: 'the wait to be running', on: cliWatch(h, running) });
    running.io.signal('SIGTERM');
    const stopped = await running.done;

    expect(stopped.code).toBe(ExitCode.interrupted);
    expect(stopped.out).toMatch(/\] ✖ wait:example-kafka interrupted after \S+: interrupted by SIGTERM\n/);
    const rollout = (await h.sim.audit()).filter((e) => line(e).startsWith('kubectl rollout status deployment/example-kafka'));
    expect(rollout.map((e) => [e.signal, e.faults])).toEqual([['SIGTERM', [hang]]]);

    const resumed = await runCli(h, ['up', '--only', 'dataspoke-example']);
    expectResumed(stopped, resumed, 'wait:example-kafka');
    expect(doneAndSkipped(resumed.out).skipped).toContain('example:manifests');
    expect(await clusterView(h, ['dummy-data1'])).toEqual(await expected);
  });
});

describe('one run at a time, against the simulated cluster', () => {
  it('a second up while one runs exits busy after one local read, and changes nothing', async () => {
    h = await devEnvHarness();
    const hang = await h.sim.injectFault({ kind: 'hang', tool: 'kubectl', match: '-f - -n datahub-01', times: 1 });
    const first = await startCli(h, ['up', '--only', 'secret:mysql']);
    await until(() => fired(h!, hang), { what: 'the first run to be applying', on: cliWatch(h, first) });

    const before = (await h.sim.audit()).length;
    const second = await runCli(h, ['up', '--only', 'secret:mysql']);
    expect(second.code).toBe(ExitCode.busy);
    expect(second.err).toMatch(/^error: another run is in progress in .*: pid \d+ on .* \(up, started .*\)\. Wait for it to finish, or stop it \(Ctrl-C in its terminal\)\.\n$/);
    expect(second.out).toBe('');
    // Only the kube context check, which reads the local kubeconfig.
    expect((await h.auditSince(before)).map(line)).toEqual(['kubectl config get-contexts -o name']);

    first.io.signal('SIGINT');
    expect((await first.done).code).toBe(ExitCode.interrupted);
    const applies = (await h.sim.audit()).filter((e) => line(e).includes('-f - -n datahub-01'));
    expect(applies.map((e) => e.signal)).toEqual(['SIGTERM']);
  });
});
