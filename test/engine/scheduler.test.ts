import { describe, expect, it, vi } from 'vitest';
import { memoryJournal, runGraph, selectSubgraph, validateGraph, type Journal, type RunMode } from '../../engine/index.ts';
import { FakeGraph, Recorder, type FakeSpec } from './fake-graph.ts';

function setup(specs: Record<string, FakeSpec>) {
  const fakes = new FakeGraph(specs);
  const result = validateGraph(fakes.nodes());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return { fakes, graph: result.graph };
}

/**
 * Every node of the run finished exactly once (one done, skipped or failed event), and none started twice.
 * A node released twice would run its work twice, or release what it needs twice, too early.
 */
function expectEachNodeOnce(recorder: Recorder) {
  const started = recorder.events.find((e) => e.type === 'run-started');
  if (started?.type !== 'run-started') throw new Error('no run-started event');
  const count = (types: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const e of recorder.events) if (types.includes(e.type) && 'id' in e && e.id) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
    return counts;
  };
  const starts = count(['node-started']);
  const ends = count(['node-done', 'node-failed', 'node-skipped']);
  expect(Object.fromEntries(started.nodes.map((id) => [id, ends.get(id) ?? 0]))).toEqual(Object.fromEntries(started.nodes.map((id) => [id, 1])));
  expect([...starts].filter(([, n]) => n > 1)).toEqual([]);
}

function run(
  { graph }: ReturnType<typeof setup>,
  options: { concurrency?: number; journal?: Journal; keepGoing?: boolean; signal?: AbortSignal; mode?: RunMode; only?: string[]; force?: string[] } = {},
) {
  const recorder = new Recorder();
  const mode = options.mode ?? 'up';
  const selection = selectSubgraph(graph, { mode, ...(options.only ? { only: options.only } : {}) });
  if (!selection.ok) throw new Error(selection.problems.join('\n'));
  const done = runGraph(graph, {
    mode,
    selected: selection.ids,
    concurrency: options.concurrency ?? 4,
    onEvent: recorder.sink,
    graceMs: 50,
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.keepGoing ? { keepGoing: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.force ? { force: new Set(options.force) } : {}),
  });
  return { recorder, done };
}

