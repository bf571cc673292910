/**
 * A valid env file for tests: env/.env.example with policy-compliant passwords in place of placeholders.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../../env/.env.example', import.meta.url));

/** Distinct strong passwords, so a leak of any one of them is detectable. */
export const TEST_PASSWORDS = {
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: 'Canary-MysqlRoot-7731!',
  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: 'Canary-MysqlUser-8842!',
  DATASPOKE_POSTGRES_PASSWORD: 'Canary-Postgres-9953!',
  DATASPOKE_REDIS_PASSWORD: 'Canary-Redis-1064!xyz',
  DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD: 'Canary-Example-2175!',
} as const;

/** The example file with every placeholder filled; `overrides` replace whole variables. */
export function devEnvText(overrides: Record<string, string> = {}): string {
  const values: Record<string, string> = { ...TEST_PASSWORDS, DATASPOKE_LLM_API_KEY: 'test-llm-key-not-real', DATASPOKE_QDRANT_API_KEY: '', ...overrides };
  return readFileSync(EXAMPLE, 'utf8')
    .split('\n')
    .map((line) => {
      const m = /^([A-Z0-9_]+)=/.exec(line);
      return m && m[1]! in values ? `${m[1]}=${values[m[1]!]}` : line;
    })
    .join('\n');
}

/** Writes {@link devEnvText} to a temp file and returns its path. */
export async function writeDevEnv(overrides: Record<string, string> = {}): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'devenv-')), '.env');
  await writeFile(file, devEnvText(overrides));
  return file;
}
