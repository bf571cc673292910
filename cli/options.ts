/**
 * Parsing and checking of option values shared by several commands.
 */
import { InvalidArgumentError } from 'commander';

/** `--only a,b --only c` → ['a', 'b', 'c']. */
export function collectNames(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new InvalidArgumentError('expected one or more task or group names, separated by commas');
  return [...previous, ...names];
}

/** A whole number of at least 1. */
export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1');
  }
  return n;
}

/** The default cap on nodes doing work at once: enough for the graph's parallel branches, gentle on a laptop. */
export const DEFAULT_CONCURRENCY = 4;

/** Options every command shares. */
export interface CommonOptions {
  envFile?: string;
  stateDir?: string;
}

/** Options of `up`, `down` and `plan`. */
export interface SelectOptions extends CommonOptions {
  only?: string[];
  from?: string[];
  /** commander's `--no-deps`: false when given. */
  deps?: boolean;
}

/** Options of `up` and `down`. */
export interface RunOptions extends SelectOptions {
  concurrency: number;
  keepGoing?: boolean;
  verbose?: boolean;
  yes?: boolean;
  json?: boolean;
  /** `up --force`: run the selected tasks even when their check says done. */
  force?: boolean;
}
