/**
 * A wait that fails explains why: the pods that are not ready with their reason, their recent Events, and
 * the troubleshooting hint that matches. A Job that fails is reported when it fails, not at its timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { line, runCli } from './reliability-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** A node's part of the end-of-run summary: from `✖ <id> (` to its `Log:` line. */
function failureBlock(out: string, id: string): string[] {
  const all = out.split('\n');
  const start = all.findIndex((l) => l.startsWith(`✖ ${id} (`));
  expect(start, `no summary entry for ${id} in:\n${out}`).toBeGreaterThanOrEqual(0);
  const end = all.findIndex((l, i) => i > start && l.startsWith('  Log: '));
  return all.slice(start, end);
}

/** The explanation lines of the error (before "Last output:"), without their indentation. */
function explanation(block: string[]): string[] {
  const last = block.indexOf('  Last output:');
  return block.slice(2, last === -1 ? undefined : last).map((l) => l.trim());
}

const HINTS = {
  elasticsearch:
    'hint: Elasticsearch OOM-killed during startup: its memory limit is set in charts/datahub/prerequisites-values.yaml (2560Mi); make sure nothing lowers it.',
  crashing: 'hint: A container keeps crashing: read its log with `kubectl logs <pod> -n <namespace> --previous`.',
  image:
    'hint: An image cannot be pulled: check the network, and that the image name in the values or manifests exists (bitnami images now live under bitnamilegacy/).',
  resources:
    'hint: A pod is Pending for lack of resources: check `kubectl describe node`, stop other workloads, or give Docker Desktop / minikube more memory (the environment needs ~11 GiB and 7.65 CPU of limits).',
};

describe('a failed wait says which pods are not ready, why, and what to do', () => {
  it('Elasticsearch OOMKilled: helm --wait runs out of time, and the hint points at its memory limit', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'pod-oomkilled', object: 'elasticsearch-master' });
    const run = await runCli(h, ['up', '--only', 'release:datahub-prerequisites']);
    expect(run.code).toBe(ExitCode.failed);
    const block = failureBlock(run.out, 'release:datahub-prerequisites');
    expect(block[1]).toBe('  Error: helm upgrade datahub-prerequisites failed (exit 1): Error: context deadline exceeded');
    const why = explanation(block);
    expect(why).toContain('pod elasticsearch-master-0: CrashLoopBackOff (last exit: OOMKilled)');
    expect(why.some((l) => l.startsWith('event BackOff on pod/elasticsearch-master-0: Back-off restarting failed container elasticsearch'))).toBe(true);
    expect(why.some((l) => l.startsWith('event OOMKilling on node/minikube: Memory cgroup out of memory: Killed process') && l.includes('(elasticsearch)'))).toBe(true);
    expect(why).toContain(HINTS.elasticsearch);
  });

  it('CrashLoopBackOff and ImagePullBackOff: each wait explains its own pods and events', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'pod-crashloop', object: 'example-postgres' });
    await h.sim.injectFault({ kind: 'pod-imagepull', object: 'example-kafka' });
    const run = await runCli(h, ['up', '--only', 'dataspoke-example', '--keep-going']);
    expect(run.code).toBe(ExitCode.failed);

    const postgres = failureBlock(run.out, 'wait:example-postgres');
    expect(postgres[1]).toMatch(/^  Error: deployment\/example-postgres in dummy-data1 is not ready: kubectl rollout status failed \(exit 1\): error: /);
    const postgresWhy = explanation(postgres);
    expect(postgresWhy.filter((l) => l.startsWith('pod '))).toEqual([expect.stringMatching(/^pod example-postgres-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff \(last exit: Error\)$/)]);
    expect(postgresWhy.some((l) => /^event BackOff on pod\/example-postgres-\S+: Back-off restarting failed container postgres/.test(l))).toBe(true);
    expect(postgresWhy).toContain(HINTS.crashing);
    // Another workload's trouble stays out of this explanation.
    expect(postgresWhy.filter((l) => l.includes('example-kafka'))).toEqual([]);
    expect(postgresWhy).not.toContain(HINTS.image);

    const kafka = failureBlock(run.out, 'wait:example-kafka');
    expect(kafka[1]).toMatch(/^  Error: deployment\/example-kafka in dummy-data1 is not ready: kubectl rollout status failed \(exit 1\): error: /);
    const kafkaWhy = explanation(kafka);
    expect(kafkaWhy.some((l) => /^pod example-kafka-[a-z0-9]+-[a-z0-9]+: ImagePullBackOff$/.test(l))).toBe(true);
    expect(kafkaWhy.some((l) => /^event Failed on pod\/example-kafka-\S+: Failed to pull image "apache\/kafka:/.test(l))).toBe(true);
    expect(kafkaWhy).toContain(HINTS.image);
    expect(kafkaWhy.filter((l) => l.includes('example-postgres'))).toEqual([]);
  });

  it('Pending for "Insufficient memory": the scheduler\'s message, its event, and the resources hint', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'pod-unschedulable', object: 'example-postgres' });
    const run = await runCli(h, ['up', '--only', 'wait:example-postgres']);
    expect(run.code).toBe(ExitCode.failed);
    const why = explanation(failureBlock(run.out, 'wait:example-postgres'));
    expect(why.some((l) => /^pod example-postgres-\S+: Pending: 0\/1 nodes are available: 1 Insufficient memory\./.test(l))).toBe(true);
    expect(why.some((l) => /^event FailedScheduling on pod\/example-postgres-\S+: 0\/1 nodes are available: 1 Insufficient memory\./.test(l))).toBe(true);
    expect(why).toContain(HINTS.resources);
  });
});

describe('a Job that fails is reported at once', () => {
  it('the "failed" wait returns, the "complete" wait is stopped, and no wait ran into its timeout', async () => {
    // Slow enough that the Job's 2m timeout (6 s here) is far from its failure (5 virtual seconds in).
    h = await devEnvHarness({ timeScale: 0.05, latencyMs: [100, 300] });
    await h.sim.injectFault({ kind: 'job-fails', object: 'example-kafka-topic-init', afterMs: 5_000 });
    const run = await runCli(h, ['up', '--only', 'wait:example-kafka-topic-init']);
    expect(run.code).toBe(ExitCode.failed);

    const block = failureBlock(run.out, 'wait:example-kafka-topic-init');
    expect(block[1]).toBe('  Error: job/example-kafka-topic-init in dummy-data1 is not ready: job example-kafka-topic-init failed (BackoffLimitExceeded or similar)');
    const why = explanation(block);
    expect(why.some((l) => /^pod example-kafka-topic-init-[a-z0-9]+: Error$/.test(l))).toBe(true);
    expect(why).toContain('event BackoffLimitExceeded on job/example-kafka-topic-init: Job has reached the specified backoff limit');

    const waits = (await h.sim.audit()).filter((e) => e.argv[0] === 'wait' || e.argv[0] === 'rollout');
    const failed = waits.filter((e) => e.argv.includes('--for=condition=failed'));
    const complete = waits.filter((e) => e.argv.includes('--for=condition=complete'));
    expect(failed.map((e) => [e.exitCode, e.signal])).toEqual([[0, undefined]]);
    // Stopped by the product once the Job had failed, not ended by its own --timeout (exit 1).
    expect(complete.map((e) => [e.signal, e.exitCode])).toEqual([['SIGTERM', 143]]);
    expect(waits.filter((e) => e.exitCode === 1).map(line)).toEqual([]);
  });
});
