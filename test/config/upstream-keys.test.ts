/**
 * Every key our values files set must exist in the chart it is meant for: the upstream defaults at the pinned
 * version (`helm show values` of the pinned packages), our own subcharts, or the umbrella's values.yaml. A key that
 * exists nowhere is silently ignored by Helm, which is how a misspelt override ships unnoticed.
 *
 * Three documented exceptions, each listed below with its source:
 * - keys of the bitnami subcharts packaged inside datahub-prerequisites (mysql, kafka, zookeeper), whose
 *   defaults `helm show values` of the parent does not print, from those charts' parameter tables;
 * - keys the upstream defaults document only in comments (qdrant apiKey, DataHub service.type) or that
 *   UPSTREAM.md names from the templates (temporal sql.secretKey);
 * - anything under `resources` (checked as Kubernetes quantities by the schema and budget tests instead)
 *   and under a default that is an empty mapping (a free-form map such as annotations).
 */
import { describe, expect, it } from 'vitest';
import { isMapping, leafPaths, mergeValues, readValues, upstreamValues, valueAt, type Values } from './chart-tools.ts';

const OPAQUE = new Set(['resources']);

/** The paths in `ours` that neither `defaults` nor `allowed` (exact paths or path prefixes) cover. */
function unknownKeys(ours: Values, defaults: Values, allowed: readonly string[] = []): string[] {
  return leafPaths(ours, OPAQUE)
    .filter((keys) => {
      const dotted = keys.join('.');
      if (allowed.some((prefix) => dotted === prefix || dotted.startsWith(`${prefix}.`))) return false;
      for (let depth = 1; depth <= keys.length; depth += 1) {
        const value = valueAt(defaults, keys.slice(0, depth));
        if (value === undefined) return true;
        if (isMapping(value) && Object.keys(value).length === 0) return false; // a free-form map
      }
      return false;
    })
    .map((keys) => keys.join('.'));
}

// bitnami mysql 9.4.9, kafka 26.11.2 and its zookeeper subchart (inside datahub-prerequisites 0.2.1).
const PREREQUISITES_BITNAMI_KEYS = [
  'mysql.primary.resources',
  'mysql.primary.persistence.enabled',
  'kafka.broker.resources',
  'kafka.broker.heapOpts',
  'kafka.zookeeper.replicaCount',
  'kafka.zookeeper.heapSize',
  'kafka.zookeeper.resources',
];

// Documented in comments of datahub-0.8.3's defaults ("Optionaly specify service type ... by default: LoadBalancer").
const DATAHUB_COMMENTED_KEYS = ['datahub-gms.service.type', 'datahub-frontend.service.type'];



// qdrant: `apiKey` is documented in comments of its defaults; temporal: `sql.secretKey` is read by the
// 0.72.0 templates (UPSTREAM.md) but has no default.
const UMBRELLA_DOCUMENTED_KEYS = [
  'qdrant.apiKey',
  'temporal.server.config.persistence.default.sql.secretKey',
  'temporal.server.config.persistence.visibility.sql.secretKey',
];

/**
 * What the umbrella chart's keys are checked against: the upstream defaults and our subcharts under their
 * section names, an `enabled` flag per section (the umbrella's condition), and for overlays the keys
 * values.yaml defines (config, secrets, networkPolicy).
 */
function umbrellaDefaults(withOwnValues: boolean): Values {
  const sections: Values = {
    qdrant: upstreamValues('qdrant-1.19.0'),
    temporal: upstreamValues('temporal-0.72.0'),
    frontend: readValues('charts/dataspoke/subcharts/frontend/values.yaml'),
    api: readValues('charts/dataspoke/subcharts/api/values.yaml'),
    workers: readValues('charts/dataspoke/subcharts/workers/values.yaml'),
    postgresql: upstreamValues('postgresql-16.7.27'),
    redis: upstreamValues('redis-20.13.4'),
  };
  const toggles = Object.fromEntries(
    Object.entries(sections).map(([name, values]) => [name, { ...(values as Values), enabled: true }]),
  );
  // A subchart's `global` is the parent's `global` (Helm shares it), so every subchart's globals are the umbrella's.
  const globals = Object.values(sections).reduce<Values>(
    (merged, values) => (isMapping((values as Values).global) ? mergeValues(merged, (values as Values).global as Values) : merged),
    {},
  );
  const base = withOwnValues ? readValues('charts/dataspoke/values.yaml') : {};
  return mergeValues(mergeValues(base, { global: globals }), toggles);
}

