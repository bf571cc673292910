/**
 * One run at a time per state folder. proper-lockfile holds the lock (a directory, refreshed while the run
 * lives, stale after a crash); a small info file beside it names the holder, so a second run can say who
 * is running, and a lock whose process is dead is taken over at once (with a warning) instead of after
 * the staleness delay.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';

/** Who holds the lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
}

export type LockResult =
  | { readonly ok: true; release(): Promise<void>; readonly warning?: string }
  | { readonly ok: false; readonly message: string };

const LOCK_NAME = 'run.lock';
const INFO_NAME = 'run.lock.json';

/** Takes the state folder's run lock for `command`, or says who has it. */
export async function acquireRunLock(stateDir: string, command: string, onCompromised: (message: string) => void): Promise<LockResult> {
  const lockfilePath = join(stateDir, LOCK_NAME);
  const infoPath = join(stateDir, INFO_NAME);
  const take = () =>
    lockfile.lock(stateDir, {
      lockfilePath,
      realpath: false,
      stale: 30_000,
      update: 10_000,
      retries: 0,
      onCompromised: (error) => onCompromised(`the run lock ${lockfilePath} was lost (${error.message}); another run may start`),
    });
  let warning: string | undefined;
  let release: () => Promise<void>;
  try {
    release = await take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(infoPath);
    if (holder && holder.host === hostname() && !isAlive(holder.pid)) {
      warning = `a previous run (pid ${holder.pid}, ${holder.command}, started ${holder.startedAt}) ended without releasing the run lock; taking it over`;
      await rm(lockfilePath, { recursive: true, force: true });
      release = await take();
    } else {
      const who = holder ? `pid ${holder.pid} on ${holder.host} (${holder.command}, started ${holder.startedAt})` : 'another process';
      return {
        ok: false,
        message: `another run is in progress in ${stateDir}: ${who}. Wait for it to finish, or stop it (Ctrl-C in its terminal).`,
      };
    }
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  await writeFileAtomic(infoPath, JSON.stringify(holder) + '\n', { mode: 0o600 });
  return {
    ok: true,
    ...(warning ? { warning } : {}),
    async release() {
      await rm(infoPath, { force: true });
      await release().catch(() => {});
    },
  };
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
