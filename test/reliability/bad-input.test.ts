/**
 * Bad input, end to end: each bad `.env` file or command line exits with the bad-input code, names the
 * problem word for word, and never reaches the cluster (the simulated cluster's audit log stays empty; the one
 * exception reads the local kubeconfig only).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { VARIABLE_NAMES } from '../../config/schema.ts';
import { devEnvHarness, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { OPTIONAL_VARIABLES } from '../config/env-fixtures.ts';
import { devEnvText } from '../tasks/dev-env-file.ts';
import { line, runCli } from './reliability-harness.ts';

const REQUIRED = VARIABLE_NAMES.filter((name) => !(OPTIONAL_VARIABLES as readonly string[]).includes(name));
const POLICY = 'does not meet the password policy (at least 15 characters, upper- and lower-case letters, a special character)';
const PLACEHOLDER = 'still holds the placeholder from env/.env.example; replace it with a real value';
const NAMESPACE_RULE = 'is not a valid namespace name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
const CONFIG_PROBLEMS = 'error: the configuration has problems:\n';

/** A bad env file: the valid test file with some variables removed or replaced. */
interface EnvCase {
  readonly name: string;
  /** Variables to drop from the file. */
  readonly remove?: readonly string[];
  /** Variables to set (the whole value). */
  readonly set?: Readonly<Record<string, string>>;
  /** Every problem line, as printed under the heading. */
  readonly problems: readonly string[];
}

const missing: EnvCase[] = REQUIRED.map((variable) => ({
  name: `${variable} missing`,
  remove: [variable],
  problems: [`${variable}: is not set (see env/.env.example)`],
}));

const values: EnvCase[] = [
  {
    name: 'a password that is too short',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: 'Sh0rt!Pass' },
    problems: [`DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD: ${POLICY}: too short`],
  },
  {
    name: 'a password without upper-case letters',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: 'lowercase-only-password-1' },
    problems: [`DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: ${POLICY}: no upper-case letter`],
  },
  {
    name: 'a password without lower-case letters',
    set: { DATASPOKE_REDIS_PASSWORD: 'UPPERCASE-ONLY-PASSWORD-1' },
    problems: [`DATASPOKE_REDIS_PASSWORD: ${POLICY}: no lower-case letter`],
  },
  {
    name: 'a password without a special character',
    set: { DATASPOKE_POSTGRES_PASSWORD: 'NoSpecialCharacters2024' },
    problems: [`DATASPOKE_POSTGRES_PASSWORD: ${POLICY}: no special character`],
  },
  {
    name: 'a password that breaks every rule',
    set: { DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD: '12345' },
    problems: [`DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PASSWORD: ${POLICY}: too short, no upper-case letter, no lower-case letter, no special character`],
  },
  {
    name: 'a password left as the placeholder',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: '<15+ char password>' },
    problems: [`DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: ${PLACEHOLDER}`],
  },
  {
    name: 'the kube context left as a placeholder',
    set: { DATASPOKE_DEV_KUBE_CLUSTER: '<your-context>' },
    problems: [`DATASPOKE_DEV_KUBE_CLUSTER: ${PLACEHOLDER}`],
  },
  {
    name: 'an empty kube context',
    set: { DATASPOKE_DEV_KUBE_CLUSTER: '' },
    problems: ['DATASPOKE_DEV_KUBE_CLUSTER: is empty; set it to the name of a kubectl context (kubectl config get-contexts -o name)'],
  },
  {
    name: 'a namespace with capitals and "_"',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'DataHub_01' },
    problems: [`DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: "DataHub_01" ${NAMESPACE_RULE}`],
  },
  {
    name: 'a namespace ending with "-"',
    set: { DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: 'dummy-' },
    problems: [`DATASPOKE_DEV_KUBE_DUMMY_DATA_NAMESPACE: "dummy-" ${NAMESPACE_RULE}`],
  },
  {
    name: 'a namespace longer than 63 characters',
    set: { DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'd'.repeat(64) },
    problems: [`DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: "${'d'.repeat(64)}" ${NAMESPACE_RULE}`],
  },
  {
    name: 'two namespaces the same',
    set: { DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'datahub-01' },
    problems: ['DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: "datahub-01" is already used by DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE; the three namespaces must be different'],
  },
  {
    name: 'a port above 65535',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: '70000' },
    problems: ['DATASPOKE_DEV_KUBE_DATAHUB_PORT_FORWARD_UI_PORT: "70000" is not a port number between 1 and 65535'],
  },
  {
    name: 'port 0',
    set: { DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: '0' },
    problems: ['DATASPOKE_DEV_KUBE_DATASPOKE_PORT_FORWARD_REDIS_PORT: "0" is not a port number between 1 and 65535'],
  },
  {
    name: 'a port that is not a number',
    set: { DATASPOKE_POSTGRES_PORT: 'postgres' },
    problems: ['DATASPOKE_POSTGRES_PORT: "postgres" is not a port number between 1 and 65535'],
  },
  {
    name: 'two port-forwards on the same port',
    set: { DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: '9102' },
    problems: [
      'DATASPOKE_DEV_KUBE_DUMMY_DATA_KAFKA_PORT_FORWARD_PORT: port 9102 is already used by DATASPOKE_DEV_KUBE_DUMMY_DATA_POSTGRES_PORT_FORWARD_PORT; every port-forward port must be different',
    ],
  },
  {
    name: 'a chart version with a "v"',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: 'v0.8.3' },
    problems: ['DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: "v0.8.3" is not a semver version (for example 0.8.3)'],
  },
  {
    name: 'a chart version range',
    set: { DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION: '^0.2' },
    problems: ['DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION: "^0.2" is not a semver version (for example 0.8.3)'],
  },
  {
    name: 'a GMS URL without a scheme',
    set: { DATASPOKE_DATAHUB_GMS_URL: 'localhost:9004' },
    problems: ['DATASPOKE_DATAHUB_GMS_URL: "localhost:9004" is not an http(s) URL'],
  },
  {
    name: 'Kafka brokers without a port',
    set: { DATASPOKE_DATAHUB_KAFKA_BROKERS: 'localhost' },
    problems: ['DATASPOKE_DATAHUB_KAFKA_BROKERS: "localhost" is not a comma-separated list of host:port'],
  },
  {
    name: 'a database name with "-"',
    set: { DATASPOKE_POSTGRES_DB: 'data-spoke' },
    problems: ['DATASPOKE_POSTGRES_DB: "data-spoke" is not a plain PostgreSQL name: use letters, digits and "_", not starting with a digit, at most 63 characters'],
  },
  {
    name: 'several problems at once, in .env.example order',
    remove: ['DATASPOKE_REDIS_HOST'],
    set: { DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: 'latest', DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'Datahub' },
    problems: [
      `DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: "Datahub" ${NAMESPACE_RULE}`,
      'DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION: "latest" is not a semver version (for example 0.8.3)',
      'DATASPOKE_REDIS_HOST: is not set (see env/.env.example)',
    ],
  },
];

