import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/index.ts';
import { describeOutcome } from '../../report/describe.ts';
import { buildTimeline } from '../../report/timeline.ts';

const run = (failure?: object): RunEvent[] => [
  { type: 'run-started', at: 0, mode: 'up', nodes: ['a'], concurrency: 1 },
  { type: 'node-started', at: 0, id: 'a', attempt: 1 },
  { type: 'node-failed', at: 5, id: 'a', durationMs: 5, error: 'x', tail: [], attempts: 2, interrupted: false, ...(failure ? { failure } : {}) } as RunEvent,
  { type: 'run-finished', at: 5, outcome: 'failed', durationMs: 5 },
];

describe('describeOutcome of a failure', () => {
  it.each<[string, object | undefined, string]>([
    ['with a process exit code', { message: 'x', kind: 'tool', exitCode: 2 }, 'failed with exit code 2 after 2 attempts'],
    ['with the signal that ended the process', { message: 'x', kind: 'tool', signal: 'SIGKILL' }, 'failed (killed by SIGKILL) after 2 attempts'],
    ['without one', { message: 'x', kind: 'error' }, 'failed after 2 attempts'],
    ['recorded before failures were data', undefined, 'failed after 2 attempts'],
  ])('%s', (_name, failure, expected) => {
    const node = buildTimeline(run(failure)).nodes[0]!;
    expect(describeOutcome(node, 'up')).toBe(expected);
  });
});
