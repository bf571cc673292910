/** Where a run keeps its state (journal, lock, logs). */
import { join, resolve } from 'node:path';
import type { CliIO } from './io.ts';

/** The absolute state folder: `--state-dir` relative to where the user is, else `.state` in the project root. */
export function stateDirOf(io: CliIO, options: { stateDir?: string }): string {
  return options.stateDir === undefined ? resolve(io.root ?? io.cwd, '.state') : resolve(io.cwd, options.stateDir);
}

/** The journal inside it. */
export function journalPath(io: CliIO, options: { stateDir?: string }): string {
  return join(stateDirOf(io, options), 'journal.json');
}