describe('scheduling', () => {
  it('starts a node the moment its last dependency finishes, not in waves', async () => {
    //  slow ──► after-slow
    //  fast ──► after-fast
    const t = setup({ slow: { gated: true }, 'after-slow': { deps: ['slow'] }, fast: { gated: true }, 'after-fast': { deps: ['fast'] } });
    const { recorder, done } = run(t);
    await recorder.started('slow');
    await recorder.started('fast');
    t.fakes.gate('fast').resolve();
    await recorder.waitFor((e) => e.type === 'node-done' && e.id === 'after-fast');
    // A wave scheduler would hold after-fast until slow (same level as fast) finished.
    expect(recorder.order('node-done')).toEqual(['fast', 'after-fast']);
    t.fakes.gate('slow').resolve();
    expect((await done).outcome).toBe('success');
    expect(recorder.order('node-done')).toEqual(['fast', 'after-fast', 'slow', 'after-slow']);
  });

  it('names the groups of the selected nodes when the run starts, for reports', async () => {
    const t = setup({ base: {}, app: { deps: ['base'], groups: ['app', 'web'] }, other: { groups: ['other'] } });
    const { recorder, done } = run(t, { only: ['app'] });
    await done;
    const started = recorder.events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && [started.nodes, started.groups]).toEqual([['base', 'app'], { app: ['app', 'web'] }]);
  });

  it('never runs more nodes at once than the concurrency cap', async () => {
    const specs = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => [id, { gated: true }]));
    const t = setup(specs);
    const { recorder, done } = run(t, { concurrency: 2 });
    const opened = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const started = await recorder.waitFor((e) => e.type === 'node-started' && !opened.has(e.id));
      if (started.type !== 'node-started') throw new Error('unreachable');
      opened.add(started.id);
      // Give the scheduler every chance to over-start before the next node finishes.
      await new Promise((resolve) => setImmediate(resolve));
      t.fakes.gate(started.id).resolve();
    }
    expect((await done).outcome).toBe('success');
    expect(recorder.maxConcurrency()).toBe(2);
    expect(recorder.order('node-done')).toHaveLength(6);
  });

  it('--concurrency 1 runs one node at a time in dependency order', async () => {
    const t = setup({ a: {}, b: { deps: ['a'] }, c: {}, d: { deps: ['b', 'c'] } });
    const { recorder, done } = run(t, { concurrency: 1 });
    await done;
    expect(recorder.maxConcurrency()).toBe(1);
    const order = recorder.order('node-done');
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('d'));
    expect(order.indexOf('c')).toBeLessThan(order.indexOf('d'));
  });

  it('nodes sharing a lock never overlap, others still do', async () => {
    const t = setup({ r1: { gated: true, locks: ['helm-repos'] }, r2: { gated: true, locks: ['helm-repos'] }, free: { gated: true } });
    const { recorder, done } = run(t, { concurrency: 4 });
    await recorder.started('r1');
    await recorder.started('free');
    await recorder.waitFor((e) => e.type === 'node-waiting' && e.id === 'r2' && e.lock === 'helm-repos' && e.holder === 'r1');
    expect(recorder.runningWhenStarted('free')).toContain('r1');
    t.fakes.gate('r1').resolve();
    await recorder.started('r2');
    t.fakes.gate('r2').resolve();
    t.fakes.gate('free').resolve();
    await done;
    expect(recorder.maxConcurrency(['r1', 'r2'])).toBe(1);
    expect(recorder.maxConcurrency()).toBe(2);
  });

  it('a ready node that finds every slot busy says it waits for a free slot, then starts', async () => {
    const t = setup({ a: { gated: true }, b: { gated: true } });
    const { recorder, done } = run(t, { concurrency: 1 });
    await recorder.started('a');
    const wait = await vi.waitFor(() => {
      const found = recorder.events.find((e) => e.type === 'node-waiting' && e.id === 'b');
      if (!found) throw new Error('b never said it waits');
      return found;
    });
    expect(wait).toMatchObject({ deps: [], slot: 1 });
    expect(wait).not.toHaveProperty('lock');
    t.fakes.gate('a').resolve();
    await recorder.started('b');
    t.fakes.gate('b').resolve();
    await done;
    expect(recorder.events.filter((e) => e.type === 'node-waiting').map((e) => e.id)).toEqual(['b']);
  });

  it('a node released from a lock takes the freed slot at once, with no slot wait in between', async () => {
    //  r1, r2 share a lock; other keeps the other slot busy.
    const t = setup({ r1: { gated: true, locks: ['helm'] }, r2: { gated: true, locks: ['helm'] }, other: { gated: true } });
    const { recorder, done } = run(t, { concurrency: 2 });
    await recorder.started('r1');
    await recorder.started('other');
    await recorder.waitFor((e) => e.type === 'node-waiting' && e.id === 'r2' && e.lock === 'helm');
    t.fakes.gate('r1').resolve();
    // r1's slot is free: r2 takes it at once, with no slot wait in between.
    await recorder.started('r2');
    const waits = recorder.events.flatMap((e) => (e.type === 'node-waiting' && e.id === 'r2' ? [e.lock ?? e.slot] : []));
    expect(waits).toEqual(['helm']);
    t.fakes.gate('r2').resolve();
    t.fakes.gate('other').resolve();
    await done;
  });

  it('when slots are scarce, starts the node with the longest remaining path first', async () => {
    //  short             (ends here)
    //  long ──► l2 ──► l3
    const t = setup({ short: {}, long: {}, l2: { deps: ['long'] }, l3: { deps: ['l2'] } });
    const { recorder, done } = run(t, { concurrency: 1 });
    await done;
    // After "long": l2 (2 left) beats short (1 left); after l2, l3 and short tie and definition order decides.
    expect(recorder.order('node-started')).toEqual(['long', 'l2', 'short', 'l3']);
  });

  it('uses durations from the journal to weigh the remaining path', async () => {
    const t = setup({ quick: {}, q2: { deps: ['quick'] }, heavy: {} });
    const journal = memoryJournal({
      heavy: { outcome: 'failed', fingerprint: '', durationMs: 60_000, finishedAt: '' },
    });
    const { recorder, done } = run(t, { concurrency: 1, journal });
    await done;
    expect(recorder.order('node-started')[0]).toBe('heavy');
  });
});

