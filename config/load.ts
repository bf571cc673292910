/**
 * Loading the configuration: read `env/.env`, let the process environment override it, validate once.
 *
 * Deals with: finding and reading the env file (with dotenv's `parse`, never touching `process.env`), merging
 * it with the process environment, the missing-file case, and saying where a bad value came from.
 * Does not deal with: the rules themselves (see `schema.ts`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import type { DevEnvConfig } from './config.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { cutAtHash, rawAssignments, unknownVariableWarnings, withOrigin, type Origins } from './origins.ts';
import { isPlaceholder } from './rules.ts';
import { parseDevEnv, VARIABLE_NAMES, type ParseDevEnvResult } from './schema.ts';

export { secretValues } from './secret-values.ts';

/** The env file used when none is given: `env/.env` under the project root. */
export const DEFAULT_ENV_FILE = path.join(PROJECT_ROOT, 'env', '.env');

/** The example file: its values are the defaults `graph` draws with. */
export const EXAMPLE_ENV_FILE = path.join(PROJECT_ROOT, 'env', '.env.example');

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * The env file. Relative paths are resolved against `cwd`. `undefined` means `env/.env` under the project
   * root (not under the current directory).
   */
  readonly envFile?: string;
  /** Variables that override the file. `undefined` means `process.env` (which is only read, never written). */
  readonly env?: NodeJS.ProcessEnv;
  /** Base for a relative `envFile` and for shortening paths in messages. `undefined` means `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * What {@link loadConfig} answers: the same as `parseDevEnv`, except that a problem may also name the file
 * (`FILE: what is wrong`), a line about a variable says where its value came from when that was the shell
 * (`VARIABLE (set in the shell environment): what is wrong`), and warnings come with problems too.
 */
export type LoadConfigResult =
  | Extract<ParseDevEnvResult, { ok: true }>
  | (Extract<ParseDevEnvResult, { ok: false }> & {
      /** Warnings that help explain the problems (a misspelt name); `undefined` means none. */
      readonly warnings?: readonly string[];
    });

type FileRead =
  | { kind: 'read'; values: Record<string, string>; raw: Map<string, string> }
  | { kind: 'missing' }
  | { kind: 'unreadable'; code: string };

function readEnvFile(file: string): FileRead {
  try {
    const text = readFileSync(file, 'utf8');
    return { kind: 'read', values: dotenv.parse(text), raw: rawAssignments(text) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code };
  }
}

/** `file` as the user should see it: relative to `cwd` when it lies below it. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Reads, merges and validates the configuration. Variables set in `env` (even to an empty string) win over
 * the file. When the file is missing but `env` alone supplies a valid configuration, that is fine; otherwise
 * the only problem reported is the missing file, since every variable would be missing too.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.envFile === undefined ? DEFAULT_ENV_FILE : path.resolve(cwd, options.envFile);
  const shown = displayPath(file, cwd);

  const read = readEnvFile(file);
  if (read.kind === 'unreadable') {
    return { ok: false, problems: [`${shown}: cannot be read (${read.code})`] };
  }
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  const fileValues = read.kind === 'read' ? read.values : {};
  const merged = { ...fileValues, ...fromEnv };
  const result = parseDevEnv(merged);

  if (read.kind === 'missing' && !result.ok) {
    const target = options.envFile === undefined ? 'env/.env' : shown;
    return {
      ok: false,
      problems: [`${shown}: file not found; copy env/.env.example to ${target} and fill in your values`],
    };
  }
  // A value the shell sets (and the file does not, or differently) is the one in use: say so.
  const fromShell = (name: string) => fromEnv[name] !== undefined && fromEnv[name] !== fileValues[name];
  const origins: Origins = {
    fromShell,
    cutAtHash: (name) => !fromShell(name) && read.kind === 'read' && cutAtHash(read.raw.get(name) ?? ''),
  };
  const unknown = unknownVariableWarnings(Object.keys(fileValues), VARIABLE_NAMES);
  if (!result.ok) {
    return {
      ok: false,
      problems: result.problems.map((line) => withOrigin(line, origins)),
      ...(unknown.length > 0 ? { warnings: unknown } : {}),
    };
  }
  return {
    ok: true,
    config: result.config,
    warnings: [...unknown, ...result.warnings.map((line) => withOrigin(line, origins))],
    llmWarnings: result.llmWarnings.map((line) => withOrigin(line, origins)),
  };
}

/** What {@link loadConfigForGraph} answers: a configuration always, and what it had to take from the example. */
export interface GraphConfig {
  /** Valid, with a stand-in for every secret (never a real value). */
  readonly config: DevEnvConfig;
  /** One line when values came from env/.env.example instead of the file; `undefined` when none did. */
  readonly note?: string;
}

/** Stands in for every secret `graph` would otherwise need: it meets the password policy and is no secret. */
const STAND_IN_SECRET = 'Graph-Only-Stand-In-1!';

/** Variables whose values are secret: the graph only needs to know whether an optional one is set. */
const isSecretVariable = (name: string) => name.endsWith('_PASSWORD') || name.endsWith('_API_KEY');

/**
 * The configuration `graph` draws: the graph's shape and titles need no secret and no complete file. Values
 * from the file and the environment are used where they are valid, env/.env.example's elsewhere (a missing
 * file is fine); secrets are replaced by a stand-in, keeping only whether an optional one (the Qdrant API key,
 * which adds a node) is set.
 */
export function loadConfigForGraph(options: LoadConfigOptions = {}): GraphConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.envFile === undefined ? DEFAULT_ENV_FILE : path.resolve(cwd, options.envFile);
  const read = readEnvFile(file);
  const fromEnv = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const given: Record<string, string> = { ...(read.kind === 'read' ? read.values : {}), ...fromEnv };
  const example = readEnvFile(EXAMPLE_ENV_FILE);
  const defaults: Record<string, string> = example.kind === 'read' ? { ...example.values } : {};
  for (const name of VARIABLE_NAMES) {
    if (isSecretVariable(name)) {
      const value = given[name];
      const set = value !== undefined && value.trim() !== '' && !isPlaceholder(value);
      given[name] = name.endsWith('_PASSWORD') || set ? STAND_IN_SECRET : '';
      defaults[name] = name.endsWith('_PASSWORD') ? STAND_IN_SECRET : '';
    }
  }
  const first = parseDevEnv(given);
  if (first.ok) return { config: first.config };

  // Take the example's value for each variable with a problem; if the mix is still not valid (a value
  // clashing with a default), take the example's values alone.
  const replaced = [...new Set(first.problems.map((line) => /^([A-Z0-9_]+)/.exec(line)?.[1]).filter((n): n is string => !!n))];
  const raw = { ...given };
  for (const name of replaced) raw[name] = defaults[name] ?? '';
  const second = parseDevEnv(raw);
  const used = second.ok ? second : parseDevEnv(defaults);
  if (!used.ok) throw new Error(`env/.env.example is not valid: ${used.problems.join('; ')}`);
  const shown = displayPath(file, cwd);
  if (read.kind !== 'read') {
    const why = read.kind === 'missing' ? 'file not found' : `cannot be read (${read.code})`;
    return { config: used.config, note: `${shown}: ${why}; the graph is drawn with the values of env/.env.example` };
  }
  const which = second.ok ? replaced.join(', ') : 'every variable';
  return { config: used.config, note: `the graph is drawn with env/.env.example's values for ${which} (not set or not valid in ${shown})` };
}
