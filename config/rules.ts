/**
 * The small value rules the env schema is built from: placeholders, the password policy, namespace names,
 * ports and chart versions.
 *
 * Deals with: deciding whether one raw string is acceptable, and saying what is wrong with it.
 * Does not deal with: variable names, cross-variable checks, or printing (see `schema.ts`).
 * None of these functions ever puts a secret's value into the text it returns.
 */

/** The minimum length of every password the dev environment creates. */
export const PASSWORD_MIN_LENGTH = 15;

/** A value still shaped like the `<...>` placeholders in `env/.env.example`. */
export function isPlaceholder(value: string): boolean {
  return /^<.*>$/s.test(value.trim());
}

/**
 * Which parts of the password policy (at least 15 characters, upper- and lower-case letters, a special
 * character) `password` breaks, as short phrases; empty when it meets the policy.
 */
export function passwordPolicyFailures(password: string): string[] {
  const failures: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) failures.push('too short');
  if (!/\p{Lu}/u.test(password)) failures.push('no upper-case letter');
  if (!/\p{Ll}/u.test(password)) failures.push('no lower-case letter');
  // "Special" means anything that is neither a letter nor a digit (spaces included: they are unusual but legal).
  if (!/[^\p{L}\p{N}]/u.test(password)) failures.push('no special character');
  return failures;
}

/** A Kubernetes namespace name: an RFC 1123 label (lower-case alphanumerics and "-", at most 63 characters). */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/**
 * A plain PostgreSQL identifier (letters, digits, "_", not starting with a digit, at most 63 characters):
 * safe to pass to a chart with --set and to use unquoted in SQL.
 */
export function isPostgresName(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(value);
}

/** The port number in `value` (1-65535, decimal digits only), or `undefined` when it is not one. */
export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

// The official regular expression from semver.org (no leading "v"), as Helm chart versions use it.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A semantic version such as `0.8.3` or `1.0.0-rc.1` (an exact version, not a range). */
export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

/** An absolute `http://` or `https://` URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A comma-separated list of `host:port` pairs, as Kafka clients take for their bootstrap servers. */
export function isBrokerList(value: string): boolean {
  return value.split(',').every((entry) => {
    const match = /^([^\s:,]+):(\d+)$/.exec(entry.trim());
    return match !== null && match[2] !== undefined && parsePort(match[2]) !== undefined;
  });
}

/** The schemes a chart source may use: a Helm repository (`https://`, `http://`) or an OCI registry (`oci://`). */
export type ChartSourceKind = 'repository' | 'oci';

/**
 * What kind of chart source `value` is: `repository` for an `https://` or `http://` URL with a host, `oci` for
 * an `oci://` reference with a host and an optional path; `undefined` for anything else (other schemes, no
 * host, a query or fragment). Helm recognises OCI references by the exact, lower-case prefix `oci://`.
 */
export function chartSourceKind(value: string): ChartSourceKind | undefined {
  const url = parseUrl(value);
  if (url === undefined || url.hostname === '' || url.search !== '' || url.hash !== '') return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') return 'repository';
  if (url.protocol === 'oci:' && value.startsWith('oci://')) return 'oci';
  return undefined;
}

/** A URL with a user name or password in it (they would end up on command lines, in logs and in the journal). */
export function hasUrlCredentials(value: string): boolean {
  const url = parseUrl(value);
  return url !== undefined && (url.username !== '' || url.password !== '');
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** `true` or `false` (any case), as a boolean; `undefined` for anything else. */
export function parseBoolean(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}
