/**
 * helm's output formats: release status text, tables (uitable-style, tab-separated padded columns),
 * compact JSON and YAML.
 */
import { stringify } from 'yaml';
import { ansic } from '../core/timefmt.ts';
import { publicRelease, type ReleaseRecord } from './release-types.ts';

/** `-o table|json|yaml` for helm. */
export type HelmFormat = 'table' | 'json' | 'yaml';

/** helm's JSON: Go's json.Encoder, compact, one trailing newline. */
export function helmJson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** helm's YAML (sigs.k8s.io/yaml). */
export function helmYaml(value: unknown): string {
  return stringify(value, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

/** A table the way helm's uitable prints it: each cell padded to its column and followed by a tab. */
export function helmTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c.padEnd(widths[i]!) : `${c.padEnd(widths[i]!)}\t`)).join('')).join('\n') + '\n';
}

/** The status block printed by install, upgrade and `helm status`. */
export function statusText(record: ReleaseRecord, showDescription = false): string {
  const lines = [
    `NAME: ${record.name}`,
    ...(record.info.last_deployed ? [`LAST DEPLOYED: ${ansic(record.info.last_deployed)}`] : []),
    `NAMESPACE: ${record.namespace}`,
    `STATUS: ${record.info.status}`,
    `REVISION: ${record.version}`,
    ...(showDescription ? [`DESCRIPTION: ${record.info.description}`] : []),
    'TEST SUITE: None',
  ];
  const notes = record.info.notes ? `NOTES:\n${record.info.notes.replace(/\n?$/, '\n')}` : '';
  return `${lines.join('\n')}\n${notes}`;
}

/** A release printed in `format`; `chart: false` for `helm status`, which leaves the chart out. */
export function printRelease(record: ReleaseRecord, format: HelmFormat, options: { showDescription?: boolean; chart?: boolean } = {}): string {
  if (format === 'json') return helmJson(publicRelease(record, options));
  if (format === 'yaml') return helmYaml(publicRelease(record, options));
  return statusText(record, options.showDescription);
}
