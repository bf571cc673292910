import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { findCriticalPath } from '../../report/critical-path.ts';
import { buildTimeline } from '../../report/timeline.ts';
import { scriptRun } from './script.ts';

const pathOf = (events: RunEvent[]) => findCriticalPath(buildTimeline(events));

describe('the critical path', () => {
  it('follows the branch that ended last, not the longest chain of nodes', () => {
    //  a ──► b ──► d
    //  └───► c
    // a 0-10, b 10-30, d 30-35, c 10-40: the run ends with c.
    const events = scriptRun({ a: [], b: ['a'], c: ['a'], d: ['b'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { start: 'b', at: 10 },
      { start: 'c', at: 10 },
      { done: 'b', at: 30 },
      { start: 'd', at: 30 },
      { done: 'd', at: 35 },
      { done: 'c', at: 40 },
    ]);
    expect(pathOf(events)).toEqual({ ids: ['a', 'c'], spanMs: 40, workMs: 40, waitMs: 0 });
  });

  it('picks, at a join, the parallel chain whose end the node waited for', () => {
    //  x1 ──► x2 ──┐
    //              ├──► z
    //  y1 ──► y2 ──┘
    const events = scriptRun({ x1: [], y1: [], x2: ['x1'], y2: ['y1'], z: ['x2', 'y2'] }, [
      { start: 'x1', at: 0 },
      { start: 'y1', at: 0 },
      { done: 'x1', at: 5 },
      { start: 'x2', at: 5 },
      { done: 'y1', at: 20 },
      { start: 'y2', at: 20 },
      { done: 'y2', at: 30 },
      { done: 'x2', at: 50 },
      { start: 'z', at: 50 },
      { done: 'z', at: 60 },
    ]);
    expect(pathOf(events).ids).toEqual(['x1', 'x2', 'z']);
  });

  it('breaks a tie between dependencies by the longer one, then by execution order', () => {
    //  a ──► b ──┐
    //  └───► c ──┴──► d     b and c both end at 30
    const longer = scriptRun({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { start: 'b', at: 20 },
      { start: 'c', at: 10 },
      { done: 'b', at: 30 },
      { done: 'c', at: 30 },
      { start: 'd', at: 30 },
      { done: 'd', at: 40 },
    ]);
    expect(pathOf(longer).ids).toEqual(['a', 'c', 'd']);

    const equal = scriptRun({ a: [], c: ['a'], b: ['a'], d: ['b', 'c'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { start: 'b', at: 10 },
      { start: 'c', at: 10 },
      { done: 'b', at: 30 },
      { done: 'c', at: 30 },
      { start: 'd', at: 30 },
      { done: 'd', at: 40 },
    ]);
    // c comes before b in this run's execution order.
    expect(pathOf(equal).ids).toEqual(['a', 'c', 'd']);
  });

  it('breaks a tie between last nodes the same way', () => {
    const events = scriptRun({ p: [], q: [] }, [
      { start: 'p', at: 0 },
      { start: 'q', at: 0 },
      { done: 'q', at: 10 },
      { done: 'p', at: 10 },
    ]);
    expect(pathOf(events).ids).toEqual(['p']);
  });

  it('passes through a skipped node that was the last thing its dependent waited for, adding no work', () => {
    //  a (10ms) ──► b (skipped: already done) ──► c (10ms)
    const events = scriptRun({ a: [], b: ['a'], c: ['b'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { skip: 'b', at: 10, reason: 'check' },
      { start: 'c', at: 10 },
      { done: 'c', at: 20 },
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.nodes.find((n) => n.id === 'b')).toMatchObject({ outcome: 'skipped', startedAt: 10, endedAt: 10, durationMs: 0 });
    expect(findCriticalPath(timeline)).toEqual({ ids: ['a', 'b', 'c'], spanMs: 20, workMs: 20, waitMs: 0 });
  });

  it('counts a check that took time before a skip, and a run where everything was skipped', () => {
    const events = scriptRun({ a: [], b: ['a'] }, [
      { skip: 'a', at: 3, reason: 'check' },
      { skip: 'b', at: 3, reason: 'journal' },
    ]);
    // a and b both end at 3; a took 3 ms (its check), b none, so the path ends at a.
    expect(pathOf(events)).toEqual({ ids: ['a'], spanMs: 3, workMs: 3, waitMs: 0 });
  });

  it('ends at a failure and leaves out the nodes that never ran because of it', () => {
    //  a ──► b (fails) ──► d (skipped: dependency failed)
    //  c (done early)            e (not started)
    const events = scriptRun({ a: [], c: [], b: ['a'], d: ['b'], e: ['c'] }, [
      { start: 'a', at: 0 },
      { start: 'c', at: 0 },
      { done: 'a', at: 10 },
      { start: 'b', at: 10 },
      { done: 'c', at: 30 },
      { fail: 'b', at: 50 },
      { skip: 'd', at: 50, reason: 'dependency-failed' },
      { skip: 'e', at: 50, reason: 'not-started' },
    ]);
    const timeline = buildTimeline(events);
    expect(findCriticalPath(timeline)).toEqual({ ids: ['a', 'b'], spanMs: 50, workMs: 50, waitMs: 0 });
    const d = timeline.nodes.find((n) => n.id === 'd')!;
    expect(d).toMatchObject({ outcome: 'skipped', skipReason: 'dependency-failed', durationMs: 0 });
    expect([d.readyAt, d.startedAt, d.endedAt]).toEqual([undefined, undefined, undefined]);
    // e was ready (c had finished) but never started: it queued from 30 until the run stopped.
    const e = timeline.nodes.find((n) => n.id === 'e')!;
    expect(e).toMatchObject({ readyAt: 30, waitedForDepsMs: 30, skipReason: 'not-started' });
    expect(e.startedAt).toBeUndefined();
  });

  it('counts a lock wait on the path as waiting, not work', () => {
    //  a ──► b, and b waits 15ms for the helm lock
    const events = scriptRun({ a: [], b: ['a'], other: [] }, [
      { start: 'a', at: 0 },
      { start: 'other', at: 0 },
      { done: 'a', at: 10 },
      { lock: 'b', at: 10, name: 'helm' },
      { done: 'other', at: 25 },
      { start: 'b', at: 25 },
      { done: 'b', at: 35 },
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.nodes.find((n) => n.id === 'b')).toMatchObject({ readyAt: 10, waitedForLockMs: 15, queuedMs: 0, locks: ['helm'] });
    expect(findCriticalPath(timeline)).toEqual({ ids: ['a', 'b'], spanMs: 35, workMs: 20, waitMs: 15 });
  });

  it('follows a lock wait to the lock\'s holder when the events name it', () => {
    //  a ──► b, a ──► c; b and c share the helm lock: c holds it, b waits for it.
    const events = scriptRun({ a: [], b: ['a'], c: ['a'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { start: 'c', at: 10 },
      { lock: 'b', at: 10, name: 'helm', holder: 'c' },
      { done: 'c', at: 40 },
      { start: 'b', at: 40 },
      { done: 'b', at: 50 },
    ]);
    const timeline = buildTimeline(events);
    expect(timeline.nodes.find((n) => n.id === 'b')).toMatchObject({ waitedForLockMs: 30, lockHolders: ['c'] });
    expect(findCriticalPath(timeline)).toEqual({ ids: ['a', 'c', 'b'], spanMs: 50, workMs: 50, waitMs: 0 });
  });

  it('ends at the node still running when the log stops', () => {
    const events = scriptRun({ a: [], b: ['a'] }, [
      { start: 'a', at: 0 },
      { done: 'a', at: 10 },
      { start: 'b', at: 10 },
    ]).slice(0, -1);
    events.push({ type: 'node-output', at: 25, id: 'b', line: 'still going' });
    const timeline = buildTimeline(events);
    expect(timeline.outcome).toBe('unfinished');
    expect(timeline.nodes.find((n) => n.id === 'b')).toMatchObject({ outcome: 'unfinished', endedAt: 25, durationMs: 15 });
    expect(findCriticalPath(timeline).ids).toEqual(['a', 'b']);
  });

  it('is empty when nothing got going', () => {
    const events = scriptRun({ a: [], b: ['a'] }, [
      { skip: 'a', at: 0, reason: 'not-started' },
      { skip: 'b', at: 0, reason: 'not-started' },
    ]);
    expect(pathOf(events)).toEqual({ ids: [], spanMs: 0, workMs: 0, waitMs: 0 });
  });

  it('works the same in a down, where the dependencies are the dependents removed first', () => {
    // up graph: db ──► app; a down removes app first, so db "depends" on app.
    const events = scriptRun({ app: [], db: ['app'] }, [
      { start: 'app', at: 0 },
      { done: 'app', at: 4 },
      { start: 'db', at: 4 },
      { done: 'db', at: 9 },
    ], { mode: 'down' });
    expect(pathOf(events).ids).toEqual(['app', 'db']);
  });
});