describe('checks and the journal', () => {
  it('skips a node whose check says it is done, and says so', async () => {
    const t = setup({ ns: { done: true }, app: { deps: ['ns'], done: false } });
    const { recorder, done } = run(t);
    const result = await done;
    expect(result.nodes.get('ns')).toEqual({ outcome: 'skipped', reason: 'check' });
    expect(result.nodes.get('app')).toEqual({ outcome: 'done' });
    expect(t.fakes.runs.get('ns')).toBeUndefined();
    expect(recorder.events.some((e) => e.type === 'node-skipped' && e.id === 'ns' && e.reason === 'check')).toBe(true);
  });

  it('runs every check at once, before dependencies finish', async () => {
    const t = setup({ a: { done: true }, b: { deps: ['a'], done: true }, c: { deps: ['b'], done: true } });
    const { recorder, done } = run(t);
    await done;
    const checking = recorder.events.filter((e) => e.type === 'node-checking').map((e) => e.at);
    const firstSkip = recorder.events.find((e) => e.type === 'node-skipped')!.at;
    expect(checking).toHaveLength(3);
    expect(Math.max(...checking)).toBeLessThanOrEqual(firstSkip);
  });

  it('a node whose check ends before its dependencies says it no longer checks but waits for them', async () => {
    const t = setup({ a: { gated: true }, b: { deps: ['a'], done: false } });
    const { recorder, done } = run(t);
    await recorder.started('a');
    const ofB = () => recorder.events.filter((e) => 'id' in e && e.id === 'b' && e.type !== 'node-output').map((e) => (e.type === 'node-waiting' ? `waiting ${e.deps.join(',')}` : e.type));
    // The wait after the check is there before a finishes.
    await vi.waitFor(() => expect(ofB()).toEqual(['waiting a', 'node-checking', 'waiting a']));
    t.fakes.gate('a').resolve();
    await done;
    expect(ofB()).toEqual(['waiting a', 'node-checking', 'waiting a', 'node-started', 'node-done']);
  });

  it('re-checks a node whose early "done" may be stale because a dependency ran', async () => {
    const t = setup({ a: { done: false }, b: { deps: ['a'], done: true } });
    const { done } = run(t);
    await done;
    expect(t.fakes.checks.get('b')).toBe(2);
  });

  it('a read-only dependency that ran does not force a re-check', async () => {
    const t = setup({ a: { done: false }, b: { deps: ['a'], done: true } });
    Object.assign(t.graph.nodes.get('a')!, { readOnly: true });
    await run(t).done;
    expect(t.fakes.checks.get('b')).toBe(1);
  });

  it('never skips a read-only check-less node by the journal: it verifies, it does no work', async () => {
    const t = setup({ verify: {} });
    Object.assign(t.graph.nodes.get('verify')!, { readOnly: true });
    const journal = memoryJournal();
    await run(t, { journal }).done;
    await run(t, { journal }).done;
    expect(t.fakes.runs.get('verify')).toBe(2);
  });

  it('skips a check-less node the journal recorded as done with the same fingerprint', async () => {
    const t = setup({ a: { inputs: { v: 1 } } });
    const journal = memoryJournal();
    await run(t, { journal }).done;
    const second = run(t, { journal });
    expect((await second.done).nodes.get('a')).toEqual({ outcome: 'skipped', reason: 'journal' });
    expect(t.fakes.runs.get('a')).toBe(1);
  });

  it('re-runs a node whose inputs changed, and everything downstream, even if checks say done', async () => {
    //  base ──► mid ──► top        other
    const t = setup({ base: { done: true, inputs: 'v1' }, mid: { deps: ['base'], done: true }, top: { deps: ['mid'], done: true }, other: { done: true } });
    const journal = memoryJournal();
    await run(t, { journal }).done;
    expect(t.fakes.runs.size).toBe(0);
    t.fakes.specs.base!.inputs = 'v2';
    const { recorder, done } = run(t, { journal });
    await done;
    expect([...t.fakes.runs.keys()].sort()).toEqual(['base', 'mid', 'top']);
    expect(recorder.events.find((e) => e.type === 'node-started' && e.id === 'base')).toMatchObject({ forced: 'fingerprint' });
    expect(journal.get('base')!.outcome).toBe('done');
  });

  it('force runs the named nodes although their check says done or the journal remembers them; the rest are checked', async () => {
    //  base ──► mid ──► top
    const t = setup({ base: { done: true }, mid: { deps: ['base'], done: true }, top: { deps: ['mid'], done: true }, nocheck: {} });
    const journal = memoryJournal();
    await run(t, { journal }).done;
    expect([...t.fakes.runs.keys()]).toEqual(['nocheck']);
    const { recorder, done } = run(t, { journal, force: ['mid', 'nocheck'] });
    const result = await done;
    expect(result.nodes.get('base')).toEqual({ outcome: 'skipped', reason: 'check' });
    expect(result.nodes.get('mid')!.outcome).toBe('done');
    expect(result.nodes.get('nocheck')!.outcome).toBe('done');
    expect(t.fakes.runs.get('nocheck')).toBe(2);
    expect(recorder.events.find((e) => e.type === 'node-started' && e.id === 'mid')).toMatchObject({ forced: 'force' });
    // `top` was asked again once `mid` had run, and its check still says done.
    expect(result.nodes.get('top')).toEqual({ outcome: 'skipped', reason: 'check' });
  });

  it('a corrupt or lost journal only makes a run slower: the checks still decide', async () => {
    const t = setup({ a: { done: true }, b: { deps: ['a'], done: false } });
    const { done } = run(t, { journal: memoryJournal() });
    const result = await done;
    expect(result.nodes.get('a')!.outcome).toBe('skipped');
    expect(result.nodes.get('b')!.outcome).toBe('done');
  });

  it('a check that throws means "run it"', async () => {
    const t = setup({ a: {} });
    const node = t.graph.nodes.get('a')!;
    Object.assign(node, { check: async () => { throw new Error('connection refused\nmore'); } });
    const { recorder, done } = run(t);
    expect((await done).nodes.get('a')!.outcome).toBe('done');
    expect(recorder.events).toContainEqual(
      expect.objectContaining({ type: 'node-output', id: 'a', line: 'check could not tell whether this is done (connection refused); running it' }),
    );
  });
});

