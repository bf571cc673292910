import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { collectDrafts, type Draft } from '../../report/timeline-drafts.ts';

type RunStarted = Extract<RunEvent, { type: 'run-started' }>;
const started: RunStarted = { type: 'run-started', at: 0, mode: 'up', nodes: ['a', 'b'], concurrency: 2, groups: { b: ['g'] } };

describe('collectDrafts', () => {
  it.each<{ name: string; events: RunEvent[]; id: string; expected: Partial<Draft> }>([
    {
      name: 'dependency waits add each dependency once',
      events: [
        { type: 'node-waiting', at: 1, id: 'b', deps: ['a'] },
        { type: 'node-waiting', at: 2, id: 'b', deps: ['a', 'c'] },
      ],
      id: 'b',
      expected: { deps: ['a', 'c'], groups: ['g'], lockWaitFrom: undefined },
    },
    {
      name: 'lock waits keep the first wait, each lock and each named holder once',
      events: [
        { type: 'node-waiting', at: 5, id: 'a', deps: [], lock: 'helm', holder: 'b' },
        { type: 'node-waiting', at: 9, id: 'a', deps: [], lock: 'helm', holder: 'b' },
        { type: 'node-waiting', at: 12, id: 'a', deps: [], lock: 'kube' },
      ],
      id: 'a',
      expected: { deps: [], lockWaitFrom: 5, locks: ['helm', 'kube'], lockHolders: ['b'] },
    },
    {
      name: 'the first start counts, and why it was forced',
      events: [
        { type: 'node-started', at: 3, id: 'a', attempt: 1, forced: 'fingerprint' },
        { type: 'node-retrying', at: 4, id: 'a', attempt: 2, maxAttempts: 2, error: 'e', delayMs: 1 },
        { type: 'node-started', at: 5, id: 'a', attempt: 2 },
      ],
      id: 'a',
      expected: { firstStart: 3, forced: 'fingerprint', retries: [{ at: 4, attempt: 2, error: 'e', delayMs: 1 }] },
    },
    {
      name: 'the first end counts',
      events: [
        { type: 'node-done', at: 6, id: 'a', durationMs: 3, attempts: 1 },
        { type: 'node-skipped', at: 7, id: 'a', reason: 'not-started' },
      ],
      id: 'a',
      expected: { end: { type: 'node-done', at: 6, id: 'a', durationMs: 3, attempts: 1 } },
    },
    {
      name: 'a node run-started did not name is kept, after the others',
      events: [{ type: 'node-started', at: 3, id: 'z', attempt: 1 }],
      id: 'z',
      expected: { index: 2, groups: [], firstStart: 3 },
    },
  ])('$name', ({ events, id, expected }) => {
    const draft = collectDrafts(started, [started, ...events]).drafts.find((d) => d.id === id)!;
    const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, draft[key as keyof Draft]]));
    expect(picked).toEqual(expected);
  });

  it('keeps warnings in order, with their node, the last run-finished, and no draft for checks or output alone', () => {
    const finished: RunEvent = { type: 'run-finished', at: 9, outcome: 'success', durationMs: 9 };
    const result = collectDrafts(started, [
      started,
      { type: 'warning', at: 1, message: 'one' },
      { type: 'node-checking', at: 2, id: 'x' },
      { type: 'node-output', at: 2, id: 'y', line: 'l' },
      { type: 'warning', at: 3, id: 'b', message: 'two' },
      { type: 'run-finished', at: 8, outcome: 'failed', durationMs: 8 },
      finished,
    ]);
    expect(result.warnings).toEqual(['one', 'b: two']);
    expect(result.finished).toBe(finished);
    expect(result.drafts.map((d) => d.id)).toEqual(['a', 'b']);
  });
});
