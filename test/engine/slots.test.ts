import { describe, expect, it } from 'vitest';
import { Slots } from '../../engine/slots.ts';

describe('Slots', () => {
  it('counts slots up to the capacity', () => {
    const slots = new Slots<string>(2);
    expect(slots.free).toBe(true);
    slots.take('a', undefined);
    slots.take('b', []);
    expect([slots.running, slots.free]).toEqual([2, false]);
    slots.give(undefined);
    expect([slots.running, slots.free]).toEqual([1, true]);
  });

  it('names the first held lock and its holder, none when all are free', () => {
    const slots = new Slots<string>(4);
    slots.take('r1', ['helm', 'repos']);
    expect(slots.busyLock(['other', 'repos'])).toEqual({ lock: 'repos', holder: 'r1' });
    expect(slots.busyLock(['other'])).toBeUndefined();
    expect(slots.busyLock(undefined)).toBeUndefined();
  });

  it('releases what was parked behind the locks it gives back, lock by lock, in arrival order, once', () => {
    const slots = new Slots<string>(4);
    slots.take('r1', ['a', 'b']);
    slots.park('b', 'w1');
    slots.park('a', 'w2');
    slots.park('b', 'w3');
    slots.park('c', 'w4');
    expect(slots.give(['a', 'b'])).toEqual(['w2', 'w1', 'w3']);
    expect(slots.busyLock(['a', 'b'])).toBeUndefined();
    slots.take('r2', ['a']);
    expect(slots.give(['a'])).toEqual([]);
  });
});
