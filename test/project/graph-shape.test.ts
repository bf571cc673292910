import { describe, expect, it } from 'vitest';
import { selectSubgraph, validateGraph, type ValidGraph } from '../../engine/index.ts';
import { devEnvProject } from '../../project/project.ts';
import { writeDevEnv } from '../tasks/dev-env-file.ts';

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
    expect(locked).toEqual(['helm-repo:datahub', 'helm-repo:qdrant', 'helm-repo:temporal', 'chart-deps:dataspoke']);
  });
});

describe('chart sources shape the graph', () => {
  const MIRROR = 'https://nexus.example.internal/repository';
  const REGISTRY = 'oci://localhost:5000/mirror';

  it('by default Bitnami is its OCI registry: no helm-repo:bitnami, and chart-deps waits for the two repositories', async () => {
    const g = await graph();
    expect(g.nodes.has('helm-repo:bitnami')).toBe(false);
    expect(g.nodes.get('chart-deps:dataspoke')!.deps).toEqual(['helm-repo:qdrant', 'helm-repo:temporal']);
  });

  it('an https:// Bitnami source gets its helm-repo node, in the dataspoke-infra group, and chart-deps waits for it', async () => {
    const g = await graph({ DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: `${MIRROR}/bitnami` });
    expect(g.nodes.get('helm-repo:bitnami')!.groups).toEqual(['dataspoke-infra']);
    expect(g.nodes.get('chart-deps:dataspoke')!.deps).toEqual(['helm-repo:bitnami', 'helm-repo:qdrant', 'helm-repo:temporal']);
    expect(await g.nodes.get('helm-repo:bitnami')!.inputs?.()).toEqual({ name: 'bitnami', url: `${MIRROR}/bitnami` });
  });

  it('with every umbrella source on a registry, chart-deps depends on preflight and no repository is added for it', async () => {
    const g = await graph({
      DATASPOKE_DEV_HELM_REPO_QDRANT_URL: `${REGISTRY}/qdrant`,
      DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: `${REGISTRY}/temporal`,
      DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: `${REGISTRY}/bitnamicharts`,
      DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true',
    });
    expect(g.order.filter((id) => id.startsWith('helm-repo:'))).toEqual(['helm-repo:datahub']);
    expect(g.nodes.get('chart-deps:dataspoke')!.deps).toEqual(['preflight']);
    expect(only(g, ['dataspoke-infra'])).toEqual([
      'chart-deps:dataspoke',
      'namespace:dataspoke',
      'preflight',
      'release:dataspoke-infra',
      'secret:dataspoke-postgres',
      'secret:dataspoke-redis',
    ]);
  });

  it('an oci:// DataHub source: no helm-repo:datahub, the prerequisites wait for preflight, charts are named in the registry', async () => {
    const g = await graph({ DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: `${REGISTRY}/datahub/`, DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true' });
    expect(g.nodes.has('helm-repo:datahub')).toBe(false);
    expect(g.nodes.get('release:datahub-prerequisites')!.deps).toEqual(['namespace:datahub', 'secret:mysql', 'preflight']);
    expect(await g.nodes.get('release:datahub-prerequisites')!.inputs?.()).toMatchObject({
      chart: 'oci://localhost:5000/mirror/datahub/datahub-prerequisites',
      version: '0.2.1',
      plainHttp: true,
    });
    expect(await g.nodes.get('release:datahub')!.inputs?.()).toMatchObject({ chart: 'oci://localhost:5000/mirror/datahub/datahub', version: '0.8.3' });
  });

  it('chart-deps fingerprints the sources it uses (and plain HTTP only when a registry needs it), not the DataHub one', async () => {
    const inputs = async (overrides: Record<string, string>) => (await graph(overrides)).nodes.get('chart-deps:dataspoke')!.inputs?.();
    const base = (await inputs({})) as { sources: Record<string, string> };
    expect(base.sources).toEqual({
      bitnami: 'oci://registry-1.docker.io/bitnamicharts',
      qdrant: 'https://qdrant.github.io/qdrant-helm',
      temporal: 'https://go.temporal.io/helm-charts',
    });
    expect(base).not.toHaveProperty('plainHttp');
    expect(await inputs({ DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: `${MIRROR}/datahub` })).toEqual(base);
    expect(await inputs({ DATASPOKE_DEV_HELM_REPO_QDRANT_URL: `${MIRROR}/qdrant` })).not.toEqual(base);
    expect(await inputs({ DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true' })).toEqual({ ...base, plainHttp: true });
  });
});
