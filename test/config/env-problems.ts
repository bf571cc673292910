/** Helpers of the env schema tests: parse a variable set and read its problems or warnings. */
import { parseDevEnv, VARIABLE_NAMES } from '../../config/schema.ts';
import { OPTIONAL_VARIABLES } from './env-fixtures.ts';

/** The problems of `env`; none when it parses. */
export function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  const result = parseDevEnv(env);
  return result.ok ? [] : result.problems;
}

/** The warnings of `env` (or its LLM warnings), which must parse. */
export function warningsOf(env: Record<string, string | undefined>, kind: 'warnings' | 'llmWarnings' = 'warnings'): readonly string[] {
  const result = parseDevEnv(env);
  if (!result.ok) throw new Error(`expected a valid env, got:\n${result.problems.join('\n')}`);
  return result[kind];
}

/** The variables an env must set. */
export const REQUIRED = VARIABLE_NAMES.filter((name) => !(OPTIONAL_VARIABLES as readonly string[]).includes(name));
/** What a password that is too weak is told. */
export const POLICY = 'does not meet the password policy (at least 15 characters, upper- and lower-case letters, a special character)';
/** What a value left as `.env.example`'s `<...>` is told. */
export const PLACEHOLDER = 'still holds the placeholder from env/.env.example; replace it with a real value';
