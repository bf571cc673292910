import { describe, expect, it } from 'vitest';
import { selectSubgraph, validateGraph, type ValidGraph } from '../../engine/index.ts';
import { devEnvProject } from '../../tasks/project.ts';
import { writeDevEnv } from './dev-env-file.ts';

async function graph(overrides: Record<string, string> = {}): Promise<ValidGraph> {
  const loaded = await devEnvProject().load({ envFile: await writeDevEnv(overrides), env: {}, cwd: process.cwd(), stateDir: '/tmp/unused-state' });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const result = validateGraph(loaded.context.nodes, { declaredGroups: loaded.context.declaredGroups ?? [] });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.graph;
}

const only = (g: ValidGraph, names: string[], mode: 'up' | 'down' = 'up') => {
  const s = selectSubgraph(g, { mode, only: names });
  if (!s.ok) throw new Error(s.problems.join());
  return [...s.ids].sort();
};

describe('the DataSpoke graph', () => {
  it('has the documented task ids', async () => {
    expect([...(await graph()).order].sort()).toEqual(
      [
        'chart-deps:dataspoke',
        'example:manifests',
        'helm-repo:bitnami',
        'helm-repo:datahub',
        'helm-repo:qdrant',
        'helm-repo:temporal',
        'namespace:datahub',
        'namespace:dataspoke',
        'namespace:example',
        'preflight',
        'release:datahub',
        'release:datahub-prerequisites',
        'release:dataspoke-infra',
        'secret:dataspoke-postgres',
        'secret:dataspoke-redis',
        'secret:example-postgres',
        'secret:mysql',
        'wait:datahub-frontend',
        'wait:datahub-gms',
        'wait:example-kafka',
        'wait:example-kafka-topic-init',
        'wait:example-postgres',
      ].sort(),
    );
  });

  it('adds the Qdrant secret only when a key is set', async () => {
    const g = await graph({ DATASPOKE_QDRANT_API_KEY: 'qdrant-key-for-tests' });
    expect(g.nodes.get('release:dataspoke-infra')!.deps).toContain('secret:dataspoke-qdrant');
  });

  it('--only dataspoke-infra takes that part and what it needs, nothing of DataHub or the examples', async () => {
    expect(only(await graph(), ['dataspoke-infra'])).toEqual([
      'chart-deps:dataspoke',
      'helm-repo:bitnami',
      'helm-repo:qdrant',
      'helm-repo:temporal',
      'namespace:dataspoke',
      'preflight',
      'release:dataspoke-infra',
      'secret:dataspoke-postgres',
      'secret:dataspoke-redis',
    ]);
  });

  it('down of datahub removes DataHub, its waits, prerequisites, secret and namespace, nothing else', async () => {
    expect(only(await graph(), ['datahub'], 'down')).toEqual([
      'helm-repo:datahub',
      'namespace:datahub',
      'release:datahub',
      'release:datahub-prerequisites',
      'secret:mysql',
      'wait:datahub-frontend',
      'wait:datahub-gms',
    ]);
  });

  it('the DataHub release comes after its prerequisites, and the waits after the release', async () => {
    const g = await graph();
    expect(g.nodes.get('release:datahub')!.deps).toEqual(['release:datahub-prerequisites']);
    expect(g.nodes.get('wait:datahub-gms')!.deps).toEqual(['release:datahub']);
    expect(g.nodes.get('release:datahub-prerequisites')!.deps).toEqual(['namespace:datahub', 'secret:mysql', 'helm-repo:datahub']);
  });

  it('every writer of helm repositories shares one lock', async () => {
    const g = await graph();
    const locked = g.order.filter((id) => g.nodes.get(id)!.locks?.includes('helm-repositories'));
    expect(locked).toEqual(['helm-repo:datahub', 'helm-repo:bitnami', 'helm-repo:qdrant', 'helm-repo:temporal', 'chart-deps:dataspoke']);
  });
});
