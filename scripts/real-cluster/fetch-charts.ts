/**
 * Puts the upstream charts the dev environment pins into the chart cache (outside the work tree), for the tests
 * on the real control plane: `<cache>/charts/<repository>/<chart>-<version>.tgz`, with an `index.yaml` per
 * folder so that it can be served as a Helm repository.
 *
 * Where each package comes from, first that has it: the cache itself; the folder named by
 * `DATASPOKE_DEV_CHART_MIRROR` (laid out the same way, e.g. `../shared/chart-mirror`, which CI sets); the public
 * source the product defaults to (`helm pull`). The pinned versions are read from the project (the umbrella
 * chart's Chart.yaml and `env/.env.example`), so a changed pin fetches the new package.
 *
 *   node scripts/real-cluster/fetch-charts.ts      # prints the cache's charts folder last
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { DEFAULT_CHART_SOURCES } from '../../config/schema.ts';
import { toolsBin, toolsCache } from '../../test/real/tools.ts';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A chart the environment installs, and the repository folder it belongs in. */
export interface PinnedChart {
  readonly repo: keyof typeof DEFAULT_CHART_SOURCES;
  readonly chart: string;
  readonly version: string;
}

/** Every upstream chart the environment installs, at the pinned versions. */
export function pinnedCharts(root = ROOT): PinnedChart[] {
  const example = readFileSync(join(root, 'env', '.env.example'), 'utf8');
  const envVersion = (name: string) => {
    const match = new RegExp(`^${name}=(\\S+)`, 'm').exec(example);
    if (!match) throw new Error(`env/.env.example has no ${name}`);
    return match[1]!;
  };
  const chart = parse(readFileSync(join(root, 'charts', 'dataspoke', 'Chart.yaml'), 'utf8')) as {
    dependencies: { name: string; version: string; repository: string }[];
  };
  const REPO_OF: Record<string, PinnedChart['repo']> = { postgresql: 'bitnami', redis: 'bitnami', qdrant: 'qdrant', temporal: 'temporal' };
  return [
    { repo: 'datahub', chart: 'datahub-prerequisites', version: envVersion('DATASPOKE_DEV_KUBE_DATAHUB_PREREQUISITES_CHART_VERSION') },
    { repo: 'datahub', chart: 'datahub', version: envVersion('DATASPOKE_DEV_KUBE_DATAHUB_CHART_VERSION') },
    ...chart.dependencies
      .filter((d) => REPO_OF[d.name] !== undefined)
      .map((d) => ({ repo: REPO_OF[d.name]!, chart: d.name, version: d.version })),
  ];
}

/** The charts folder of the cache. */
export function chartCache(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(toolsCache(env)), 'charts');
}

/** Fills the cache; returns its folder. `sources` are where packages are pulled from when neither has them. */
export async function fetchCharts(env: NodeJS.ProcessEnv = process.env, sources: Record<PinnedChart['repo'], string> = DEFAULT_CHART_SOURCES): Promise<string> {
  const cache = chartCache(env);
  const mirror = env.DATASPOKE_DEV_CHART_MIRROR;
  const helm = join(toolsBin(env, ['helm']), 'helm');
  const counts = { cached: 0, mirror: 0, pulled: 0 };
  const folders = new Set<string>();
  for (const pin of pinnedCharts()) {
    const folder = join(cache, pin.repo);
    const file = join(folder, `${pin.chart}-${pin.version}.tgz`);
    folders.add(folder);
    mkdirSync(folder, { recursive: true });
    if (existsSync(file)) {
      counts.cached++;
      continue;
    }
    if (mirror) {
      const source = join(resolve(mirror), pin.repo, `${pin.chart}-${pin.version}.tgz`);
      if (!existsSync(source)) throw new Error(`DATASPOKE_DEV_CHART_MIRROR (${mirror}) has no ${pin.repo}/${pin.chart}-${pin.version}.tgz`);
      copyFileSync(source, `${file}.tmp`);
      renameSync(`${file}.tmp`, file);
      counts.mirror++;
      continue;
    }
    await pull(helm, pin, sources[pin.repo], folder, env);
    counts.pulled++;
  }
  for (const folder of folders) await run(helm, ['repo', 'index', folder], { env: helmEnv(env, cache) });
  if (env.DATASPOKE_DEV_FETCH_QUIET !== 'true') console.error(`charts: ${counts.cached} in the cache, ${counts.mirror} copied from the mirror, ${counts.pulled} pulled`);
  return cache;
}

/** `helm pull` from the public source the product defaults to. */
async function pull(helm: string, pin: PinnedChart, source: string, folder: string, env: NodeJS.ProcessEnv): Promise<void> {
  const ref = source.startsWith('oci://') ? [`${source.replace(/\/+$/, '')}/${pin.chart}`] : [pin.chart, '--repo', source];
  const tmp = join(folder, '.pull');
  rmSync(tmp, { recursive: true, force: true });
  try {
    await run(helm, ['pull', ...ref, '--version', pin.version, '-d', tmp], { env: helmEnv(env, tmp) });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(
      `could not pull ${pin.chart} ${pin.version} from ${source}: ${stderr}\n` +
        'With no network to the public chart repositories, set DATASPOKE_DEV_CHART_MIRROR to a folder laid out as ' +
        '<repository>/<chart>-<version>.tgz (for example ../shared/chart-mirror).',
    );
  }
  renameSync(join(tmp, `${pin.chart}-${pin.version}.tgz`), join(folder, `${pin.chart}-${pin.version}.tgz`));
  rmSync(tmp, { recursive: true, force: true });
}

/** helm's own folders kept out of the user's: a fetch touches no repository list. */
function helmEnv(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const home = join(dir, '.helm');
  return {
    ...env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(await fetchCharts());
  } catch (error) {
    console.error(`fetch-charts: ${(error as Error).message}`);
    process.exit(1);
  }
}
