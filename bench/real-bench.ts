/**
 * `npm run bench:real`: the real-tier figures of the dev environment, on ONE real control plane (etcd,
 * kube-apiserver, controller-manager, scheduler, kwok as the kubelet; test/real/control-plane.ts) with real
 * kubectl and helm installing the real upstream charts from loopback sources (test/real/real-harness.ts).
 * Every figure is the wall time of `node graph.ts ...` as a user runs it (a process of its own, start-up
 * included), and every ratio divides two figures measured in the same run, in this order:
 *
 * 1. `up --only datahub` on the fresh cluster (the DataHub part alone, the critical path of the whole
 *    install), then `down --yes` so the cluster is empty again;
 * 2. the first full `up`;
 * 3. a no-op `up` right after it (with its kubectl/helm calls and how many of them change something);
 * 4. resume: `down --yes --only release:datahub`, `up` with helm SIGKILLed while it installs DataHub (the
 *    run fails, the release is left pending-install), then the `up` that repairs it and finishes.
 *
 * Prints one Markdown table. Takes a few minutes on a 2-core machine; the tools come from
 * scripts/real-cluster/install-tools.sh (`npm run real-cluster:tools`), the charts from
 * scripts/real-cluster/fetch-charts.ts.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describeMachine } from './results.ts';
import { isMutating, killHelm, ROOT, realEnv, type Call, type CliRun, type RealEnv, type Started } from '../test/real/real-harness.ts';

const DATAHUB_NS = 'datahub-01';
const progress = (what: string) => process.stderr.write(`bench:real: ${what}…\n`);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One timed CLI run: its wall time, the calls it made, the nodes it started. */
interface Timed {
  readonly ms: number;
  readonly calls: Call[];
  readonly started: string[];
  readonly run: CliRun;
}

/** The run must end with `code`; throws with its output otherwise. */
function expectCode(what: string, run: CliRun, code: number): void {
  if (run.code !== code) throw new Error(`${what} exited ${run.code} (expected ${code})\n--- stdout\n${run.out}\n--- stderr\n${run.err}`);
}

/** The nodes a run started, in order (the plain reporter's `▸ <id> started` lines). */
function startedNodes(run: CliRun): string[] {
  return [...run.out.matchAll(/▸ (\S+) started/g)].map((m) => m[1]!);
}

/**
 * Where a run's wall time went, from its plain output: the graph's own time (`● up succeeded in …`), the
 * rest (process start-up, config, the context check, the lock), and the nodes that took 0.5 s or more.
 */
function breakdown(t: Timed): string {
  const graph = /● \S+ succeeded in (\S+)/.exec(t.run.out)?.[1];
  const graphMs = graph === undefined ? undefined : durationMs(graph);
  const nodes = [...t.run.out.matchAll(/✔ (\S+) done \(([^,)]+)/g)]
    .map((m) => ({ id: m[1]!, ms: durationMs(m[2]!) }))
    .filter((n) => n.ms >= 500)
    .sort((a, b) => b.ms - a.ms)
    .map((n) => `${n.id} ${s(n.ms)}`);
  const outside = graphMs === undefined ? '' : `, outside it ${s(t.ms - graphMs)}`;
  return `graph ${graph ?? '?'}${outside}; nodes of 0.5 s or more: ${nodes.join(', ') || 'none'}`;
}

/** `812ms`, `8.2s`, `1m05s` (engine/duration.ts) in ms. */
function durationMs(text: string): number {
  const m = /^(?:(\d+)m)?(?:([\d.]+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0);
}

/** Runs `node graph.ts <args>` to the end, timed from spawn to exit; it must exit 0. */
async function timed(env: RealEnv, args: string[]): Promise<Timed> {
  const before = env.calls().length;
  const t0 = performance.now();
  const run = await env.cli(args);
  const ms = performance.now() - t0;
  expectCode(args.join(' '), run, 0);
  return { ms, calls: env.calls().slice(before), started: startedNodes(run), run };
}

async function helmStatus(env: RealEnv, release: string, namespace: string): Promise<string> {
  const rows = JSON.parse(await env.helm(['list', '-n', namespace, '-a', '-o', 'json'])) as { name: string; status: string }[];
  return rows.find((r) => r.name === release)?.status ?? 'absent';
}

function versions(): string {
  const text = readFileSync(`${ROOT}/scripts/real-cluster/versions.env`, 'utf8');
  const get = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1] ?? '?';
  return `Kubernetes ${get('KUBERNETES_VERSION')}, helm ${get('HELM_VERSION')}, kwok ${get('KWOK_VERSION')}, registry ${get('REGISTRY_VERSION')}, etcd from ${get('ETCD_PACKAGE')}`;
}