describe('failure', () => {
  //  ns ──► bad ──► after-bad
  //   └───► slow
  //   └───► later (starts only after slow, via dep)
  const specs = (): Record<string, FakeSpec> => ({
    ns: {},
    bad: { deps: ['ns'], failTimes: 99, failMessage: 'helm exploded' },
    'after-bad': { deps: ['bad'] },
    slow: { deps: ['ns'], gated: true },
    later: { deps: ['slow'] },
  });

  it('stops starting nodes, lets running ones finish, and reports what failed and what was skipped', async () => {
    const t = setup(specs());
    const { recorder, done } = run(t);
    await recorder.started('slow');
    await recorder.waitFor((e) => e.type === 'node-failed' && e.id === 'bad');
    t.fakes.gate('slow').resolve();
    const result = await done;
    expect(result.outcome).toBe('failed');
    expect(result.nodes.get('bad')).toEqual({ outcome: 'failed', error: 'helm exploded' });
    expect(result.nodes.get('slow')).toEqual({ outcome: 'done' });
    expect(result.nodes.get('after-bad')).toEqual({ outcome: 'skipped', reason: 'dependency-failed' });
    expect(result.nodes.get('later')).toEqual({ outcome: 'skipped', reason: 'not-started' });
    const failed = recorder.events.find((e) => e.type === 'node-failed');
    expect(failed).toMatchObject({ id: 'bad', tail: ['bad attempt 1'], interrupted: false });
  });

  it('--keep-going keeps running branches that do not depend on the failure', async () => {
    const t = setup(specs());
    const { recorder, done } = run(t, { keepGoing: true });
    await recorder.waitFor((e) => e.type === 'node-failed');
    t.fakes.gate('slow').resolve();
    const result = await done;
    expect(result.outcome).toBe('failed');
    expect(result.nodes.get('later')).toEqual({ outcome: 'done' });
    expect(result.nodes.get('after-bad')).toEqual({ outcome: 'skipped', reason: 'dependency-failed' });
  });

  it('resumes from the failed node: done work is skipped by its check', async () => {
    const t = setup({ a: { done: false }, b: { deps: ['a'], done: false, failTimes: 1 }, c: { deps: ['b'], done: false } });
    const journal = memoryJournal();
    expect((await run(t, { journal }).done).outcome).toBe('failed');
    expect(journal.get('b')!.outcome).toBe('failed');
    const second = run(t, { journal });
    const result = await second.done;
    expect(result.outcome).toBe('success');
    expect(result.nodes.get('a')).toEqual({ outcome: 'skipped', reason: 'check' });
    expect(second.recorder.order('node-started')).toEqual(['b', 'c']);
    expect(t.fakes.runs.get('a')).toBe(1);
  });
});

