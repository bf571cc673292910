/**
 * The chart cache the real tier installs from: filled from a mirror folder, or pulled from the sources, and
 * kept; a mirror without a pinned package is an error that names it.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartCache, fetchCharts, pinnedCharts } from '../../scripts/real-cluster/fetch-charts.ts';
import { serveFolder } from './chart-server.ts';
import { toolsBin } from './tools.ts';

/** A tool cache of its own (only helm in it), so the test fills a chart cache from nothing. */
function freshCache(): NodeJS.ProcessEnv {
  const cache = join(mkdtempSync(join(tmpdir(), 'fetch-')), 'tools');
  mkdirSync(join(cache, 'bin'), { recursive: true });
  symlinkSync(join(toolsBin(process.env, ['helm']), 'helm'), join(cache, 'bin', 'helm'));
  return { ...process.env, DATASPOKE_DEV_TOOLS_CACHE: cache, DATASPOKE_DEV_CHART_MIRROR: '', DATASPOKE_DEV_FETCH_QUIET: 'true' };
}

const packages = (cache: string) =>
  readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tgz')).sort();

const expected = pinnedCharts().map((p) => join(p.repo, `${p.chart}-${p.version}.tgz`)).sort();

describe('fetch-charts', () => {
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let url: string;
  beforeAll(async () => {
    server = await serveFolder(chartCache());
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => void (server.listening && server.close()));

  it('pulls every pinned chart from the sources into an empty cache, then keeps them', async () => {
    const env = freshCache();
    const sources = { datahub: `${url}/datahub`, bitnami: `${url}/bitnami`, qdrant: `${url}/qdrant`, temporal: `${url}/temporal` };
    const cache = await fetchCharts(env, sources);
    expect(packages(cache)).toEqual(expected);
    // Each folder can be served as a repository: its index names its packages.
    for (const pin of pinnedCharts()) {
      const index = parse(readFileSync(join(cache, pin.repo, 'index.yaml'), 'utf8')) as { entries: Record<string, { version: string; urls: string[] }[]> };
      expect(index.entries[pin.chart]?.map((e) => [e.version, e.urls])).toEqual([[pin.version, [`${pin.chart}-${pin.version}.tgz`]]]);
    }
    server.close();
    // The sources are gone: a second fetch finds everything in the cache.
    expect(packages(await fetchCharts(env, sources))).toEqual(expected);
  });

  it('copies from a mirror folder, and names a package the mirror lacks', async () => {
    server = await serveFolder(chartCache());
    const mirror = mkdtempSync(join(tmpdir(), 'mirror-'));
    cpSync(chartCache(), mirror, { recursive: true });
    const env = { ...freshCache(), DATASPOKE_DEV_CHART_MIRROR: mirror };
    expect(packages(await fetchCharts(env, { datahub: 'http://127.0.0.1:9/x', bitnami: 'http://127.0.0.1:9/x', qdrant: 'http://127.0.0.1:9/x', temporal: 'http://127.0.0.1:9/x' }))).toEqual(expected);
    const first = pinnedCharts()[0]!;
    rmSync(join(mirror, first.repo, `${first.chart}-${first.version}.tgz`));
    await expect(fetchCharts({ ...freshCache(), DATASPOKE_DEV_CHART_MIRROR: mirror })).rejects.toThrow(
      `has no ${first.repo}/${first.chart}-${first.version}.tgz`,
    );
  });
});
