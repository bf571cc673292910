/** The scheduler's order: true DAG scheduling, the concurrency cap, locks, slot waits and priorities. */
import { describe, expect, it, vi } from 'vitest';
import { memoryJournal } from '../../engine/index.ts';
import { run, setup } from './run-harness.ts';

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
