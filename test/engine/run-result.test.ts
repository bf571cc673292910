import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/index.ts';
import { resultFromEvents } from '../../engine/run-result.ts';
import { run, setup } from './run-harness.ts';

describe('resultFromEvents', () => {
  it('keeps a failure, and reads a node-failed event recorded before failures were data', () => {
    const result = resultFromEvents([
      { type: 'run-started', at: 0, mode: 'up', nodes: ['a', 'b'], concurrency: 1 },
      { type: 'node-failed', at: 1, id: 'a', durationMs: 1, error: 'x', tail: [], attempts: 1, interrupted: false, failure: { message: 'x', kind: 'tool', exitCode: 1 } },
      { type: 'node-failed', at: 2, id: 'b', durationMs: 1, error: 'y', tail: [], attempts: 1, interrupted: true },
      { type: 'run-finished', at: 3, outcome: 'interrupted', durationMs: 3 },
    ]);
    expect(Object.fromEntries(result.nodes)).toEqual({
      a: { outcome: 'failed', error: 'x', failure: { message: 'x', kind: 'tool', exitCode: 1 } },
      b: { outcome: 'interrupted', error: 'y' },
    });
    expect([result.outcome, result.durationMs]).toEqual(['interrupted', 3]);
  });

  it('is the result the run returns: the run builds it from the events it emits', async () => {
    const t = setup({ ns: {}, bad: { deps: ['ns'], failTimes: 9, failMessage: 'helm exploded' }, after: { deps: ['bad'] }, other: { done: true } });
    const { recorder, done } = run(t);
    const result = await done;
    expect(result).toEqual(resultFromEvents(recorder.events));
  });
});
