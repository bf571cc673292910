/** The scheduler in down, and nodes that become ready once whatever finishes at once during start-up. */
import { describe, expect, it } from 'vitest';
import { memoryJournal } from '../../engine/index.ts';
import { expectEachNodeOnce, run, setup } from './run-harness.ts';

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