/** A bad command line with the valid env file. */
interface CommandCase {
  readonly args: readonly string[];
  readonly err: string;
}

const SELECTION = 'error: the selection is not valid:\n';
const USAGE = '(run with --help for usage)\n';
const commands: CommandCase[] = [
  { args: ['upp'], err: `error: unknown command 'upp'\n(Did you mean up?)\n${USAGE}` },
  { args: ['up', '--fast'], err: `error: unknown option '--fast'\n${USAGE}` },
  {
    args: ['up', '--only', 'datahb'],
    err: `${SELECTION}  unknown task or group "datahb" (did you mean "datahub"?). Groups: datahub, dataspoke-example, dataspoke-infra. Tasks: preflight, `,
  },
  {
    args: ['plan', '--only', 'wait:datahub-gmss'],
    err: `${SELECTION}  unknown task or group "wait:datahub-gmss" (did you mean "wait:datahub-gms"?). Groups: `,
  },
  { args: ['up', '--only', 'datahub', '--from', 'preflight'], err: `${SELECTION}  --from cannot be combined with --only\n` },
  { args: ['up', '--no-deps'], err: `${SELECTION}  --no-deps needs --only to name the tasks to run\n` },
  { args: ['down', '--from', 'preflight', '--yes'], err: `error: unknown option '--from'\n${USAGE}` },
  {
    args: ['up', '--concurrency', '0'],
    err: `error: option '-c, --concurrency <n>' argument '0' is invalid. expected a whole number of at least 1\n${USAGE}`,
  },
  {
    args: ['up', '-c', 'many'],
    err: `error: option '-c, --concurrency <n>' argument 'many' is invalid. expected a whole number of at least 1\n${USAGE}`,
  },
  {
    args: ['up', '--only', ','],
    err: `error: option '--only <names>' argument ',' is invalid. expected one or more task or group names, separated by commas\n${USAGE}`,
  },
  {
    args: ['graph', '--format', 'png'],
    err: `error: option '--format <format>' argument 'png' is invalid. Allowed choices are mermaid, dot.\n${USAGE}`,
  },
];

