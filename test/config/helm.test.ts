/**
 * `helm lint` and `helm template` on our charts, with the pinned helm `npm test` installs first. The umbrella
 * chart is checked with its local subcharts alone (our templates, our subcharts and values.schema.json), and
 * whole, with the community charts from the chart cache, for the full dev render.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { chartCache, pinnedCharts } from '../../scripts/real-cluster/fetch-charts.ts';
import { toolsBin } from '../real/tools.ts';
import { cpuMillis, isMapping, memoryMi, readValues, REPO_ROOT, valueAt, type Values } from './chart-tools.ts';

// The pinned helm that `npm test` installs first (scripts/real-cluster/install-tools.sh); missing is an error.
const HELM = path.join(toolsBin(process.env, ['helm']), 'helm');
const CHART_DIR = path.join(REPO_ROOT, 'charts', 'dataspoke');
const chart = readValues('charts/dataspoke/Chart.yaml') as { dependencies: Array<{ name: string; version: string; repository: string }> };
const remote = chart.dependencies.filter((dependency) => !dependency.repository.startsWith('file://'));
function helm(args: readonly string[], cwd = REPO_ROOT): string {
  try {
    return execFileSync(HELM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; status?: number };
    throw new Error(`helm ${args.join(' ')} failed (exit ${failure.status}):\n${failure.stderr ?? ''}${failure.stdout ?? ''}`);
  }
}

function documents(rendered: string): Values[] {
  return parseAllDocuments(rendered)
    .map((document) => document.toJS() as unknown)
    .filter(isMapping);
}

/** kind → its kubernetes-models validator, for what our templates render. */
const MODELS: Record<string, (object: Values) => { validate(): void }> = {
  ConfigMap: (o) => new ConfigMap(o as never),
  Secret: (o) => new Secret(o as never),
  Deployment: (o) => new Deployment(o as never),
  Service: (o) => new Service(o as never),
  HorizontalPodAutoscaler: (o) => new HorizontalPodAutoscaler(o as never),
  Ingress: (o) => new Ingress(o as never),
  NetworkPolicy: (o) => new NetworkPolicy(o as never),
};

/** The charts the tests render, built on first use in `scratch`. */
interface TestCharts {
  /** A copy of the umbrella chart with only the local subcharts, built so that helm can use it offline. */
  localChart(): string;
  /** The umbrella chart with every subchart: the local ones, the community ones from the chart cache. */
  fullChart(): string;
}

