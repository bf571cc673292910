/**
 * Old run logs are removed so `.state/logs` does not grow without end: the newest runs are kept (run ids
 * sort by time), and the run named in LATEST always stays.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** How many run folders a state folder keeps. */
export const KEPT_RUNS = 20;

/** Removes all but the newest `keep` run folders under `<stateDir>/logs`; returns the removed run ids. */
export async function pruneRunLogs(stateDir: string, keep = KEPT_RUNS): Promise<string[]> {
  const root = join(stateDir, 'logs');
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  const latest = (await readFile(join(root, 'LATEST'), 'utf8').catch(() => '')).trim();
  const runs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const old = runs.slice(0, Math.max(0, runs.length - keep)).filter((id) => id !== latest);
  await Promise.all(old.map((id) => rm(join(root, id), { recursive: true, force: true })));
  return old;
}
