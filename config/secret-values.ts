/**
 * Which configuration values are secret.
 *
 * Deals with: listing them, for log redaction (see `redact.ts`).
 * Does not deal with: printing or hiding them.
 */
import type { DevEnvConfig } from './config.ts';

/**
 * Every secret value in `config`: all passwords, the Qdrant API key and the LLM API key when set.
 * Non-empty and deduplicated. User names and database names are not secret.
 */
export function secretValues(config: DevEnvConfig): string[] {
  const { credentials } = config;
  const values = [
    credentials.datahubMysqlRootPassword,
    credentials.datahubMysqlPassword,
    credentials.examplePostgres.password,
    credentials.dataspokePostgres.password,
    credentials.dataspokeRedisPassword,
    config.qdrantApiKey,
    config.app.llm.apiKey,
  ];
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))];
}
