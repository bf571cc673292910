/**
 * Redaction: the one function every printed or logged line goes through.
 *
 * Deals with: replacing secret values (and their base64 form, as `kubectl get secret -o yaml` shows them)
 * with `***`, in a line or in every string of a structured value (an event, a run result).
 * Does not deal with: knowing which values are secret (see `secretValues` in `secret-values.ts`).
 */

/** What a secret is replaced with. */
export const REDACTED = '***';

/**
 * Every string to hide for `secrets`: each non-empty secret and its base64 encoding, deduplicated, longest
 * first so that a secret containing another secret is hidden whole.
 */
export function redactionTerms(secrets: readonly string[]): string[] {
  const terms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    terms.add(secret);
    terms.add(Buffer.from(secret, 'utf8').toString('base64'));
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of every secret (and of its base64 form) replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  return redactWithTerms(text, redactionTerms(secrets));
}

/** A redaction function with the terms computed once, for reporters that redact many lines. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const terms = redactionTerms(secrets);
  return (text) => redactWithTerms(text, terms);
}

function redactWithTerms(text: string, terms: readonly string[]): string {
  let result = text;
  // split/join instead of a RegExp: secrets are full of characters that mean something in a pattern.
  for (const term of terms) result = result.split(term).join(REDACTED);
  return result;
}

/** A copy of the value with `redact` applied to every string in it (keys excepted): an event, a result. */
export function redactStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)])) as T;
  }
  return value;
}
