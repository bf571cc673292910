/** `down`'s questions name the kube context and exactly what the selection removes. */
import { describe, expect, it } from 'vitest';
import { downQuestions, removalQuestion } from '../../project/down-questions.ts';
import { GOOD_CONFIG } from '../config/env-fixtures.ts';

const ALL = new Set([
  'namespace:datahub', 'namespace:dataspoke', 'namespace:example',
  'secret:mysql', 'secret:example-postgres', 'secret:dataspoke-postgres', 'secret:dataspoke-redis',
  'release:datahub-prerequisites', 'release:datahub', 'release:dataspoke-infra', 'example:manifests',
]);

describe("down's questions", () => {
  it('a whole down names the context, the releases with their namespaces, the example objects and the Secrets', () => {
    expect(removalQuestion(GOOD_CONFIG, ALL)).toBe(
      'Remove the dev environment from context minikube: releases datahub, datahub-prerequisites (datahub-01), ' +
        'dataspoke (dataspoke-01), the example objects in dummy-data1 and their Secrets?',
    );
    const [, namespaces] = downQuestions(GOOD_CONFIG);
    const ask = namespaces!.question as (s: ReadonlySet<string>) => string;
    expect(ask(ALL)).toBe('Delete the namespaces datahub-01, dataspoke-01 and dummy-data1 (context minikube) with everything left in them?');
  });

  it('a selection names only what it removes', () => {
    const infra = new Set(['namespace:dataspoke', 'secret:dataspoke-postgres', 'secret:dataspoke-redis', 'release:dataspoke-infra']);
    expect(removalQuestion(GOOD_CONFIG, infra)).toBe(
      'Remove the dev environment from context minikube: release dataspoke (dataspoke-01) and their Secrets?',
    );
    expect(removalQuestion(GOOD_CONFIG, new Set(['example:manifests']))).toBe(
      'Remove the dev environment from context minikube: the example objects in dummy-data1?',
    );
    expect(removalQuestion(GOOD_CONFIG, new Set(['secret:mysql']))).toBe(
      'Remove the dev environment from context minikube: the Secrets mysql-secrets (datahub-01)?',
    );
    const ask = downQuestions(GOOD_CONFIG)[1]!.question as (s: ReadonlySet<string>) => string;
    expect(ask(infra)).toBe('Delete the namespace dataspoke-01 (context minikube) with everything left in it?');
  });

  it('uses the context and namespaces of .env', () => {
    const config = { ...GOOD_CONFIG, kubeContext: 'kind-dev', namespaces: { datahub: 'dh', dataspoke: 'ds', example: 'ex' } };
    expect(removalQuestion(config, new Set(['release:datahub', 'example:manifests']))).toBe(
      'Remove the dev environment from context kind-dev: release datahub (dh) and the example objects in ex?',
    );
  });
});
