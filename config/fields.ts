/**
 * The building blocks of the env schema: one zod field per kind of variable, and the messages users read.
 *
 * Deals with: a single variable at a time (missing, placeholder, empty, then its own rule).
 * Does not deal with: which variables exist or how they relate (see `schema.ts`).
 * Secret fields answer with fixed sentences only: a password's value never reaches a message.
 */
import { z } from 'zod';
import {
  chartSourceKind,
  hasUrlCredentials,
  isBrokerList,
  isDns1123Label,
  isHttpUrl,
  isPlaceholder,
  isPostgresName,
  isSemver,
  parseBoolean,
  parsePort,
  passwordPolicyFailures,
} from './rules.ts';

/** Messages users read, word for word (tests assert them). */
export const MESSAGES = {
  missing: 'is not set (see env/.env.example)',
  placeholder: 'still holds the placeholder from env/.env.example; replace it with a real value',
  empty: 'is empty',
  emptyContext: 'is empty; set it to the name of a kubectl context (kubectl config get-contexts -o name)',
  password: (failures: readonly string[]) =>
    `does not meet the password policy (at least 15 characters, upper- and lower-case letters, a special character): ${failures.join(', ')}`,
  namespace: (value: string) =>
    `"${value}" is not a valid namespace name: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit`,
  namespaceTaken: (value: string, other: string) =>
    `"${value}" is already used by ${other}; the three namespaces must be different`,
  port: (value: string) => `"${value}" is not a port number between 1 and 65535`,
  portTaken: (port: number, other: string) =>
    `port ${port} is already used by ${other}; every port-forward port must be different`,
  version: (value: string) => `"${value}" is not a semver version (for example 0.8.3)`,
  postgresName: (value: string) =>
    `"${value}" is not a plain PostgreSQL name: use letters, digits and "_", not starting with a digit, at most 63 characters`,
  url: (value: string) => `"${value}" is not an http(s) URL`,
  brokers: (value: string) => `"${value}" is not a comma-separated list of host:port`,
  chartSource: (value: string) => `"${value}" is not a chart source: use an https://, http:// or oci:// URL`,
  chartSourceCredentials:
    'must not carry a user name or password (they would show in logs); log in with helm first (helm repo add --username, helm registry login)',
  flag: (value: string) => `"${value}" is not true or false`,
} as const;

type Verdict<T> = { value: T } | { problem: string };
const accept = <T>(value: T): Verdict<T> => ({ value });
const reject = (problem: string): Verdict<never> => ({ problem });

interface FieldOptions {
  /** Keep surrounding whitespace (passwords); everything else is trimmed. */
  readonly keepWhitespace?: boolean;
  /** The message for an empty value. Default {@link MESSAGES.empty}. */
  readonly emptyMessage?: string;
}

/** A required variable: missing, placeholder and empty are problems; then `check` decides. */
function required<T>(check: (value: string) => Verdict<T>, options: FieldOptions = {}) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? MESSAGES.missing : 'is not a string') })
    .transform((raw, ctx) => {
      const value = options.keepWhitespace ? raw : raw.trim();
      const problem = isPlaceholder(value)
        ? MESSAGES.placeholder
        : value.trim() === ''
          ? (options.emptyMessage ?? MESSAGES.empty)
          : undefined;
      const verdict = problem === undefined ? check(value) : reject(problem);
      if ('problem' in verdict) {
        ctx.addIssue({ code: 'custom', message: verdict.problem });
        return z.NEVER;
      }
      return verdict.value;
    });
}

/**
 * A variable with a default: missing or empty means `fallback`; a `<...>` placeholder is a problem (the user
 * meant to fill it in); then `check` decides.
 */
function withDefault<T>(fallback: T, check: (value: string) => Verdict<T>) {
  return z
    .string({ error: 'is not a string' })
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? '';
      if (value === '') return fallback;
      const verdict = isPlaceholder(value) ? reject(MESSAGES.placeholder) : check(value);
      if ('problem' in verdict) {
        ctx.addIssue({ code: 'custom', message: verdict.problem });
        return z.NEVER;
      }
      return verdict.value;
    });
}

/** A variable that may be missing: missing, empty and `<...>` placeholders all mean `undefined`. */
export function optional() {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' || isPlaceholder(raw) ? undefined : raw.trim()));
}

/** Any non-empty text; `emptyMessage` replaces the generic "is empty". */
export const text = (emptyMessage?: string) => required(accept, { emptyMessage });
/** A Kubernetes namespace name (DNS-1123 label). */
export const namespace = () => required((value) => (isDns1123Label(value) ? accept(value) : reject(MESSAGES.namespace(value))));
/** A TCP port, 1-65535, parsed to a number. */
export const port = () =>
  required((value) => {
    const parsed = parsePort(value);
    return parsed === undefined ? reject(MESSAGES.port(value)) : accept(parsed);
  });
/** An exact semver chart version. */
export const chartVersion = () => required((value) => (isSemver(value) ? accept(value) : reject(MESSAGES.version(value))));
/** A password that meets the policy; its value is never quoted in a message. */
export const password = () =>
  required(
    (value) => {
      const failures = passwordPolicyFailures(value);
      return failures.length === 0 ? accept(value) : reject(MESSAGES.password(failures));
    },
    { keepWhitespace: true },
  );
/** A plain PostgreSQL user or database name. */
export const postgresName = () =>
  required((value) => (isPostgresName(value) ? accept(value) : reject(MESSAGES.postgresName(value))));
/** An http(s) URL. */
export const url = () => required((value) => (isHttpUrl(value) ? accept(value) : reject(MESSAGES.url(value))));
/** Kafka bootstrap servers: comma-separated host:port. */
export const brokers = () => required((value) => (isBrokerList(value) ? accept(value) : reject(MESSAGES.brokers(value))));
/**
 * Where charts come from: an `https://` or `http://` Helm repository or an `oci://` registry; missing or empty
 * means `fallback`. Credentials in the URL are refused: the URL appears in commands and logs.
 */
export const chartSource = (fallback: string) =>
  withDefault(fallback, (value) => {
    if (hasUrlCredentials(value)) return reject(MESSAGES.chartSourceCredentials);
    return chartSourceKind(value) === undefined ? reject(MESSAGES.chartSource(value)) : accept(value);
  });
/** `true` or `false` (any case); missing or empty means `fallback`. */
export const flag = (fallback: boolean) =>
  withDefault(fallback, (value) => {
    const parsed = parseBoolean(value);
    return parsed === undefined ? reject(MESSAGES.flag(value)) : accept(parsed);
  });
