/**
 * test/until.ts: a wait re-checks on its triggers only, loses no wake-up, unsubscribes when done, and its
 * safety net fails with what was awaited.
 */
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirChanges, recorded, until, within, type Trigger } from './until.ts';

/** A trigger the test fires by hand, counting subscribers. */
function manual(): { trigger: Trigger; fire(): void; subscribers(): number } {
  const wakes = new Set<() => void>();
  return {
    trigger: (wake) => (wakes.add(wake), () => wakes.delete(wake)),
    fire: () => [...wakes].forEach((wake) => wake()),
    subscribers: () => wakes.size,
  };
}

describe('until', () => {
  it.each([
    { name: 'true at the start: no wake-up needed', trueOnCheck: 1 },
    { name: 'true on the second check, after one wake-up', trueOnCheck: 2 },
    { name: 'true on the fourth check, after three wake-ups', trueOnCheck: 4 },
  ])('$name', async ({ trueOnCheck }) => {
    const source = manual();
    const checks = recorded<number>();
    const waiting = until(() => (checks.push(checks.items.length + 1), checks.items.length >= trueOnCheck), { what: 'the count', on: [source.trigger] });
    // One wake-up after each check that came out false: each makes exactly one more check.
    for (let seen = 1; seen < trueOnCheck; seen++) {
      await new Promise<void>((resolve) => (checks.items.length >= seen ? resolve() : checks.trigger(() => resolve())));
      source.fire();
    }
    await waiting;
    expect(checks.items).toEqual(Array.from({ length: trueOnCheck }, (_, i) => i + 1));
    expect(source.subscribers()).toBe(0);
  });

  it('a wake-up during an async check causes one more check', async () => {
    const source = manual();
    let count = 0;
    await until(
      async () => {
        count += 1;
        if (count === 1) source.fire(); // changed while this check was reading
        return count === 2;
      },
      { what: 'the second check', on: [source.trigger] },
    );
    expect(count).toBe(2);
  });

  it('re-checks as a recorded list grows', async () => {
    const events = recorded<string>();
    const waiting = until(() => events.items.includes('listening'), { what: 'listening', on: [events.trigger] });
    events.push('starting');
    events.push('listening');
    await waiting;
  });

  it('its safety net fails with what was awaited, and unsubscribes', async () => {
    const source = manual();
    await expect(until(() => false, { what: 'nothing', on: [source.trigger], limitMs: 20 })).rejects.toThrow('gave up waiting for nothing after 20 ms');
    expect(source.subscribers()).toBe(0);
  });

  it('dirChanges wakes when a file in the folder is replaced by a rename (as the simulator writes its state)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'until-'));
    let state = '';
    const waiting = until(() => state === 'done', { what: 'the state file', on: [dirChanges(dir)] });
    // Only a wake-up makes the wait look again: set first, then changed on disk.
    state = 'done';
    await writeFile(join(dir, 'state.json.tmp'), 'done');
    await rename(join(dir, 'state.json.tmp'), join(dir, 'state.json'));
    await waiting;
  });
});

describe('within', () => {
  it.each([
    { name: 'a promise that settles in time', promise: () => Promise.resolve(7), expected: 7 },
    { name: 'a promise that never settles', promise: () => new Promise<number>(() => undefined), expected: 'gave up waiting for the answer after 20 ms' },
  ])('$name', async ({ promise, expected }) => {
    const result = await within(promise(), { what: 'the answer', limitMs: 20 }).catch((error: Error) => error.message);
    expect(result).toBe(expected);
  });
});
