/**
 * Making sure a run can use its state folder (journal, lock, logs) before it asks anything or takes the lock.
 *
 * Deals with: creating the folder (mode 0700) and checking that it can be written, and saying in one line
 * which folder is unusable and why.
 * Does not deal with: what goes inside it (see the journal, the run lock and the log files).
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Creates `dir` if needed; `undefined` when it is usable, else the problem as one line (without `error: `). */
export async function ensureStateFolder(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return `cannot use the state folder ${dir}: ${await describeFailure(dir, error as NodeJS.ErrnoException)}; choose another with --state-dir`;
  }
}

/** Why `dir` cannot be used, from the error creating or checking it. */
export async function describeFailure(dir: string, error: NodeJS.ErrnoException): Promise<string> {
  switch (error.code) {
    case 'ENOTDIR': {
      const file = await fileOnTheWay(dir);
      return file === undefined ? 'a part of its path is a file, not a folder' : `${file} is a file, not a folder`;
    }
    case 'EEXIST':
      return 'it is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to create or write it';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error.code ?? error.message;
  }
}

/** The nearest existing ancestor of `dir` that is not a folder, if any. */
async function fileOnTheWay(dir: string): Promise<string | undefined> {
  for (let path = dir; ; path = dirname(path)) {
    const found = await stat(path).catch(() => undefined);
    if (found) return found.isDirectory() ? undefined : path;
    if (dirname(path) === path) return undefined;
  }
}
