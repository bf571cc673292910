/**
 * Loading: the env file, the process environment on top, the missing-file message; and the helpers built
 * on the configuration (secret values, redaction, port-forwards, release values).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENV_FILE, loadConfig, secretValues } from '../../config/load.ts';
import { PROJECT_ROOT } from '../../config/project-root.ts';
import { portForwards } from '../../config/port-forwards.ts';
import { createRedactor, redact } from '../../config/redact.ts';
import { PASSWORD_MIN_LENGTH } from '../../config/rules.ts';
import { VARIABLE_NAMES } from '../../config/schema.ts';
import { REPO_ROOT } from './chart-tools.ts';
import { envWith, GOOD_CONFIG, GOOD_ENV } from './env-fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `values` as a .env file (every value single-quoted, as a user would quote passwords). */
function writeEnvFile(name: string, values: Readonly<Record<string, string>>): string {
  const file = path.join(dir, name);
  writeFileSync(file, Object.entries(values).map(([key, value]) => `${key}='${value}'`).join('\n') + '\n');
  return file;
}

describe('loadConfig', () => {
  it('reads the file and validates it', () => {
    const file = writeEnvFile('good.env', GOOD_ENV);
    expect(loadConfig({ envFile: file, env: {} })).toEqual({ ok: true, config: GOOD_CONFIG, warnings: [], llmWarnings: [] });
  });

  it('resolves a relative envFile against cwd', () => {
    writeEnvFile('relative.env', GOOD_ENV);
    expect(loadConfig({ envFile: 'relative.env', env: {}, cwd: dir }).ok).toBe(true);
  });

  it('lets the process environment override the file', () => {
    const file = writeEnvFile('override.env', envWith({ DATASPOKE_REDIS_PASSWORD: 'weak' }));
    const result = loadConfig({
      envFile: file,
      env: { DATASPOKE_REDIS_PASSWORD: 'Strong-Redis-Pass-1', DATASPOKE_DEV_KUBE_CLUSTER: 'kind-kind' },
    });
    expect(result.ok && [result.config.credentials.dataspokeRedisPassword, result.config.kubeContext]).toEqual([
      'Strong-Redis-Pass-1',
      'kind-kind',
    ]);
  });

  it('an empty variable in the environment still overrides the file', () => {
    const file = writeEnvFile('empty-override.env', GOOD_ENV);
    expect(loadConfig({ envFile: file, env: { DATASPOKE_POSTGRES_HOST: '' } })).toEqual({
      ok: false,
      problems: ['DATASPOKE_POSTGRES_HOST (set in the shell environment): is empty'],
    });
  });

  it('reports every problem of the merged variables', () => {
    const file = writeEnvFile('bad.env', envWith({ DATASPOKE_REDIS_PORT: 'x', DATASPOKE_TEMPORAL_NAMESPACE: undefined }));
    expect(loadConfig({ envFile: file, env: {} })).toEqual({
      ok: false,
      problems: [
        'DATASPOKE_REDIS_PORT: "x" is not a port number between 1 and 65535',
        'DATASPOKE_TEMPORAL_NAMESPACE: is not set (see env/.env.example)',
      ],
    });
  });

  it('a missing file with an incomplete environment is one problem that says what to do', () => {
    expect(loadConfig({ envFile: 'nowhere.env', env: { DATASPOKE_DEV_KUBE_CLUSTER: 'minikube' }, cwd: dir })).toEqual({
      ok: false,
      problems: ['nowhere.env: file not found; copy env/.env.example to nowhere.env and fill in your values'],
    });
  });

  it('a missing file outside cwd is named by its absolute path', () => {
    const elsewhere = path.join(dir, 'missing', '.env');
    expect(loadConfig({ envFile: elsewhere, env: {}, cwd: REPO_ROOT })).toEqual({
      ok: false,
      problems: [`${elsewhere}: file not found; copy env/.env.example to ${elsewhere} and fill in your values`],
    });
  });

  it('a missing file is fine when the environment supplies everything', () => {
    expect(loadConfig({ envFile: path.join(dir, 'absent.env'), env: GOOD_ENV })).toEqual({
      ok: true,
      config: GOOD_CONFIG,
      warnings: [],
      llmWarnings: [],
    });
  });

  it('an unreadable file is reported as such', () => {
    const folder = path.join(dir, 'a-folder.env');
    mkdirSync(folder);
    expect(loadConfig({ envFile: folder, env: GOOD_ENV, cwd: dir })).toEqual({
      ok: false,
      problems: ['a-folder.env: cannot be read (EISDIR)'],
    });
  });

  it('never writes to process.env', () => {
    const file = writeEnvFile('marker.env', { ...GOOD_ENV, DATASPOKE_TEST_ONLY_MARKER: 'set-by-file' });
    const before = { ...process.env };
    loadConfig({ envFile: file });
    expect(process.env.DATASPOKE_TEST_ONLY_MARKER).toBeUndefined();
    expect({ ...process.env }).toEqual(before);
  });

  it('reads quoted values with "#" and spaces as users write them', () => {
    // Unquoted, dotenv would cut a value at its first "#": .env.example tells users to quote.
    const file = path.join(dir, 'quoted.env');
    const lines = Object.entries(GOOD_ENV)
      .filter(([key]) => key !== 'DATASPOKE_REDIS_PASSWORD')
      .map(([key, value]) => `${key}="${value}"`);
    writeFileSync(file, [...lines, "DATASPOKE_REDIS_PASSWORD='Redis #Secret 2024' # a comment"].join('\n'));
    const result = loadConfig({ envFile: file, env: {} });
    expect(result.ok && result.config.credentials.dataspokeRedisPassword).toBe('Redis #Secret 2024');
  });

  it('says when a bad value was set in the shell, not in the file', () => {
    const file = writeEnvFile('shell.env', envWith({ DATASPOKE_POSTGRES_PORT: 'x' }));
    const result = loadConfig({ envFile: file, env: { DATASPOKE_REDIS_PASSWORD: 'weak', DATASPOKE_POSTGRES_HOST: '' } });
    expect(result).toEqual({
      ok: false,
      problems: [
        'DATASPOKE_POSTGRES_HOST (set in the shell environment): is empty',
        'DATASPOKE_POSTGRES_PORT: "x" is not a port number between 1 and 65535',
        'DATASPOKE_REDIS_PASSWORD (set in the shell environment): does not meet the password policy (at least 15 characters, upper- and lower-case letters, a special character): too short, no upper-case letter, no special character',
      ],
    });
    // The same value in both places is the file's problem as much as the shell's: no label.
    const same = writeEnvFile('same.env', envWith({ DATASPOKE_REDIS_PORT: 'y' }));
    expect(loadConfig({ envFile: same, env: { DATASPOKE_REDIS_PORT: 'y' } })).toEqual({
      ok: false,
      problems: ['DATASPOKE_REDIS_PORT: "y" is not a port number between 1 and 65535'],
    });
  });

  it('a shell value behind a warning is named too', () => {
    const file = writeEnvFile('shell-warning.env', GOOD_ENV);
    expect(loadConfig({ envFile: file, env: { DATASPOKE_REDIS_PORT: '6379' } })).toMatchObject({
      ok: true,
      warnings: [
        'DATASPOKE_REDIS_PORT (set in the shell environment): is 6379 but the Redis port-forward listens on 9202 (DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT); the app on this machine will not reach it',
      ],
    });
  });

  it('a misspelt DATASPOKE_* name in the file is a warning with the known name, also beside the problems', () => {
    const values = envWith({ DATASPOKE_REDIS_PASSWORD: undefined, DATASPOKE_LLM_MODLE: 'gemini-2.0-flash' });
    const file = writeEnvFile('typo.env', { ...values, DATASPOKE_REDIS_PASWORD: 'Redis*Secret-2024x', DATASPOKE_APP_LOG_LEVEL: 'debug' });
    expect(loadConfig({ envFile: file, env: {} })).toEqual({
      ok: false,
      problems: ['DATASPOKE_REDIS_PASSWORD: is not set (see env/.env.example)'],
      warnings: [
        'DATASPOKE_LLM_MODLE: unknown variable, did you mean DATASPOKE_LLM_MODEL?',
        'DATASPOKE_REDIS_PASWORD: unknown variable, did you mean DATASPOKE_REDIS_PASSWORD?',
      ],
    });
    const valid = writeEnvFile('typo-valid.env', { ...GOOD_ENV, DATASPOKE_DEV_HELM_REPO_QDRANT_ULR: 'https://mirror.example/qdrant' });
    expect(loadConfig({ envFile: valid, env: {} })).toMatchObject({
      ok: true,
      warnings: ['DATASPOKE_DEV_HELM_REPO_QDRANT_ULR: unknown variable, did you mean DATASPOKE_DEV_HELM_REPO_QDRANT_URL?'],
    });
  });

  it('a value cut at an unquoted "#" gets a hint; a comment after a space does not', () => {
    const file = path.join(dir, 'hash.env');
    const lines = Object.entries(envWith({ DATASPOKE_REDIS_PASSWORD: undefined, DATASPOKE_POSTGRES_PASSWORD: undefined, DATASPOKE_REDIS_PORT: undefined, DATASPOKE_TEMPORAL_HOST: undefined }))
      .map(([key, value]) => `${key}=${value}`);
    writeFileSync(
      file,
      [
        ...lines,
        'DATASPOKE_REDIS_PASSWORD=Redis#Dev-2024-local',
        'DATASPOKE_POSTGRES_PASSWORD=#Pg-Secret-2024-xyz',
        'DATASPOKE_REDIS_PORT=redis # the forwarded port',
        'DATASPOKE_TEMPORAL_HOST=localhost # where the forward listens',
      ].join('\n'),
    );
    expect(loadConfig({ envFile: file, env: {} })).toEqual({
      ok: false,
      problems: [
        'DATASPOKE_POSTGRES_PASSWORD: is empty; a # starts a comment: quote the value',
        'DATASPOKE_REDIS_PORT: "redis" is not a port number between 1 and 65535',
        'DATASPOKE_REDIS_PASSWORD: does not meet the password policy (at least 15 characters, upper- and lower-case letters, a special character): too short, no special character; a # starts a comment: quote the value',
      ],
    });
    // The value was never repeated back.
    expect(JSON.stringify(loadConfig({ envFile: file, env: {} }))).not.toMatch(/Dev-2024-local|Pg-Secret/);
  });

  it('defaults to env/.env under the project root, not under the current directory', () => {
    expect(PROJECT_ROOT).toBe(REPO_ROOT);
    expect(DEFAULT_ENV_FILE).toBe(path.join(REPO_ROOT, 'env', '.env'));
  });
});

