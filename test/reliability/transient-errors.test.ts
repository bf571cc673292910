/**
 * Transient API trouble is retried with backoff and each retry is shown; permanent failures stop the node at
 * once with the tool's own words. Faults are injected into the simulated cluster, once each, so a retry
 * costs the first backoff step (1 s).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { AuditEntry, FaultSpec } from '../../sim/harness.ts';
import { devEnvHarness, type CliRun, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { line, runCli } from './reliability-harness.ts';

/** A transient fault on one call of one node, and the words the tool prints for it. */
interface TransientCase {
  readonly kind: 'connection-refused' | 'tls-handshake-timeout' | 'etcd-leader-changed' | 'conflict';
  readonly tool: 'kubectl' | 'helm';
  readonly match: string;
  readonly node: string;
  readonly stderr: string;
}

// Each call below is made by exactly one node of the selection, so each fault lands where the case says.
const CASES: readonly TransientCase[] = [
  {
    kind: 'conflict',
    tool: 'kubectl',
    match: '-f - -n datahub-01',
    node: 'secret:mysql',
    stderr: 'Error from server (Conflict): Operation cannot be fulfilled on secrets "mysql-secrets": the object has been modified; please apply your changes to the latest version and try again',
  },
  {
    kind: 'tls-handshake-timeout',
    tool: 'kubectl',
    match: '-f - -n dummy-data1',
    node: 'secret:example-postgres',
    stderr: 'Unable to connect to the server: net/http: TLS handshake timeout',
  },
  {
    kind: 'etcd-leader-changed',
    tool: 'kubectl',
    match: '-f - -n dataspoke-01',
    node: 'secret:dataspoke-postgres',
    stderr: 'Error from server: etcdserver: leader changed',
  },
  {
    kind: 'connection-refused',
    tool: 'helm',
    match: 'upgrade --install datahub-prerequisites',
    node: 'release:datahub-prerequisites',
    stderr: 'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused',
  },
];

const SELECTION = 'secret:mysql,secret:example-postgres,secret:dataspoke-postgres,release:datahub-prerequisites';
/** The namespace applies: identical argv for the three namespaces, so the fault lands on whichever comes first. */
const NAMESPACE_APPLY = '--force-conflicts -f - -o name';
const KUBECTL_REFUSED = 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?';

const lines = (out: string) => out.split('\n');
const matching = (entries: readonly AuditEntry[], tool: string, match: string) =>
  entries.filter((e) => e.tool === tool && e.argv.join(' ').includes(match));

describe('transient errors are retried with backoff, and each retry is shown', () => {
  let h: DevEnvHarness;
  let run: CliRun;
  let audit: AuditEntry[];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    h = await devEnvHarness();
    for (const c of CASES) ids.set(c.node, await h.sim.injectFault({ kind: c.kind, tool: c.tool, match: c.match, times: 1 }));
    ids.set('namespace', await h.sim.injectFault({ kind: 'connection-refused', tool: 'kubectl', match: NAMESPACE_APPLY, times: 1 }));
    run = await runCli(h, ['up', '--only', SELECTION]);
    audit = await h.sim.audit();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('the run succeeds and every fault fired once', async () => {
    expect(run.code, run.out).toBe(ExitCode.success);
    expect((await h.sim.faults()).map((f) => f.fired)).toEqual([1, 1, 1, 1, 1]);
  });

  it.each(CASES)('$kind on $tool: $node says "retry 2/5" with the tool\'s words, waits 1 s, and succeeds', (c) => {
    const retry = lines(run.out).filter((l) => l.includes(`↻ ${c.node} retry`));
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatch(new RegExp(`^\\[\\d\\d:\\d\\d\\] ↻ ${c.node} retry 2/5 in 1\\.0s: ${c.tool} .* failed \\(exit 1\\): `));
    expect(retry[0]!.endsWith(c.stderr)).toBe(true);
    expect(lines(run.out).some((l) => new RegExp(`✔ ${c.node} done \\(.*, 2 attempts\\)$`).test(l))).toBe(true);

    const calls = matching(audit, c.tool, c.match);
    expect(calls.map((e) => e.exitCode)).toEqual([1, 0]);
    expect(calls[0]!.faults).toEqual([ids.get(c.node)]);
    // The backoff: the second attempt's call started at least the first step (1 s) after the failed one ended.
    expect(calls[1]!.startMs - calls[0]!.endMs).toBeGreaterThanOrEqual(990);
  });

  it('kubectl\'s "connection ... was refused" on a namespace apply is retried too', () => {
    const retry = lines(run.out).filter((l) => /↻ namespace:\S+ retry/.test(l));
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatch(/↻ namespace:(datahub|dataspoke|example) retry 2\/5 in 1\.0s: kubectl apply .* failed \(exit 1\): /);
    expect(retry[0]!.endsWith(KUBECTL_REFUSED)).toBe(true);
    const node = /↻ (namespace:\S+) retry/.exec(retry[0]!)![1]!;
    expect(lines(run.out).some((l) => l.includes(`✔ ${node} done (`) && l.endsWith(', 2 attempts)'))).toBe(true);
    const applies = matching(audit, 'kubectl', NAMESPACE_APPLY);
    // Three namespaces, one of them twice.
    expect(applies.map((e) => e.exitCode).sort()).toEqual([0, 0, 0, 1]);
    expect(applies.find((e) => e.exitCode === 1)!.faults).toEqual([ids.get('namespace')]);
  });
});

