/**
 * The env schema: every rule, with the exact message users read, and the promise that no secret value ever
 * appears in a message. Chart sources, placeholders and app-port warnings: env-sources-and-placeholders.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseDevEnv } from '../../config/schema.ts';
import { envWith, GOOD_CONFIG, GOOD_ENV, OPTIONAL_VARIABLES, PASSWORD_VARIABLES } from './env-fixtures.ts';
import { POLICY, problemsOf, REQUIRED } from './env-problems.ts';

describe('a good environment', () => {
  it('parses to the expected configuration with no warnings', () => {
    expect(parseDevEnv(GOOD_ENV)).toEqual({ ok: true, config: GOOD_CONFIG, warnings: [], llmWarnings: [] });
  });

  it('ignores variables it does not know (the process environment has many)', () => {
    expect(parseDevEnv({ ...GOOD_ENV, PATH: '/usr/bin', DATASPOKE_SOMETHING_ELSE: 'x' }).ok).toBe(true);
  });

  it('accepts pre-release chart versions and trims whitespace around plain values', () => {
    const result = parseDevEnv(
      envWith({ DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: '1.0.0-rc.1', DATASPOKE_DEV_KUBE_CLUSTER: '  kind-dev ' }),
    );
    expect(result.ok && [result.config.chartVersions.datahub, result.config.kubeContext]).toEqual(['1.0.0-rc.1', 'kind-dev']);
  });
});

describe('missing variables', () => {
  it.each(REQUIRED)('%s missing gives exactly one problem naming it', (name) => {
    expect(problemsOf(envWith({ [name]: undefined }))).toEqual([`${name}: is not set (see env/.env.example)`]);
  });

  it('an empty environment lists every required variable once, in .env.example order', () => {
    expect(problemsOf({})).toEqual(REQUIRED.map((name) => `${name}: is not set (see env/.env.example)`));
  });

  it.each(OPTIONAL_VARIABLES)('%s may be missing', (name) => {
    expect(parseDevEnv(envWith({ [name]: undefined })).ok).toBe(true);
  });
});

describe('passwords', () => {
  const cases: Array<[string, string]> = [
    ['Sh0rt!Password', 'too short'],
    ['lowercase-only-password-1', 'no upper-case letter'],
    ['UPPERCASE-ONLY-PASSWORD-1', 'no lower-case letter'],
    ['NoSpecialCharacters2024', 'no special character'],
    ['weak', 'too short, no upper-case letter, no special character'],
    ['               ', 'is empty'],
  ];
  const table = PASSWORD_VARIABLES.flatMap((name) => cases.map(([value, what]) => ({ name, value, what })));

  it.each(table)('$name = "$value" → $what', ({ name, value, what }) => {
    const expected = what === 'is empty' ? `${name}: is empty` : `${name}: ${POLICY}: ${what}`;
    expect(problemsOf(envWith({ [name]: value }))).toEqual([expected]);
  });

  it('exactly 15 characters with mixed case and a special character is enough', () => {
    expect(parseDevEnv(envWith({ DATASPOKE_REDIS_PASSWORD: 'Abcdefghijklm-1' })).ok).toBe(true);
  });

  it('keeps surrounding spaces of a password (they are part of it)', () => {
    const result = parseDevEnv(envWith({ DATASPOKE_REDIS_PASSWORD: ' Redis*Secret-2024x ' }));
    expect(result.ok && result.config.credentials.dataspokeRedisPassword).toBe(' Redis*Secret-2024x ');
  });
});

describe('namespaces', () => {
  const RULE =
    'is not a valid namespace name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
  it.each(['Datahub-01', 'data_hub', '-datahub', 'datahub-', 'a'.repeat(64), 'data.hub'])('"%s" is rejected', (value) => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: value }))).toEqual([
      `DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: "${value}" ${RULE}`,
    ]);
  });

  it('a namespace used twice is reported on the second variable', () => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: 'datahub-01' }))).toEqual([
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: "datahub-01" is already used by DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE; the three namespaces must be different',
    ]);
  });

  it('one namespace for all three gives two collisions, both naming the first user', () => {
    expect(
      problemsOf(
        envWith({ DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'shared', DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'shared', DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: 'shared' }),
      ),
    ).toEqual([
      'DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: "shared" is already used by DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE; the three namespaces must be different',
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: "shared" is already used by DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE; the three namespaces must be different',
    ]);
  });
});

describe('ports', () => {
  it.each(['0', '65536', '99999', 'abc', '90.5', '-1', '9 002', '0x10'])('"%s" is not a port', (value) => {
    expect(problemsOf(envWith({ DATASPOKE_REDIS_PORT: value }))).toEqual([
      `DATASPOKE_REDIS_PORT: "${value}" is not a port number between 1 and 65535`,
    ]);
  });

  it('1 and 65535 are ports', () => {
    expect(parseDevEnv(envWith({ DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: '1', DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: '65535' })).ok).toBe(true);
  });

  it('a port-forward port used twice is reported on the later variable', () => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: '9002' }))).toEqual([
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: port 9002 is already used by DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT; every port-forward port must be different',
    ]);
  });

  it('duplicates across DataHub, DataSpoke and example ports are all found', () => {
    expect(
      problemsOf(
        envWith({
          DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT: '9203',
          DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT: '9004',
        }),
      ),
    ).toEqual([
      'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_GRPC_PORT: port 9203 is already used by DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_QDRANT_HTTP_PORT; every port-forward port must be different',
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT: port 9004 is already used by DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_GMS_PORT; every port-forward port must be different',
    ]);
  });

  it('app ports may repeat the port-forward ports (they are meant to point at them)', () => {
    expect(GOOD_ENV.DATASPOKE_POSTGRES_PORT).toBe(GOOD_ENV.DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT);
    expect(parseDevEnv(GOOD_ENV).ok).toBe(true);
  });
});

describe('chart versions, names, URLs', () => {
  it.each(['0.8', 'v0.8.3', '0.8.x', '^0.8.3', 'latest', '01.2.3'])('chart version "%s" is rejected', (value) => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: value }))).toEqual([
      `DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: "${value}" is not a semver version (for example 0.8.3)`,
    ]);
  });

  it.each(['', '   '])('kube context "%s" is rejected with a hint', (value) => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_KUBE_CLUSTER: value }))).toEqual([
      'DATASPOKE_DEV_KUBE_CLUSTER: is empty; set it to the name of a kubectl context (kubectl config get-contexts -o name)',
    ]);
  });

  it('PostgreSQL user and database names must be plain identifiers', () => {
    expect(problemsOf(envWith({ DATASPOKE_POSTGRES_USER: 'data-spoke', DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_DB: '1db' }))).toEqual([
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_DB: "1db" is not a plain PostgreSQL name: use letters, digits and "_", not starting with a digit, at most 63 characters',
      'DATASPOKE_POSTGRES_USER: "data-spoke" is not a plain PostgreSQL name: use letters, digits and "_", not starting with a digit, at most 63 characters',
    ]);
  });

  it('the GMS URL and the broker list are checked', () => {
    expect(problemsOf(envWith({ DATASPOKE_DATAHUB_GMS_URL: 'localhost:9004', DATASPOKE_DATAHUB_KAFKA_BROKERS: 'localhost' }))).toEqual([
      'DATASPOKE_DATAHUB_GMS_URL: "localhost:9004" is not an http(s) URL',
      'DATASPOKE_DATAHUB_KAFKA_BROKERS: "localhost" is not a comma-separated list of host:port',
    ]);
    expect(parseDevEnv(envWith({ DATASPOKE_DATAHUB_KAFKA_BROKERS: 'a:9092, b:9093' })).ok).toBe(true);
  });
});

describe('all problems at once', () => {
  it('single-variable and cross-variable problems come in one list, in .env.example order', () => {
    expect(
      problemsOf(
        envWith({
          DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'datahub-01',
          DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: undefined,
          DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: 'redis',
          DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT: '9201',
          DATASPOKE_REDIS_PASSWORD: 'redis',
          DATASPOKE_LLM_API_KEY: undefined,
        }),
      ),
    ).toEqual([
      'DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: "datahub-01" is already used by DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE; the three namespaces must be different',
      'DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: is not set (see env/.env.example)',
      'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: "redis" is not a port number between 1 and 65535',
      'DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_TEMPORAL_PORT: port 9201 is already used by DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT; every port-forward port must be different',
      `DATASPOKE_REDIS_PASSWORD: ${POLICY}: too short, no upper-case letter, no special character`,
    ]);
  });

  it('an invalid namespace is not also reported as a collision', () => {
    expect(
      problemsOf(envWith({ DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'Bad_Name', DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'Bad_Name' })),
    ).toHaveLength(2);
  });
});

describe('secrets never appear in messages', () => {
  // Distinctive values, so that a leak cannot hide behind a common substring.
  const leaky = [
    'weak-secret-value-one',
    'SECRETVALUETWOISLONG',
    'Sh0rt!Sec',
    '<secret-looking-placeholder-zz>',
    'NoSpecialSecretValue99',
  ];
  const cases = PASSWORD_VARIABLES.flatMap((name) => leaky.map((value) => ({ name, value })));

  it.each(cases)('$name = "$value" is reported without its value', ({ name, value }) => {
    const problems = problemsOf(envWith({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${name}: `)).toBe(true);
    expect(problems.join('\n')).not.toContain(value);
    expect(problems.join('\n')).not.toContain(value.slice(1, -1));
  });

  it('API keys are never echoed either', () => {
    const env = envWith({ DATASPOKE_QDRANT_API_KEY: 'qdrant-SECRET-key', DATASPOKE_LLM_API_KEY: 'llm-SECRET-key', DATASPOKE_REDIS_PORT: 'x' });
    const text = problemsOf(env).join('\n');
    expect(text).not.toContain('SECRET');
  });
});
