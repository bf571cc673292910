import { describe, expect, it } from 'vitest';
import { parseEventLine } from '../../report/event-schema.ts';

const failed = { type: 'node-failed', at: 1, id: 'a', durationMs: 1, error: 'x', tail: [], attempts: 1, interrupted: false };

describe('parseEventLine reads the engine event schema, and runs recorded by older versions', () => {
  it.each<[string, object, string]>([
    ['a lock wait naming its holder', { type: 'node-waiting', at: 1, id: 'b', deps: [], lock: 'helm', holder: 'a' }, 'event'],
    ['a lock wait from before holders were recorded', { type: 'node-waiting', at: 1, id: 'b', deps: [], lock: 'helm' }, 'event'],
    ['a failure as data', { ...failed, failure: { message: 'x', kind: 'tool', exitCode: 1, stderrTail: ['x'] } }, 'event'],
    ['a failure from before failures were data', failed, 'event'],
    ['a failure of a kind no version wrote', { ...failed, failure: { message: 'x', kind: 'meltdown' } }, 'problem'],
    ['a run-started from before groups', { type: 'run-started', at: 0, mode: 'up', nodes: ['a'], concurrency: 1 }, 'event'],
    ['an event type a newer version may add', { type: 'node-paused', at: 1, id: 'a' }, 'ignored'],
  ])('%s', (_name, event, kind) => {
    const parsed = parseEventLine(JSON.stringify(event));
    expect(parsed.kind).toBe(kind);
    if (parsed.kind === 'event') expect(parsed.event).toEqual(event);
  });
});
