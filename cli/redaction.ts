/**
 * One redaction function built from the project's secret values: every line printed or written passes it.
 */

/** Replaces every occurrence of each secret (longest first, so overlapping secrets are fully hidden) with `***`. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join('***');
    return out;
  };
}
