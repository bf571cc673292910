/** The scheduler's checks and journal: early checks, re-checks, read-only nodes, fingerprints, --force. */
import { describe, expect, it, vi } from 'vitest';
import { memoryJournal } from '../../engine/index.ts';
import { run, setup } from './run-harness.ts';

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
