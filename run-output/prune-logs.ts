/**
 * Old run logs are removed so `.state/logs` does not grow without end: the newest runs are kept (run ids
 * sort by time), and the run named in LATEST always stays.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { stateLayout } from '../state/layout.ts';

/** How many run folders a state folder keeps. */
export const KEPT_RUNS = 20;

/** Removes all but the newest `keep` run folders under `<stateDir>/logs`; returns the removed run ids. */
export async function pruneRunLogs(stateDir: string, keep = KEPT_RUNS): Promise<string[]> {
  const layout = stateLayout(stateDir);
  let entries;
  try {
    entries = await readdir(layout.logs, { withFileTypes: true });
  } catch {
    return [];
  }
  const latest = (await readFile(layout.latestRun, 'utf8').catch(() => '')).trim();
  const runs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const old = runs.slice(0, Math.max(0, runs.length - keep)).filter((id) => id !== latest);
  await Promise.all(old.map((id) => rm(layout.run(id).dir, { recursive: true, force: true })));
  return old;
}
