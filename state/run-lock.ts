/**
 * One run at a time per state folder. proper-lockfile holds the lock (a directory, refreshed while the run
 * lives, stale after a crash); a small info file beside it names the holder, so a second run can say who
 * is running, and a lock whose process is dead is taken over at once (with a warning) instead of after
 * the staleness delay.
 */
import { hostname } from 'node:os';
import { readFile, rm } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import type { StateLayout } from './layout.ts';

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

/** How often a live run refreshes its lock. */
const LOCK_UPDATE_MS = 10_000;
/**
 * After how long without a refresh a lock counts as left behind by a crash. It must be well above the
 * refresh interval (proper-lockfile caps the refresh at half of it), or a slow refresh would let a second run in.
 */
const LOCK_STALE_MS = 3 * LOCK_UPDATE_MS;

/** What {@link acquireRunLock} needs. */
export interface RunLockOptions {
  /** The state folder's layout: the lock and its holder's file live there. */
  readonly state: StateLayout;
  /** The command taking the lock (`up`, `down`), named to a second run. */
  readonly command: string;
  /** Told when the lock is lost while the run holds it. */
  readonly onCompromised: (message: string) => void;
}

/** Takes the state folder's run lock for `command`, or says who has it. */
export async function acquireRunLock({ state, command, onCompromised }: RunLockOptions): Promise<LockResult> {
  const { dir: stateDir, lock: lockfilePath, lockInfo: infoPath } = state;
  const take = () =>
    lockfile.lock(stateDir, {
      lockfilePath,
      realpath: false,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
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