describe('env/.env.example', () => {
  const text = readFileSync(path.join(REPO_ROOT, 'env', '.env.example'), 'utf8');
  const assigned = [...text.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]);

  it('sets every variable the schema knows, once each, in the schema order, and nothing else', () => {
    expect(assigned).toEqual(VARIABLE_NAMES);
  });

  it('states the password policy\'s length wherever it names one', () => {
    const placeholders = [...text.matchAll(/^[A-Z0-9_]+_PASSWORD=(<.*>)$/gm)].map((match) => match[1]);
    expect(placeholders).toEqual(Array(4).fill(`<${PASSWORD_MIN_LENGTH}+ char password>`));
    expect(text).toContain(`at least ${PASSWORD_MIN_LENGTH} characters`);
    expect([...text.matchAll(/(\d+)\+ char|at least (\d+) char/g)].map((match) => Number(match[1] ?? match[2]))).toEqual(
      Array(5).fill(PASSWORD_MIN_LENGTH),
    );
  });

  it('as shipped, fails only on the passwords the user must choose', () => {
    expect(loadConfig({ envFile: path.join(REPO_ROOT, 'env', '.env.example'), env: {} })).toEqual({
      ok: false,
      problems: [
        'DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: still holds the placeholder from env/.env.example; replace it with a real value',
        'DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: still holds the placeholder from env/.env.example; replace it with a real value',
        'DATASPOKE_POSTGRES_PASSWORD: still holds the placeholder from env/.env.example; replace it with a real value',
        'DATASPOKE_REDIS_PASSWORD: still holds the placeholder from env/.env.example; replace it with a real value',
      ],
    });
  });

  it('with those filled in, is valid and only warns about the LLM key', () => {
    const passwords = {
      DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: 'Root-Pass-2024-dev!',
      DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: 'Mysql-Pass-2024-dev',
      DATASPOKE_POSTGRES_PASSWORD: 'Pg#Secret-2024-xyz',
      DATASPOKE_REDIS_PASSWORD: 'Redis*Secret-2024x',
    };
    const result = loadConfig({ envFile: path.join(REPO_ROOT, 'env', '.env.example'), env: passwords });
    expect(result.ok && [result.warnings, result.llmWarnings]).toEqual([[], [
      'DATASPOKE_LLM_API_KEY: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it',
    ]]);
    expect(result.ok && result.config.qdrantApiKey).toBeUndefined();
  });
});

