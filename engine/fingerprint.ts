/**
 * Fingerprints: a stable hash of a node's declared inputs.
 *
 * Deals with: turning any JSON-like value into the same hex digest regardless of key order.
 * Does not deal with: reading files (nodes put file contents or their hashes into their inputs).
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash alike. `undefined` fields are dropped as JSON does. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  }) ?? 'undefined';
}

/** sha256 of the stable JSON of `value`, hex. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}
