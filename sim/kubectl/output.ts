/**
 * kubectl's `-o` formats: json, yaml, name, jsonpath=..., wide and the default table.
 */
import { CommandError } from '../core/exit.ts';
import { toKubectlJson, toKubectlYaml } from '../core/serialize.ts';
import type { KubeObject } from '../core/state.ts';
import { kindInfo, nameRef } from '../cluster/kinds.ts';
import { JsonPathError, renderJsonPath } from './jsonpath.ts';
import { renderTable } from './tables.ts';

/** A parsed `-o` value. */
export type OutputFormat =
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'table'; wide: boolean };

const ALLOWED = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** Parses `-o`; `undefined` means the default table. */
export function parseOutput(raw: string | undefined): OutputFormat {
  if (raw === undefined || raw === '') return { kind: 'table', wide: false };
  if (raw === 'json' || raw === 'yaml' || raw === 'name') return { kind: raw };
  if (raw === 'wide') return { kind: 'table', wide: true };
  const m = /^jsonpath=(.*)$/s.exec(raw);
  if (m) {
    const template = m[1]!.replace(/^'(.*)'$/s, '$1');
    if (template === '') throw new CommandError('error: template format specified but no template given\n');
    return { kind: 'jsonpath', template };
  }
  throw new CommandError(`error: unable to match a printer suitable for the output format "${raw}", allowed formats are: ${ALLOWED}\n`);
}

/** The List kubectl wraps several objects in. */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Options of printObjects. */
export interface PrintOptions {
  /** One object was asked for by name: print it bare rather than in a List. */
  single: boolean;
  now: number;
  /** -A: a NAMESPACE column in tables. */
  allNamespaces?: boolean;
  noHeaders?: boolean;
}

/** Renders objects in `format`. Tables group objects by kind, separated by a blank line, as kubectl does. */
export function printObjects(objects: KubeObject[], format: OutputFormat, options: PrintOptions): string {
  const data = options.single && objects.length === 1 ? objects[0] : asList(objects);
  switch (format.kind) {
    case 'json':
      return toKubectlJson(data);
    case 'yaml':
      return toKubectlYaml(data);
    case 'name':
      return objects.map((o) => `${nameRef(kindInfo(o.kind), o.metadata.name)}\n`).join('');
    case 'jsonpath':
      try {
        return renderJsonPath(format.template, JSON.parse(JSON.stringify(data)));
      } catch (error) {
        if (error instanceof JsonPathError) throw new CommandError(`error: error parsing jsonpath ${format.template}, ${error.message}\n`);
        throw error;
      }
    case 'table': {
      const kinds = [...new Set(objects.map((o) => o.kind))];
      return kinds
        .map((kind) => renderTable(kind, objects.filter((o) => o.kind === kind), options.now, options.allNamespaces ?? false, options.noHeaders))
        .join('\n');
    }
  }
}
