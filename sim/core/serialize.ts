/**
 * Reading manifests and printing objects the way kubectl does: JSON with sorted keys and four-space
 * indentation, YAML with sorted keys, YAML 1.1 quoting (as Go's yaml.v2) and unindented sequences.
 */
import { parseAllDocuments, stringify } from 'yaml';

/** Recursively sorts object keys (Go marshals maps in key order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** kubectl's `-o json`. */
export function toKubectlJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

/** kubectl's `-o yaml`. */
export function toKubectlYaml(value: unknown): string {
  return stringify(sortKeys(value), { version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}

/** YAML as helm prints values (`helm get values`): keys sorted, two-space indent. */
export function toHelmYaml(value: unknown): string {
  return stringify(sortKeys(value), { version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}

/** A YAML or JSON stream could not be parsed. */
export class ManifestSyntaxError extends Error {}

/** Parses a multi-document YAML (or JSON) stream; empty documents are skipped, `kind: List` is flattened. */
export function parseManifests(text: string): Record<string, unknown>[] {
  // YAML 1.2 core schema: timestamps stay strings, as they do through sigs.k8s.io/yaml's JSON conversion.
  const docs = parseAllDocuments(text);
  const out: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const line = e.linePos?.[0]?.line;
      throw new ManifestSyntaxError(`yaml: ${line ? `line ${line}: ` : ''}${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestSyntaxError('yaml: unmarshal errors: cannot unmarshal into Object');
    }
    const obj = value as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...(obj.items as Record<string, unknown>[]));
    else out.push(obj);
  }
  return out;
}