describe('retries and timeouts', () => {
  it('retries a retryable node with the attempt count shown', async () => {
    const t = setup({ flaky: { failTimes: 2, retries: 3, failMessage: 'etcdserver: leader changed' } });
    const { recorder, done } = run(t);
    expect((await done).outcome).toBe('success');
    const retries = recorder.events.filter((e) => e.type === 'node-retrying');
    expect(retries.map((e) => e.type === 'node-retrying' && `${e.attempt}/${e.maxAttempts} ${e.error}`)).toEqual([
      '2/4 etcdserver: leader changed',
      '3/4 etcdserver: leader changed',
    ]);
    expect(recorder.events.find((e) => e.type === 'node-done')).toMatchObject({ attempts: 3 });
  });

  it('does not retry a permanent failure', async () => {
    const t = setup({ p: { failTimes: 5, retries: 3, permanent: true, failMessage: 'Forbidden' } });
    const { recorder, done } = run(t);
    expect((await done).nodes.get('p')).toEqual({ outcome: 'failed', error: 'Forbidden' });
    expect(t.fakes.runs.get('p')).toBe(1);
    expect(recorder.events.some((e) => e.type === 'node-retrying')).toBe(false);
  });

  it('fails a node that outlives its timeout', async () => {
    const t = setup({ hang: { gated: true, timeoutMs: 20 } });
    const result = await run(t).done;
    expect(result.nodes.get('hang')).toEqual({ outcome: 'failed', error: 'timed out after 20ms' });
  });
});

describe('interrupts', () => {
  it('stops starting nodes, aborts running ones, records them as not done, and resumes cleanly', async () => {
    const t = setup({ a: { done: false }, b: { deps: ['a'], done: false, gated: true }, c: { deps: ['b'], done: false } });
    const journal = memoryJournal();
    const controller = new AbortController();
    const first = run(t, { journal, signal: controller.signal });
    await first.recorder.started('b');
    controller.abort(new Error('interrupted by SIGINT'));
    const result = await first.done;
    expect(result.outcome).toBe('interrupted');
    expect(result.nodes.get('b')).toEqual({ outcome: 'interrupted', error: 'interrupted by SIGINT' });
    expect(result.nodes.get('c')).toEqual({ outcome: 'skipped', reason: 'not-started' });
    expect(journal.get('b')!.outcome).toBe('interrupted');

    t.fakes.gate('b').resolve();
    const second = run(t, { journal });
    expect((await second.done).outcome).toBe('success');
    expect(second.recorder.order('node-started')).toEqual(['b', 'c']);
  });
});

describe('down', () => {
  it('runs in reverse dependency order and skips what is already gone', async () => {
    //  ns ──► release ──► app        (app is already gone)
    const t = setup({ ns: { down: true }, release: { deps: ['ns'], down: true }, app: { deps: ['release'], down: true, goneAlready: true }, info: { deps: ['ns'] } });
    const { recorder, done } = run(t, { mode: 'down' });
    const result = await done;
    expect(result.outcome).toBe('success');
    expect(recorder.order('node-started')).toEqual(['release', 'ns']);
    expect(result.nodes.get('app')).toEqual({ outcome: 'skipped', reason: 'check' });
    expect(result.nodes.get('info')).toEqual({ outcome: 'skipped', reason: 'no-down' });
  });

  it('a part takes down what depends on it, nothing else', async () => {
    const t = setup({ ns: { down: true }, release: { deps: ['ns'], down: true }, app: { deps: ['release'], down: true } });
    const { done } = run(t, { mode: 'down', only: ['release'] });
    await done;
    expect([...t.fakes.downs.keys()].sort()).toEqual(['app', 'release']);
  });
});

