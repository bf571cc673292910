/**
 * state.json on disk: read without a lock (writes are atomic renames, so a reader always sees a whole
 * file), updated under a lock so that concurrent invocations never lose each other's changes.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from './lock.ts';
import { writeAtomic } from './write-atomic.ts';
import { initialState, type SimState } from './state.ts';

/** Path of the state file in a state folder. */
export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

/** The current state; a folder without state.json is a fresh default cluster. */
export async function loadState(dir: string): Promise<SimState> {
  try {
    return JSON.parse(await readFile(statePath(dir), 'utf8')) as SimState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return initialState();
    throw error;
  }
}

/** Writes a whole state atomically (used by the harness to seed a cluster). */
export async function saveState(dir: string, state: SimState): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomic(statePath(dir), JSON.stringify(state));
}

/**
 * Runs `change` on the latest state under the state lock and writes the result atomically.
 * `change` may mutate the state in place; its return value is passed through.
 */
export async function updateState<T>(dir: string, change: (state: SimState) => T | Promise<T>): Promise<T> {
  await mkdir(dir, { recursive: true });
  return withLock(join(dir, 'state.lock'), async () => {
    const state = await loadState(dir);
    const result = await change(state);
    await saveState(dir, state);
    return result;
  });
}
