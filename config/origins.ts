/**
 * Where a value came from, told in the messages about it: a variable set in the shell says so (the user would
 * look for it in `env/.env` otherwise), a file value cut short at an unquoted `#` gets a hint, and an unknown
 * `DATASPOKE_*` name in the file that is close to a known one gets a "did you mean".
 *
 * Deals with: the raw lines of the env file and the `VARIABLE: what is wrong` lines about them.
 * Does not deal with: the rules (see `schema.ts`) or reading files (see `load.ts`). Never quotes a value.
 */
import { editDistance } from '../engine/did-you-mean.ts';

/** Words users read, word for word (tests assert them). */
export const ORIGIN_MESSAGES = {
  shell: 'set in the shell environment',
  hash: 'a # starts a comment: quote the value',
  unknown: (known: string) => `unknown variable, did you mean ${known}?`,
} as const;

/**
 * Each variable's raw text after `=` in an env file (the last assignment wins, as with dotenv), for lines of
 * the form `NAME=value` or `export NAME=value`.
 */
export function rawAssignments(text: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=(.*)$/.exec(line);
    if (match) raw.set(match[1]!, match[2]!);
  }
  return raw;
}

/**
 * Whether an unquoted value was cut at a `#` that looks like part of it: dotenv ends an unquoted value at its
 * first `#`. A `#` after a space is taken for a deliberate comment (`PORT=9202 # forwarded`).
 */
export function cutAtHash(raw: string): boolean {
  const value = raw.trimStart();
  if (/^['"`]/.test(value)) return false;
  const at = value.indexOf('#');
  if (at === -1) return false;
  const before = value.slice(0, at);
  return before.trim() === '' || !/\s$/.test(before);
}

/** How to tell the user where a variable's value came from. */
export interface Origins {
  /** The value in use was set in the shell (not, or differently, in the file). */
  fromShell(name: string): boolean;
  /** The value in use came from the file and was cut at an unquoted `#`. */
  cutAtHash(name: string): boolean;
}

/**
 * A `VARIABLE: what is wrong` line with its origin: `VARIABLE (set in the shell environment): …` for a shell
 * value, `…; a # starts a comment: quote the value` for a file value cut at a `#`. Other lines are unchanged.
 */
export function withOrigin(line: string, origins: Origins): string {
  const match = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(line);
  if (!match) return line;
  const [, name, message] = match as unknown as [string, string, string];
  if (origins.fromShell(name)) return `${name} (${ORIGIN_MESSAGES.shell}): ${message}`;
  if (origins.cutAtHash(name)) return `${line}; ${ORIGIN_MESSAGES.hash}`;
  return line;
}

/**
 * A warning for every `DATASPOKE_*` name in the file that the schema does not know but that is within three
 * edits of one it does (a typo). Names further from every known one are left alone: the DataSpoke app reads
 * `DATASPOKE_*` settings of its own from the same file.
 */
export function unknownVariableWarnings(names: Iterable<string>, known: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const name of names) {
    if (!name.startsWith('DATASPOKE_') || known.includes(name)) continue;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of known) {
      const d = editDistance(name, candidate);
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    if (best !== undefined && bestDistance <= 3) warnings.push(`${name}: ${ORIGIN_MESSAGES.unknown(best)}`);
  }
  return warnings;
}
