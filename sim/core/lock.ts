/**
 * A cross-process mutex on a lock folder (proper-lockfile), tuned for many short critical sections:
 * retries come quickly instead of proper-lockfile's default one-second backoff.
 */
// Loaded when a lock is first taken: most calls only read, and every call is a process whose start-up counts.

/** Runs `body` while holding the lock at `lockPath` (a folder created and removed by proper-lockfile). */
export async function withLock<T>(lockPath: string, body: () => Promise<T>): Promise<T> {
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(lockPath, {
    lockfilePath: lockPath,
    realpath: false,
    stale: 10_000,
    retries: { retries: 2000, factor: 1.15, minTimeout: 2, maxTimeout: 40, randomize: true },
    // A compromised lock only happens when a holder stalls for 10 s; the atomic write still keeps the
    // file whole, so report it instead of crashing the command.
    onCompromised: (error) => process.stderr.write(`sim: state lock compromised: ${error.message}\n`),
  });
  try {
    return await body();
  } finally {
    await release().catch(() => undefined);
  }
}
