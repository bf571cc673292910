/**
 * Helpers for the configuration tests: where things are, reading YAML, merging Helm values, walking keys,
 * and Kubernetes quantities.
 *
 * The upstream charts' defaults are read from the pinned packages themselves (`helm show values`), which
 * `npm test` puts in the chart cache first (scripts/real-cluster/fetch-charts.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { chartCache, pinnedCharts } from '../../scripts/real-cluster/fetch-charts.ts';
import { parseCpu, parseMemory } from '../../tasks/quantities.ts';
import { toolsBin } from '../real/tools.ts';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');


/** The files the install hands to helm and kubectl, relative to the repo root. */
export const FILES = {
  datahubPrerequisitesValues: 'charts/datahub/prerequisites-values.yaml',
  datahubValues: 'charts/datahub/values.yaml',
  dataspokeValues: 'charts/dataspoke/values.yaml',
  dataspokeDevValues: 'charts/dataspoke/values-dev.yaml',
  dataspokeQdrantApiKeyValues: 'charts/dataspoke/values-dev-qdrant-api-key.yaml',
  exampleManifests: ['manifests/example/postgres.yaml', 'manifests/example/kafka.yaml'],
} as const;

/** A plain YAML mapping. */
export type Values = Record<string, unknown>;

export function isMapping(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The single YAML document in `file` (relative to the repo root, or absolute), as a mapping. */
export function readValues(file: string): Values {
  const parsed: unknown = parse(readFileSync(path.resolve(REPO_ROOT, file), 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (!isMapping(parsed)) throw new Error(`${file}: expected a YAML mapping`);
  return parsed;
}

const shown = new Map<string, Values>();

/**
 * The default values of a pinned upstream chart, e.g. `upstreamValues('temporal-0.72.0')`: `helm show values`
 * of its package in the chart cache.
 */
export function upstreamValues(name: string): Values {
  const pin = pinnedCharts().find((p) => `${p.chart}-${p.version}` === name);
  if (!pin) throw new Error(`${name} is not a chart the environment pins`);
  let values = shown.get(name);
  if (!values) {
    const file = path.join(chartCache(), pin.repo, `${name}.tgz`);
    const text = execFileSync(path.join(toolsBin(process.env, ['helm']), 'helm'), ['show', 'values', file], { encoding: 'utf8' });
    const parsed: unknown = parse(text);
    values = isMapping(parsed) ? parsed : {};
    shown.set(name, values);
  }
  return values;
}

/** Every non-empty document of a multi-document YAML file, as plain objects. */
export function readDocuments(file: string): Values[] {
  const documents = parseAllDocuments(readFileSync(path.resolve(REPO_ROOT, file), 'utf8'));
  return documents.map((document) => document.toJS() as unknown).filter(isMapping);
}

/**
 * `overlay` merged onto `base` the way Helm coalesces values files: mappings merge key by key, anything else
 * (scalars, lists) replaces, and `null` deletes the key.
 */
export function mergeValues(base: Values, overlay: Values): Values {
  const result: Values = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = result[key];
    if (value === null) delete result[key];
    else if (isMapping(value) && isMapping(current)) result[key] = mergeValues(current, value);
    else result[key] = value;
  }
  return result;
}

/** The value at `keys` inside `values`, or `undefined`. */
export function valueAt(values: unknown, keys: readonly string[]): unknown {
  let current = values;
  for (const key of keys) {
    if (!isMapping(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * The path of every leaf key `values` sets, as arrays of keys. Lists and scalars are leaves; so is anything
 * under a key named in `opaque` (e.g. `resources`, whose content is checked as Kubernetes quantities instead).
 */
export function leafPaths(values: Values, opaque: ReadonlySet<string>, prefix: readonly string[] = []): string[][] {
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(values)) {
    const here = [...prefix, key];
    if (isMapping(value) && Object.keys(value).length > 0 && !opaque.has(key)) {
      paths.push(...leafPaths(value, opaque, here));
    } else {
      paths.push(here);
    }
  }
  return paths;
}

/** A Kubernetes CPU quantity in millicores (`500m`, `1`, `1.5`), read as preflight reads it. */
export function cpuMillis(quantity: unknown): number {
  const millis = parseCpu(String(quantity));
  if (millis === undefined) throw new Error(`not a CPU quantity: ${String(quantity)}`);
  return millis;
}

/** A Kubernetes memory quantity in MiB (`512Mi`, `1Gi`, `1024M`), read as preflight reads it. */
export function memoryMi(quantity: unknown): number {
  const bytes = parseMemory(String(quantity));
  if (bytes === undefined) throw new Error(`not a memory quantity: ${String(quantity)}`);
  return bytes / 2 ** 20;
}