function testCharts(scratch: string): TestCharts {
  let built: string | undefined;
  const localChart = (): string => {
    if (built !== undefined) return built;
    const dir = path.join(scratch, 'dataspoke');
    cpSync(CHART_DIR, dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}charts${path.sep}dataspoke${path.sep}charts`) });
    const local = { ...readValues(path.join(dir, 'Chart.yaml')) };
    local.dependencies = chart.dependencies.filter((dependency) => dependency.repository.startsWith('file://'));
    writeFileSync(path.join(dir, 'Chart.yaml'), stringify(local));
    rmSync(path.join(dir, 'Chart.lock'), { force: true });
    helm(['dependency', 'build', dir]);
    built = dir;
    return dir;
  };
  const fullChart = (): string => {
    const dir = path.join(scratch, 'full', 'dataspoke');
    cpSync(localChart(), dir, { recursive: true });
    cpSync(path.join(CHART_DIR, 'Chart.yaml'), path.join(dir, 'Chart.yaml'));
    for (const dependency of remote) {
      const pin = pinnedCharts().find((p) => p.chart === dependency.name)!;
      const file = `${dependency.name}-${dependency.version}.tgz`;
      cpSync(path.join(chartCache(), pin.repo, file), path.join(dir, 'charts', file));
    }
    return dir;
  };
  return { localChart, fullChart };
}

/** The workloads' summed container limits, replicas counted: memory in Mi, CPU in millicores. */
function limitsOf(workloads: readonly Values[]): { memory: number; cpu: number } {
  let memory = 0;
  let cpu = 0;
  for (const workload of workloads) {
    const replicas = Number(valueAt(workload, ['spec', 'replicas']) ?? 1);
    for (const container of valueAt(workload, ['spec', 'template', 'spec', 'containers']) as Values[]) {
      memory += replicas * memoryMi(valueAt(container, ['resources', 'limits', 'memory']));
      cpu += replicas * cpuMillis(valueAt(container, ['resources', 'limits', 'cpu']));
    }
  }
  return { memory, cpu };
}

describe('helm', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'dataspoke-helm-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const { localChart, fullChart } = testCharts(scratch);

  it.each(['frontend', 'api', 'workers'])('helm lint subcharts/%s', (name) => {
    expect(helm(['lint', path.join(CHART_DIR, 'subcharts', name)])).toContain('0 chart(s) failed');
  });

  it('helm lint the umbrella chart (local subcharts), production and dev values', () => {
    const dir = localChart();
    expect(helm(['lint', dir])).toContain('0 chart(s) failed');
    expect(helm(['lint', dir, '-f', path.join(dir, 'values-dev.yaml'), '-f', path.join(dir, 'values-dev-qdrant-api-key.yaml')])).toContain('0 chart(s) failed');
  });

  it('helm template: production renders valid app objects; dev renders none of our objects', () => {
    const dir = localChart();
    const rendered = documents(helm(['template', 'dataspoke', dir]));
    for (const object of rendered) expect(() => MODELS[String(object.kind)]?.(object).validate()).not.toThrow();
    expect(rendered.every((object) => MODELS[String(object.kind)] !== undefined)).toBe(true);
    const production = rendered.map((o) => `${String(o.kind)}/${String(valueAt(o, ['metadata', 'name']))}`);
    expect(production.sort()).toEqual([
      'ConfigMap/dataspoke-config',
      'Deployment/dataspoke-api',
      'Deployment/dataspoke-frontend',
      'Deployment/dataspoke-workers',
      'HorizontalPodAutoscaler/dataspoke-api',
      'HorizontalPodAutoscaler/dataspoke-frontend',
      'Ingress/dataspoke-api',
      'Ingress/dataspoke-frontend',
      'Secret/dataspoke-secrets',
      'Service/dataspoke-api',
      'Service/dataspoke-frontend',
    ]);
    expect(documents(helm(['template', 'dataspoke', dir, '-f', path.join(dir, 'values-dev.yaml')]))).toEqual([]);
  });

  it('helm template: the NetworkPolicy is a valid Kubernetes object', () => {
    const [policy] = documents(helm(['template', 'dataspoke', localChart(), '--set', 'networkPolicy.enabled=true', '-s', 'templates/networkpolicy.yaml']));
    expect(policy?.kind).toBe('NetworkPolicy');
    expect(() => MODELS.NetworkPolicy?.(policy as Values).validate()).not.toThrow();
  });

  it('helm enforces values.schema.json', () => {
    expect(() => helm(['template', 'dataspoke', localChart(), '--set', 'temporl.enabled=true'])).toThrow(/Additional property temporl is not allowed/);
  });

  it('helm template -f values-dev.yaml with every subchart: only PostgreSQL, Redis, Qdrant and Temporal, 2816Mi / 1750m', () => {
    const rendered = documents(helm(['template', 'dataspoke', fullChart(), '-f', path.join(CHART_DIR, 'values-dev.yaml')]));
    const workloads = rendered.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(workloads.map((o) => String(valueAt(o, ['metadata', 'name']))).sort()).toEqual([
      'dataspoke-postgresql',
      'dataspoke-qdrant',
      'dataspoke-redis-master',
      'dataspoke-temporal-frontend',
      'dataspoke-temporal-history',
      'dataspoke-temporal-matching',
      'dataspoke-temporal-worker',
    ]);
    expect(limitsOf(workloads)).toEqual({ memory: 2816, cpu: 1750 });
  });
});
