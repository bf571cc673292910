/**
 * faults.json: read freely, changed under its own lock (taken after the state lock when both are needed,
 * never the other way round, so the two locks cannot deadlock).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from '../core/lock.ts';
import { writeAtomic } from '../core/write-atomic.ts';
import type { FaultsFile } from './types.ts';

/** Path of faults.json in a state folder. */
export function faultsPath(dir: string): string {
  return join(dir, 'faults.json');
}

/** The current faults; none when the file does not exist. */
export async function loadFaults(dir: string): Promise<FaultsFile> {
  try {
    return JSON.parse(await readFile(faultsPath(dir), 'utf8')) as FaultsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { faults: [], cleared: {} };
    throw error;
  }
}

/** Changes faults.json under its lock. */
export async function updateFaults<T>(dir: string, change: (file: FaultsFile) => T): Promise<T> {
  await mkdir(dir, { recursive: true });
  return withLock(join(dir, 'faults.lock'), async () => {
    const file = await loadFaults(dir);
    const result = change(file);
    await writeAtomic(faultsPath(dir), JSON.stringify(file, null, 2));
    return result;
  });
}