/** The umbrella's own sections (config, secrets, networkPolicy) are defined by values.yaml, not checked here. */
function withoutOwnSections(values: Values): Values {
  const { config: _config, secrets: _secrets, networkPolicy: _networkPolicy, ...rest } = values;
  return rest;
}

describe('every key we set exists upstream', () => {
  it('charts/datahub/prerequisites-values.yaml ⊆ datahub-prerequisites 0.2.1 (+ bitnami subchart keys)', () => {
    expect(
      unknownKeys(readValues('charts/datahub/prerequisites-values.yaml'), upstreamValues('datahub-prerequisites-0.2.1'), PREREQUISITES_BITNAMI_KEYS),
    ).toEqual([]);
  });

  it('charts/datahub/values.yaml ⊆ datahub 0.8.3', () => {
    expect(unknownKeys(readValues('charts/datahub/values.yaml'), upstreamValues('datahub-0.8.3'), DATAHUB_COMMENTED_KEYS)).toEqual([]);
  });

  it('charts/dataspoke/values.yaml ⊆ its subcharts', () => {
    const values = withoutOwnSections(readValues('charts/dataspoke/values.yaml'));
    expect(unknownKeys(values, umbrellaDefaults(false), UMBRELLA_DOCUMENTED_KEYS)).toEqual([]);
  });

  it.each(['charts/dataspoke/values-dev.yaml', 'charts/dataspoke/values-dev-qdrant-api-key.yaml'])(
    '%s ⊆ its subcharts and values.yaml',
    (file) => {
      expect(unknownKeys(readValues(file), umbrellaDefaults(true), UMBRELLA_DOCUMENTED_KEYS)).toEqual([]);
    },
  );

  it('every allow-listed key is actually used (the lists do not rot)', () => {
    const used = [
      ...leafPaths(readValues('charts/datahub/prerequisites-values.yaml'), OPAQUE),
      ...leafPaths(readValues('charts/datahub/values.yaml'), OPAQUE),
      ...leafPaths(readValues('charts/dataspoke/values.yaml'), OPAQUE),
      ...leafPaths(readValues('charts/dataspoke/values-dev.yaml'), OPAQUE),
      ...leafPaths(readValues('charts/dataspoke/values-dev-qdrant-api-key.yaml'), OPAQUE),
    ].map((keys) => keys.join('.'));
    const lists = [...PREREQUISITES_BITNAMI_KEYS, ...DATAHUB_COMMENTED_KEYS, ...UMBRELLA_DOCUMENTED_KEYS];
    expect(lists.filter((key) => !used.some((path) => path === key || path.startsWith(`${key}.`)))).toEqual([]);
  });
});

describe('the check itself', () => {
  it("flags the spec's temporal.postgresql.enabled: temporal 0.72.0 has no postgresql subchart", () => {
    expect(unknownKeys({ temporal: { postgresql: { enabled: false } } }, umbrellaDefaults(false))).toEqual(['temporal.postgresql.enabled']);
  });

  it('flags a misspelt key and accepts free-form maps and resources', () => {
    const ours = {
      'datahub-gms': { resoures: { limits: { memory: '1Gi' } }, resources: { limits: { cpu: '1' } } },
      datahubSystemUpdate: { podAnnotations: { anything: 'goes' } },
    };
    expect(unknownKeys(ours, upstreamValues('datahub-0.8.3'))).toEqual(['datahub-gms.resoures.limits.memory']);
  });
});