describe('a node becomes ready once, whatever finishes at once during start-up', () => {
  // Nodes with nothing to undo (and check-less nodes the journal skips) finish synchronously while the
  // scheduler is still starting the first ready nodes; what they release must not be released again.

  it('down: a node whose dependents have nothing to undo is taken down once', async () => {
    //  ns ──► web        release ──► info        (web and info have no down)
    const t = setup({ ns: { down: true }, web: { deps: ['ns'] }, release: { down: true }, info: { deps: ['release'] } });
    // ns has no downCheck: it is queued the moment it is ready; release's downCheck says there is work.
    delete (t.graph.nodes.get('ns') as { downCheck?: unknown }).downCheck;
    const { recorder, done } = run(t, { mode: 'down' });
    const result = await done;
    expect(result.outcome).toBe('success');
    expect(Object.fromEntries(t.fakes.downs)).toEqual({ ns: 1, release: 1 });
    expect(recorder.order('node-started').sort()).toEqual(['ns', 'release']);
    expect(result.nodes.get('web')).toEqual({ outcome: 'skipped', reason: 'no-down' });
    expect(result.nodes.get('info')).toEqual({ outcome: 'skipped', reason: 'no-down' });
    expectEachNodeOnce(recorder);
  });

  it('down: a node already gone is skipped once, so what it needs still waits for its other dependents', async () => {
    //  base ──► mid ──► top        (mid is already gone, top has no down)
    //    └────► slow               (slow's down is held open by the test)
    const t = setup({
      base: { down: true },
      mid: { deps: ['base'], down: true, goneAlready: true },
      top: { deps: ['mid'] },
      slow: { deps: ['base'], down: true, gated: true },
    });
    const { recorder, done } = run(t, { mode: 'down' });
    await recorder.started('slow');
    await recorder.waitFor((e) => e.type === 'node-skipped' && e.id === 'mid');
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(recorder.order('node-started')).toEqual(['slow']);
    t.fakes.gate('slow').resolve();
    const result = await done;
    expect(result.outcome).toBe('success');
    expect(recorder.order('node-started')).toEqual(['slow', 'base']);
    expect(Object.fromEntries(t.fakes.downs)).toEqual({ slow: 1, base: 1 });
    expect(result.nodes.get('mid')).toEqual({ outcome: 'skipped', reason: 'check' });
    expectEachNodeOnce(recorder);
  });

  it('up: what follows a node the journal skips runs (or is skipped by its check) once', async () => {
    //  a ──► b (no check)    a ──► c (check: not done)    a ──► d (check: done)
    const t = setup({ a: { inputs: 'v1' }, b: { deps: ['a'] }, c: { deps: ['a'], done: false }, d: { deps: ['a'], done: true } });
    const journal = memoryJournal();
    expect((await run(t, { journal }).done).outcome).toBe('success');
    // b and c are to be done again: b is not in the journal any more, c's check says it is not done.
    journal.delete('b');
    t.fakes.specs.c!.done = false;
    const runsBefore = Object.fromEntries(t.fakes.runs);
    const { recorder, done } = run(t, { journal });
    const result = await done;
    expect(result.outcome).toBe('success');
    expect(result.nodes.get('a')).toEqual({ outcome: 'skipped', reason: 'journal' });
    expect(result.nodes.get('d')).toEqual({ outcome: 'skipped', reason: 'check' });
    expect(recorder.order('node-started').sort()).toEqual(['b', 'c']);
    expect(t.fakes.runs.get('b')).toBe(runsBefore.b! + 1);
    expect(t.fakes.runs.get('c')).toBe((runsBefore.c ?? 0) + 1);
    expectEachNodeOnce(recorder);
  });
});

it('rejects a concurrency below 1', async () => {
  const t = setup({ a: {} });
  await expect(runGraph(t.graph, { mode: 'up', selected: new Set(['a']), concurrency: 0, onEvent: () => {} })).rejects.toThrow(
    'concurrency must be a whole number of at least 1, got 0',
  );
});
