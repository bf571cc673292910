/**
 * The values a release should have: our values files merged in order, as helm merges `-f` files
 * (maps merge key by key, everything else is replaced), plus generated non-secret settings.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { stableStringify } from '../engine/fingerprint.ts';

type Values = Record<string, unknown>;

const isMap = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/** Helm's `-f` merge: `b` wins, maps are merged recursively. */
export function mergeValues(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** Reads and merges values files in order, then `extra` on top. */
export async function desiredValues(files: readonly string[], extra: Values = {}): Promise<Values> {
  let merged: Values = {};
  for (const file of files) merged = mergeValues(merged, (parse(await readFile(file, 'utf8')) as Values | null) ?? {});
  return mergeValues(merged, extra);
}

/** Whether two values trees are the same (key order and number/string spelling of YAML aside). */
export function sameValues(a: Values, b: Values): boolean {
  return stableStringify(JSON.parse(JSON.stringify(a))) === stableStringify(JSON.parse(JSON.stringify(b)));
}
