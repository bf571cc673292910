/**
 * The env schema, continued: chart sources, placeholders left from `.env.example`, and the warnings about app
 * ports, with the exact messages users read. (The other rules are in env-schema.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { parseDevEnv } from '../../config/schema.ts';
import { DEFAULTED_VARIABLES, envWith } from './env-fixtures.ts';
import { PLACEHOLDER, problemsOf, REQUIRED, warningsOf } from './env-problems.ts';

describe('chart sources', () => {
  const SOURCES = {
    DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: ['datahub', 'https://helm.datahubproject.io/'],
    DATASPOKE_DEV_HELM_REPO_QDRANT_URL: ['qdrant', 'https://qdrant.github.io/qdrant-helm'],
    DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: ['temporal', 'https://go.temporal.io/helm-charts'],
    DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: ['bitnami', 'oci://registry-1.docker.io/bitnamicharts'],
  } as const;
  const names = Object.keys(SOURCES) as (keyof typeof SOURCES)[];
  const urlsOf = (env: Record<string, string | undefined>) => {
    const result = parseDevEnv(env);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    return result.config.chartSources;
  };

  it.each(names)('%s missing or empty means the public source', (name) => {
    const [source, url] = SOURCES[name];
    expect(urlsOf(envWith({ [name]: undefined })).urls[source]).toBe(url);
    expect(urlsOf(envWith({ [name]: '  ' })).urls[source]).toBe(url);
  });

  it.each(names)('%s takes https://, http:// and oci:// sources (trimmed)', (name) => {
    const [source] = SOURCES[name];
    for (const url of ['https://nexus.example.internal/repository/helm/', 'http://127.0.0.1:8080/charts', 'oci://localhost:5000/mirror']) {
      expect(urlsOf(envWith({ [name]: ` ${url} ` })).urls[source]).toBe(url);
    }
  });

  it.each(names.flatMap((name) => ['ftp://mirror.example/charts', 'mirror.example/charts', 's3://bucket/charts', 'file:///srv/charts', 'oci:/x', 'OCI://host/x', 'https://host/charts?x=1'].map((value) => ({ name, value }))))(
    '$name = "$value" is rejected, naming the variable',
    ({ name, value }) => {
      expect(problemsOf(envWith({ [name]: value }))).toEqual([`${name}: "${value}" is not a chart source: use an https://, http:// or oci:// URL`]);
    },
  );

  it('a URL with credentials is refused without quoting it', () => {
    const problems = problemsOf(envWith({ DATASPOKE_DEV_HELM_REPO_QDRANT_URL: 'https://robot:Hunter2-secret@nexus.example/qdrant' }));
    expect(problems).toEqual([
      'DATASPOKE_DEV_HELM_REPO_QDRANT_URL: must not carry a user name or password (they would show in logs); log in with helm first (helm repo add --username, helm registry login)',
    ]);
    expect(problems.join('')).not.toContain('Hunter2');
  });

  it('every bad source is reported at once, in .env.example order', () => {
    expect(
      problemsOf(envWith({ DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: 'registry:5000', DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: 'ftp://x', DATASPOKE_DEV_HELM_PLAIN_HTTP: 'yes' })),
    ).toEqual([
      'DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: "ftp://x" is not a chart source: use an https://, http:// or oci:// URL',
      'DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: "registry:5000" is not a chart source: use an https://, http:// or oci:// URL',
      'DATASPOKE_DEV_HELM_PLAIN_HTTP: "yes" is not true or false',
    ]);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['TRUE', true],
    [' False ', false],
  ])('DATASPOKE_DEV_HELM_PLAIN_HTTP = %j parses to %s', (value, expected) => {
    const env = envWith({ DATASPOKE_DEV_HELM_PLAIN_HTTP: value, DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: 'oci://localhost:5000/bitnamicharts' });
    expect(urlsOf(env).plainHttp).toBe(expected);
  });

  it.each(['1', 'yes', 'on', 'tru'])('DATASPOKE_DEV_HELM_PLAIN_HTTP = "%s" is rejected', (value) => {
    expect(problemsOf(envWith({ DATASPOKE_DEV_HELM_PLAIN_HTTP: value }))).toEqual([`DATASPOKE_DEV_HELM_PLAIN_HTTP: "${value}" is not true or false`]);
  });

  it('plain HTTP with no oci:// source is a warning (it changes nothing)', () => {
    expect(
      warningsOf(envWith({ DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true', DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: 'http://127.0.0.1:8080/bitnami' })),
    ).toEqual([
      'DATASPOKE_DEV_HELM_PLAIN_HTTP: is true but no chart source is oci://; it only changes how OCI registries are reached (an http:// repository is plain HTTP already)',
    ]);
    expect(warningsOf(envWith({ DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true' }))).toEqual([]);
  });

  it.each(DEFAULTED_VARIABLES)('%s = "<...>" is a placeholder, not the default', (name) => {
    expect(problemsOf(envWith({ [name]: '<your mirror>' }))).toEqual([`${name}: ${PLACEHOLDER}`]);
  });
});

describe('placeholders left from .env.example', () => {
  it.each(REQUIRED)('%s = "<...>" is a placeholder', (name) => {
    expect(problemsOf(envWith({ [name]: '<fill me in>' }))).toEqual([`${name}: ${PLACEHOLDER}`]);
  });

  it('the Qdrant API key placeholder (or an empty key) means "no key"', () => {
    for (const value of ['<optional-api-key>', '', '  ']) {
      const result = parseDevEnv(envWith({ DATASPOKE_QDRANT_API_KEY: value }));
      expect(result.ok && 'qdrantApiKey' in result.config).toBe(false);
    }
    const withKey = parseDevEnv(envWith({ DATASPOKE_QDRANT_API_KEY: 'qdrant-key-123' }));
    expect(withKey.ok && withKey.config.qdrantApiKey).toBe('qdrant-key-123');
  });

  it('an LLM API key left as placeholder is a warning, not a problem, kept apart from the others', () => {
    const result = parseDevEnv(envWith({ DATASPOKE_LLM_API_KEY: '<your-api-key>' }));
    expect(result).toMatchObject({ ok: true, warnings: [] });
    expect(result.ok && result.config.app.llm.apiKey).toBeUndefined();
    expect(result.ok && result.llmWarnings).toEqual([
      'DATASPOKE_LLM_API_KEY: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it',
    ]);
  });

  it('all three LLM variables missing give three warnings', () => {
    expect(warningsOf(envWith({ DATASPOKE_LLM_PROVIDER: undefined, DATASPOKE_LLM_API_KEY: '', DATASPOKE_LLM_MODEL: '<model>' }), 'llmWarnings')).toEqual([
      'DATASPOKE_LLM_PROVIDER: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it',
      'DATASPOKE_LLM_API_KEY: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it',
      'DATASPOKE_LLM_MODEL: is not set (empty or still the example placeholder); the cluster comes up, but DataSpoke cannot call an LLM until you set it',
    ]);
  });
});

describe('warnings about app ports', () => {
  it('a local app port that misses its port-forward is a warning', () => {
    expect(warningsOf(envWith({ DATASPOKE_POSTGRES_PORT: '5432' }))).toEqual([
      'DATASPOKE_POSTGRES_PORT: is 5432 but the PostgreSQL port-forward listens on 9201 (DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_POSTGRES_PORT); the app on this machine will not reach it',
    ]);
  });

  it('a remote host is none of our business', () => {
    expect(warningsOf(envWith({ DATASPOKE_REDIS_HOST: 'redis.internal', DATASPOKE_REDIS_PORT: '6379' }))).toEqual([]);
  });
});
