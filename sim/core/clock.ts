/**
 * Virtual time: every duration the simulator knows (latency, readiness, hooks, command-line timeouts) is
 * virtual and becomes real by one factor, SIM_TIME_SCALE. Timestamps are always real wall-clock time.
 */

/** Converts virtual durations into real ones and sleeps in real time. */
export interface Clock {
  /** Real epoch ms. */
  now(): number;
  /** Real ms that `virtualMs` virtual ms take. */
  real(virtualMs: number): number;
  /** Sleeps `virtualMs` virtual ms (scaled); resolves early when `signal` aborts. */
  sleepVirtual(virtualMs: number, signal?: AbortSignal): Promise<void>;
  /** Sleeps `realMs` real ms. */
  sleepReal(realMs: number, signal?: AbortSignal): Promise<void>;
}

/** A clock that scales virtual time by `timeScale`. */
export function createClock(timeScale: number): Clock {
  const sleepReal = (realMs: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal?.aborted || realMs <= 0) return resolve();
      const timer = setTimeout(done, Math.min(realMs, 2 ** 31 - 1));
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  return {
    now: () => Date.now(),
    real: (virtualMs) => virtualMs * timeScale,
    sleepVirtual: (virtualMs, signal) => sleepReal(virtualMs * timeScale, signal),
    sleepReal,
  };
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration ("5m0s", "300s", "1h30m", "500ms") into ms; a bare number means seconds, as
 * kubectl's `--timeout=30` does. Returns `undefined` when malformed.
 */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (trimmed === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === trimmed.length && matched > 0 ? total : undefined;
}

/** Formats ms the way Go prints a time.Duration ("5m0s", "1h0m0s", "300ms"). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Number((totalSeconds % 60).toFixed(3));
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