describe('secretValues and redaction', () => {
  const withKeys = { ...GOOD_CONFIG, qdrantApiKey: 'qdrant-key-123' };

  it('lists every password and key, and nothing that is not secret', () => {
    expect(secretValues(withKeys)).toEqual([
      'Root-Pass-2024-dev!',
      'Mysql-Pass-2024-dev',
      'ExampleDev2024!',
      'Pg#Secret-2024-xyz',
      'Redis*Secret-2024x',
      'qdrant-key-123',
      'llm-key-abcdef123456',
    ]);
    expect(secretValues(GOOD_CONFIG)).not.toContain('dataspoke');
  });

  it('replaces every occurrence, longest secret first, and base64 forms too', () => {
    const secrets = ['abc-secret', 'abc-secret-longer'];
    const base64 = Buffer.from('abc-secret').toString('base64');
    expect(redact(`x abc-secret-longer y abc-secret z ${base64}`, secrets)).toBe('x *** y *** z ***');
  });

  it('treats regular-expression characters literally and ignores empty secrets', () => {
    expect(redact('pw=Pg#Secret.(2024)*x end', ['Pg#Secret.(2024)*x', ''])).toBe('pw=*** end');
  });

  it('createRedactor hides every configured secret', () => {
    const hide = createRedactor(secretValues(withKeys));
    expect(hide('mysql Root-Pass-2024-dev! redis Redis*Secret-2024x key qdrant-key-123')).toBe('mysql *** redis *** key ***');
  });
});