const counts = (calls: readonly Call[]) => {
  const kubectl = calls.filter((c) => c.tool === 'kubectl').length;
  return `${calls.length} calls (${kubectl} kubectl, ${calls.length - kubectl} helm), ${calls.filter(isMutating).length} mutating`;
};

progress('starting a control plane and the chart sources');
const setupStart = performance.now();
const env = await realEnv();
const setupMs = performance.now() - setupStart;
let only: Timed, first: Timed, noop: Timed, resumed: Timed, failedMs: number, failedStarted: string[];
let emptiedMs: number;
/** The `up` that is killed mid-install, stopped too if anything throws while it runs. */
let killed: Started | undefined;
try {
  progress('up --only datahub on the fresh cluster');
  only = await timed(env, ['up', '--only', 'datahub']);
  progress('down --yes');
  emptiedMs = (await timed(env, ['down', '--yes'])).ms;

  progress('first full up');
  first = await timed(env, ['up']);
  progress('no-op up');
  noop = await timed(env, ['up']);

  progress('down --yes --only release:datahub');
  await timed(env, ['down', '--yes', '--only', 'release:datahub']);
  progress('up, with helm killed while it installs DataHub');
  const failedStart = performance.now();
  const started = (killed = env.start(['up']));
  await started.until(/▸ release:datahub started/);
  await env.kubectl(['wait', '--for=create', 'secret/sh.helm.release.v1.datahub.v1', '-n', DATAHUB_NS, '--timeout=5m']);
  await env.kubectl(['wait', '--for=jsonpath={.metadata.labels.status}=pending-install', 'secret/sh.helm.release.v1.datahub.v1', '-n', DATAHUB_NS, '--timeout=5m']);
  await killHelm(env, 'datahub');
  const failed = await started.done;
  failedMs = performance.now() - failedStart;
  expectCode('up (helm killed)', failed, 1);
  failedStarted = startedNodes(failed);
  const left = await helmStatus(env, 'datahub', DATAHUB_NS);
  if (left !== 'pending-install') throw new Error(`after the kill the datahub release is ${left}, not pending-install`);
  progress('up that resumes');
  resumed = await timed(env, ['up']);
  if (!/pending-install/.test(resumed.run.out)) throw new Error(`the resuming up did not mention pending-install:\n${resumed.run.out}`);
  const after = await helmStatus(env, 'datahub', DATAHUB_NS);
  if (after !== 'deployed') throw new Error(`after the resume the datahub release is ${after}, not deployed`);
} finally {
  if (killed && killed.child.exitCode === null && killed.child.signalCode === null) {
    killed.child.kill('SIGTERM');
    await killed.done;
  }
  progress('disposing the control plane');
  await env.dispose();
}

const base = only.ms;
const cells = [
  ['figure', 'measured', 'ratio to up --only datahub'],
  ['up --only datahub (fresh cluster)', s(only.ms), '1.00'],
  ['first full up', s(first.ms), (first.ms / base).toFixed(2)],
  ['no-op up', `${s(noop.ms)}, ${noop.calls.length} calls, ${noop.calls.filter(isMutating).length} mutating`, (noop.ms / base).toFixed(2)],
  ['resume (pending-install repaired)', s(resumed.ms), (resumed.ms / base).toFixed(2)],
];
const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log([line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n'));

console.log('');
console.log(`Date: ${new Date().toISOString()}`);
for (const l of describeMachine()) console.log(`- ${l}`);
console.log(`- ${versions()}`);
console.log('');
console.log('Notes:');
console.log(`- control plane and chart sources started in ${s(setupMs)} (not in any figure)`);
console.log(`- up --only datahub: ${counts(only.calls)}; ran ${only.started.length} nodes: ${only.started.join(', ')}`);
console.log(`  ${breakdown(only)}`);
console.log(`- down --yes after it: ${s(emptiedMs)}`);
console.log(`- first full up: ${counts(first.calls)}; ran ${first.started.length} nodes: ${first.started.join(', ')}`);
console.log(`  ${breakdown(first)}`);
console.log(`- no-op up: ${counts(noop.calls)}; ran ${noop.started.length} nodes: ${noop.started.join(', ') || 'none'}`);
console.log(`  ${breakdown(noop)}`);
console.log(`- no-op calls: ${noop.calls.map((c) => `${c.tool} ${c.args.slice(0, 3).join(' ')}`).join('; ')}`);
console.log(`- failed up (helm killed): ${s(failedMs)}; ran ${failedStarted.join(', ')}`);
console.log(`- resume: ${counts(resumed.calls)}; ran ${resumed.started.length} nodes: ${resumed.started.join(', ')}`);
console.log(`  ${breakdown(resumed)}`);