describe('bad input exits 2, says what is wrong, and touches nothing', () => {
  let h: DevEnvHarness;
  let folder: string;
  let written = 0;
  beforeAll(async () => {
    h = await devEnvHarness();
    folder = await mkdtemp(join(tmpdir(), 'bad-env-'));
  });
  afterAll(async () => {
    await h?.dispose();
  });

  async function envFile(c: Pick<EnvCase, 'remove' | 'set'>): Promise<string> {
    const drop = new Set(c.remove ?? []);
    const text = devEnvText(c.set ?? {})
      .split('\n')
      .filter((l) => !drop.has(l.split('=', 1)[0]!))
      .join('\n');
    const file = join(folder, `${++written}.env`);
    await writeFile(file, text);
    return file;
  }

  it.each([...missing, ...values])('.env: $name', async (c) => {
    const file = await envFile(c);
    const run = await runCli(h, ['up'], { envFile: file });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(CONFIG_PROBLEMS + c.problems.map((p) => `  ${p}\n`).join(''));
    expect(run.out).toBe('');
    // A password's value is never repeated back.
    for (const [variable, value] of Object.entries(c.set ?? {})) if (variable.endsWith('_PASSWORD')) expect(run.err).not.toContain(value);
    expect(await h.sim.audit()).toEqual([]);
  });

  it('.env: the file is missing', async () => {
    const file = join(folder, 'nowhere', '.env');
    const run = await runCli(h, ['up'], { envFile: file });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(`${CONFIG_PROBLEMS}  ${file}: file not found; copy env/.env.example to ${file} and fill in your values\n`);
    expect(await h.sim.audit()).toEqual([]);
  });

  it('.env: a bad value set in the shell is named as coming from there', async () => {
    const run = await runCli(h, ['up'], { env: { DATASPOKE_REDIS_PASSWORD: 'Sh0rt!Pass' } });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(`${CONFIG_PROBLEMS}  DATASPOKE_REDIS_PASSWORD (set in the shell environment): ${POLICY}: too short\n`);
    expect(run.err).not.toContain('Sh0rt!Pass');
    expect(await h.sim.audit()).toEqual([]);
  });

  it('.env: a misspelt variable is named with the one it was meant to be, beside the problem it causes', async () => {
    const file = await envFile({ remove: ['DATASPOKE_REDIS_PASSWORD'] });
    await writeFile(file, `${await readFile(file, 'utf8')}\nDATASPOKE_REDIS_PASWORD='Canary-Redis-1064!xyz'\n`);
    const run = await runCli(h, ['up'], { envFile: file });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(
      'warning: DATASPOKE_REDIS_PASWORD: unknown variable, did you mean DATASPOKE_REDIS_PASSWORD?\n' +
        `${CONFIG_PROBLEMS}  DATASPOKE_REDIS_PASSWORD: is not set (see env/.env.example)\n`,
    );
    expect(await h.sim.audit()).toEqual([]);
  });

  it('.env: a password cut at an unquoted "#" says why', async () => {
    const file = await envFile({ set: { DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: 'Mysql#Canary-8842-Dev' } });
    const run = await runCli(h, ['up'], { envFile: file });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(
      `${CONFIG_PROBLEMS}  DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD: ${POLICY}: too short, no special character; a # starts a comment: quote the value\n`,
    );
    expect(await h.sim.audit()).toEqual([]);
  });

  it.each(commands)('command line: $args', async (c) => {
    const run = await runCli(h, c.args);
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err.startsWith(c.err)).toBe(true);
    expect(run.out).toBe('');
    expect(await h.sim.audit()).toEqual([]);
  });

  it('.env: an unknown kube context is found in the local kubeconfig, without contacting the cluster', async () => {
    const file = await envFile({ set: { DATASPOKE_DEV_KUBE_CLUSTER: 'kind-dev' } });
    const before = (await h.sim.audit()).length;
    const run = await runCli(h, ['up'], { envFile: file });
    expect(run.code).toBe(ExitCode.badInput);
    expect(run.err).toBe(
      'error: the environment has problems:\n  DATASPOKE_DEV_KUBE_CLUSTER: kube context "kind-dev" does not exist in your kubeconfig (known contexts: "minikube")\n',
    );
    const calls = await h.auditSince(before);
    expect(calls.map(line)).toEqual(['kubectl config get-contexts -o name']);
    expect(calls[0]!.mutating).toBe(false);
  });
});