describe('portForwards', () => {
  it('maps every local port to its Service, namespace and Service port', () => {
    const flat = Object.entries(portForwards(GOOD_CONFIG)).flatMap(([target, forwards]) =>
      forwards.map((f) => `${target} ${f.id}: localhost:${f.localPort} -> ${f.namespace}/svc/${f.service}:${f.remotePort}`),
    );
    expect(flat).toEqual([
      'datahub ui: localhost:9002 -> datahub-01/svc/datahub-datahub-frontend:9002',
      'datahub gms: localhost:9004 -> datahub-01/svc/datahub-datahub-gms:8080',
      'datahub kafka: localhost:9005 -> datahub-01/svc/datahub-prerequisites-kafka:9092',
      'dataspoke postgres: localhost:9201 -> dataspoke-01/svc/dataspoke-postgresql:5432',
      'dataspoke redis: localhost:9202 -> dataspoke-01/svc/dataspoke-redis-master:6379',
      'dataspoke qdrant-http: localhost:9203 -> dataspoke-01/svc/dataspoke-qdrant:6333',
      'dataspoke qdrant-grpc: localhost:9204 -> dataspoke-01/svc/dataspoke-qdrant:6334',
      'dataspoke temporal: localhost:9205 -> dataspoke-01/svc/dataspoke-temporal-frontend:7233',
      'example postgres: localhost:9102 -> dummy-data1/svc/example-postgres:5432',
      'example kafka: localhost:9104 -> dummy-data1/svc/example-kafka:9092',
    ]);
  });

  it('names the variable behind each local port', () => {
    const all = Object.values(portForwards(GOOD_CONFIG)).flat();
    for (const forward of all) expect(GOOD_ENV[forward.variable]).toBe(String(forward.localPort));
  });
});