describe('permanent errors fail at once with the tool\'s own stderr', () => {
  let h: DevEnvHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  /** The node failed on its first attempt, said nothing about retrying, and the summary quotes the tool. */
  const expectFailedAtOnce = (run: CliRun, node: string, stderr: string) => {
    expect(run.code, run.out).toBe(ExitCode.failed);
    expect(run.out).not.toContain('↻');
    expect(run.out).not.toMatch(/attempts/);
    const summary = run.out.slice(run.out.indexOf(`✖ ${node} (`));
    expect(summary).toMatch(new RegExp(`^✖ ${node} \\(.*\\) failed after [^,]*\\n  Error: .* failed \\(exit 1\\): `));
    expect(summary.split('\n')[1]).toContain(stderr);
  };

  it('NotFound (the namespace a Secret goes into is missing)', async () => {
    h = await devEnvHarness();
    const run = await runCli(h, ['up', '--only', 'secret:mysql', '--no-deps']);
    expectFailedAtOnce(run, 'secret:mysql', 'Error from server (NotFound): namespaces "datahub-01" not found');
    expect(matching(await h.sim.audit(), 'kubectl', 'apply').length).toBe(1);
  });

  it('Forbidden (creating a Secret in a namespace that is being deleted)', async () => {
    // A workload keeps the namespace Terminating for ~35 virtual seconds: 7 s here, ample for one small run.
    h = await devEnvHarness({ timeScale: 0.2, latencyMs: [100, 300] });
    expect((await runCli(h, ['up', '--only', 'secret:mysql'])).code).toBe(ExitCode.success);
    const workload = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: busy }\nspec:\n  selector: { matchLabels: { app: busy } }\n  template:\n    metadata: { labels: { app: busy } }\n    spec: { containers: [{ name: busy, image: busybox }] }\n';
    const kubectl = (args: string[], input?: string) => h!.sim.run('kubectl', [...args, '--context', 'minikube'], input === undefined ? {} : { input });
    expect((await kubectl(['apply', '-f', '-', '-n', 'datahub-01'], workload)).exitCode).toBe(0);
    expect((await kubectl(['delete', 'secret', 'mysql-secrets', '-n', 'datahub-01'])).exitCode).toBe(0);
    expect((await kubectl(['delete', 'namespace', 'datahub-01', '--wait=false'])).exitCode).toBe(0);

    const before = (await h.sim.audit()).length;
    const run = await runCli(h, ['up', '--only', 'secret:mysql', '--no-deps']);
    expectFailedAtOnce(run, 'secret:mysql', 'Error from server (Forbidden)');
    expect(run.out).toContain('is forbidden: unable to create new content in namespace datahub-01 because it is being terminated');
    expect(matching(await h.auditSince(before), 'kubectl', 'apply').length).toBe(1);
    // The namespace was still terminating when the run ended: the failure was not waited out.
    expect((await kubectl(['get', 'namespace', 'datahub-01', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Terminating');
  });

  it('Invalid (helm cannot patch an immutable field)', async () => {
    h = await devEnvHarness();
    const message =
      'Error: UPGRADE FAILED: cannot patch "datahub-prerequisites-kafka-broker" with kind StatefulSet: StatefulSet.apps "datahub-prerequisites-kafka-broker" is invalid: spec: Forbidden: updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden';
    await h.sim.injectFault({ kind: 'release-fails', tool: 'helm', match: 'upgrade --install datahub-prerequisites', times: 1, message } satisfies FaultSpec);
    const run = await runCli(h, ['up', '--only', 'release:datahub-prerequisites']);
    expectFailedAtOnce(run, 'release:datahub-prerequisites', message);
    expect(matching(await h.sim.audit(), 'helm', 'upgrade --install datahub-prerequisites').length).toBe(1);
  });

  it('an unknown chart version: one helm call, and helm\'s message in the summary', async () => {
    h = await devEnvHarness(undefined, { DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: '9.9.9' });
    const run = await runCli(h, ['up', '--only', 'release:datahub']);
    expectFailedAtOnce(run, 'release:datahub', 'Error: chart "datahub" matching 9.9.9 not found in datahub index.');
    const installs = matching(await h.sim.audit(), 'helm', 'upgrade --install datahub ').map(line);
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain('--version 9.9.9');
  });
});
