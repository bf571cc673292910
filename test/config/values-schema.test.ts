/**
 * The umbrella chart's values.schema.json (JSON Schema draft-07, as Helm applies it): the production values,
 * the dev profile merged on top, and the optional Qdrant API-key overlay all validate; typical mistakes do not.
 *
 * Helm validates the merged values (chart values.yaml, then each -f file), so that is what is validated here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { mergeValues, readValues, REPO_ROOT, type Values } from './chart-tools.ts';

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'charts/dataspoke/values.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);

function errorsOf(values: Values): string[] {
  return validate(values) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

const production = readValues('charts/dataspoke/values.yaml');
const dev = mergeValues(production, readValues('charts/dataspoke/values-dev.yaml'));
const devWithApiKey = mergeValues(dev, readValues('charts/dataspoke/values-dev-qdrant-api-key.yaml'));

describe('values.schema.json', () => {
  it('is a draft-07 schema', () => {
    expect((schema as { $schema?: string }).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it.each([
    ['values.yaml (production)', production],
    ['values.yaml + values-dev.yaml', dev],
    ['values.yaml + values-dev.yaml + values-dev-qdrant-api-key.yaml', devWithApiKey],
  ])('accepts %s', (_name, values) => {
    expect(errorsOf(values)).toEqual([]);
  });

  it.each<[string, Values, string]>([
    ['a misspelt top-level section', { temporl: { enabled: true } }, "/ must NOT have additional properties"],
    ['a section without its enabled flag', { redis: { enabled: 'yes' } }, '/redis/enabled must be boolean'],
    ['a memory limit that is not a quantity', { qdrant: { resources: { limits: { memory: 'lots' } } } }, '/qdrant/resources/limits/memory must match pattern "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$"'],
    ['a misspelt resources key', { postgresql: { primary: { resources: { limit: { cpu: '1' } } } } }, '/postgresql/primary/resources must NOT have additional properties'],
    ['a ConfigMap without its settings', { config: { createConfigMap: true, llm: null } }, "/config must have required property 'llm'"],
    ['an invalid DataHub namespace', { networkPolicy: { datahubNamespace: 'DataHub' } }, '/networkPolicy/datahubNamespace must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"'],
    ['a Qdrant API key reference without a key name', { qdrant: { apiKey: { valueFrom: { secretKeyRef: { name: 's' } } } } }, "/qdrant/apiKey/valueFrom/secretKeyRef must have required property 'key'"],
  ])('rejects %s', (_name, overlay, expected) => {
    expect(errorsOf(mergeValues(dev, overlay))).toContain(expected);
  });
});
