/** The scheduler on failure, retries, timeouts and interrupts (failures carried as data on the result). */
import { describe, expect, it } from 'vitest';
import { memoryJournal, runGraph } from '../../engine/index.ts';
import type { FakeSpec } from './fake-graph.ts';
import { run, setup } from './run-harness.ts';

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
    expect(result.nodes.get('bad')).toEqual({ outcome: 'failed', error: 'helm exploded', failure: { message: 'helm exploded', kind: 'error' } });
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

  it("a node that fails after retries shows its last attempt's output, not every attempt's", async () => {
    const t = setup({ flaky: { failTimes: 9, retries: 2, failMessage: 'etcdserver: leader changed' } });
    const { recorder, done } = run(t);
    expect((await done).outcome).toBe('failed');
    expect(recorder.events.find((e) => e.type === 'node-failed')).toMatchObject({ attempts: 3, tail: ['flaky attempt 3'] });
  });

  it('does not retry a permanent failure', async () => {
    const t = setup({ p: { failTimes: 5, retries: 3, permanent: true, failMessage: 'Forbidden' } });
    const { recorder, done } = run(t);
    expect((await done).nodes.get('p')).toEqual({ outcome: 'failed', error: 'Forbidden', failure: { message: 'Forbidden', kind: 'permanent' } });
    expect(t.fakes.runs.get('p')).toBe(1);
    expect(recorder.events.some((e) => e.type === 'node-retrying')).toBe(false);
  });

  it('fails a node that outlives its timeout', async () => {
    const t = setup({ hang: { gated: true, timeoutMs: 20 } });
    const result = await run(t).done;
    expect(result.nodes.get('hang')).toEqual({ outcome: 'failed', error: 'timed out after 20ms', failure: { message: 'timed out after 20ms', kind: 'timeout' } });
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
    expect(result.nodes.get('b')).toEqual({
      outcome: 'interrupted',
      error: 'interrupted by SIGINT',
      failure: { message: 'interrupted by SIGINT', kind: 'interrupted' },
    });
    expect(result.nodes.get('c')).toEqual({ outcome: 'skipped', reason: 'not-started' });
    expect(journal.get('b')!.outcome).toBe('interrupted');

    t.fakes.gate('b').resolve();
    const second = run(t, { journal });
    expect((await second.done).outcome).toBe('success');
    expect(second.recorder.order('node-started')).toEqual(['b', 'c']);
  });
});

it('rejects a concurrency below 1', async () => {
  const t = setup({ a: {} });
  await expect(runGraph(t.graph, { mode: 'up', selected: new Set(['a']), concurrency: 0, onEvent: () => {} })).rejects.toThrow(
    'concurrency must be a whole number of at least 1, got 0',
  );
});
