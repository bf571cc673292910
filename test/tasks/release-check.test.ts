/**
 * A release node's check against the simulated helm, which answers in helm 3.17's shapes: `helm status
 * -o json` has no chart, so the chart version comes from `helm list` (one per namespace, shared by the
 * checks there) and the values from `helm get values` of the revision listed.
 */
import { stateLayout } from '../../state/layout.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeContext, TaskNode } from '../../engine/index.ts';
import { createHelm } from '../../kube/helm.ts';
import { createKubectl } from '../../kube/kubectl.ts';
import { createSimCluster, type SimCluster } from '../../sim/harness.ts';
import { namespaceObjects } from '../../tasks/namespace-objects.ts';
import { namespaceReleases } from '../../tasks/namespace-releases.ts';
import { releaseNode, type ReleaseSpec } from '../../tasks/release.ts';
import { sharedReads } from '../../kube/read-cache.ts';
import type { TaskEnv } from '../../tasks/task-env.ts';

const NS = 'release-check';
const kctx = ['--kube-context', 'minikube'];
const ctx: NodeContext = { signal: new AbortController().signal, log: () => {}, warn: () => {}, attempt: 1 };

let sim: SimCluster;
let dir: string;
let valuesFile: string;

beforeAll(async () => {
  sim = await createSimCluster({ timeScale: 0.001, latencyMs: [0, 0] });
  dir = await mkdtemp(join(tmpdir(), 'release-check-'));
  valuesFile = join(dir, 'values.yaml');
  await writeFile(valuesFile, 'elasticsearch:\n  enabled: false\nkafka:\n  broker:\n    replicaCount: 1\n');
  await sim.run('helm', ['repo', 'add', 'datahub', 'https://helm.datahubproject.io/']);
});
afterAll(async () => {
  await sim.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Release nodes sharing one run's reads, as the project builds them. */
function nodes(...specs: Partial<ReleaseSpec>[]): TaskNode[] {
  const reads = sharedReads();
  const target = { context: 'minikube', env: sim.env, reads };
  const helm = createHelm(target);
  const kubectl = createKubectl(target);
  const env = {
    kubectl,
    helm,
    reads,
    objects: namespaceObjects(kubectl, reads),
    releases: namespaceReleases(helm, reads),
    paths: { root: dir, charts: dir, manifests: dir, state: stateLayout(dir) },
    progress: { pollMs: 10, reportMs: 10 },
  } as unknown as TaskEnv;
  return specs.map((spec) =>
    releaseNode(env, {
      id: `release:${spec.release ?? 'prereq'}`,
      title: 'a release',
      release: 'prereq',
      chart: 'datahub/datahub-prerequisites',
      chartName: 'datahub-prerequisites',
      chartVersion: '0.2.1',
      pinVersion: true,
      namespace: NS,
      valuesFiles: [valuesFile],
      timeoutMinutes: 5,
      wait: false,
      deps: [],
      groups: [],
      ...spec,
    }),
  );
}

/** The helm calls made while `during` ran, without the kube context. */
async function helmCalls(during: () => Promise<unknown>): Promise<string[]> {
  const before = (await sim.audit()).length;
  await during();
  return (await sim.audit())
    .slice(before)
    .filter((e) => e.tool === 'helm')
    .map((e) => e.argv.filter((a, i, all) => a !== '--kube-context' && all[i - 1] !== '--kube-context').join(' '));
}

const install = (release: string, extra: string[] = []) =>
  sim.run('helm', ['upgrade', '--install', release, 'datahub/datahub-prerequisites', '--version', '0.2.1', '-n', NS, '--create-namespace', '-f', valuesFile, ...extra, ...kctx]);

describe('the release check', () => {
  it('is not done, after one helm list, while the release is not installed', async () => {
    const [node] = nodes({});
    let result: unknown;
    expect(await helmCalls(async () => (result = await node!.check!(ctx)))).toEqual([`list -n ${NS} -a --max 0 -o json`]);
    expect(result).toEqual({ done: false, detail: 'not installed' });
    expect(await node!.downCheck!(ctx)).toBe(true);
  });

  it('is done for a deployed release with our chart version and values: one list per namespace, values per release', async () => {
    expect((await install('prereq')).exitCode).toBe(0);
    expect((await install('second')).exitCode).toBe(0);
    expect((await install('second')).exitCode).toBe(0);
    const [first, second] = nodes({}, { release: 'second' });
    let results: unknown[] = [];
    const calls = await helmCalls(async () => (results = await Promise.all([first!.check!(ctx), second!.check!(ctx)])));
    expect(results).toEqual([
      { done: true, detail: 'deployed, chart 0.2.1' },
      { done: true, detail: 'deployed, chart 0.2.1' },
    ]);
    // The values read are those of the revision the listing showed.
    expect(calls.sort()).toEqual([
      `get values prereq -n ${NS} --revision 1 -o json`,
      `get values second -n ${NS} --revision 2 -o json`,
      `list -n ${NS} -a --max 0 -o json`,
    ]);
    expect(await first!.downCheck!(ctx)).toBe(false);
  });

  it('is not done with other values, or another chart version (then without reading values)', async () => {
    const [changed] = nodes({ generated: { kafka: { broker: { replicaCount: 3 } } } });
    expect(await changed!.check!(ctx)).toEqual({ done: false, detail: 'values changed' });
    const [older] = nodes({ chartVersion: '0.2.0' });
    let result: unknown;
    expect(await helmCalls(async () => (result = await older!.check!(ctx)))).toEqual([`list -n ${NS} -a --max 0 -o json`]);
    expect(result).toEqual({ done: false, detail: 'chart 0.2.1, want 0.2.0' });
    const [other] = nodes({ chartName: 'datahub' });
    expect(await other!.check!(ctx)).toEqual({ done: false, detail: 'chart datahub-prerequisites-0.2.1, want datahub-0.2.1' });
  });

  it('says which state a release a killed run left behind is in', async () => {
    await sim.injectFault({ kind: 'release-pending', release: 'prereq', namespace: NS, status: 'pending-upgrade' });
    const [node] = nodes({});
    expect(await node!.check!(ctx)).toEqual({ done: false, detail: 'pending-upgrade' });
    expect(await node!.downCheck!(ctx)).toBe(false);
  });
});
