/**
 * The umbrella chart's working copy under the state folder: charts/dataspoke with its community
 * dependencies pointed at the configured chart sources, where `helm dependency update` writes Chart.lock and
 * the packages and from which the release is installed. The tree is never written.
 *
 * Deals with: the copy's Chart.yaml (the tree's, `@SOURCE` placeholders filled in), mirroring the tree's other
 * files into it, and which packages are missing.
 * Does not deal with: running helm, or which URL a source has (see `chart-sources.ts`).
 */
import { access, cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import type { ChartSourceName } from '../config/config.ts';
import { fingerprintOf } from '../engine/index.ts';
import { isChartSourceName } from './chart-sources.ts';

/** What helm owns in the copy (and Chart.yaml, which the copy writes itself): never mirrored from the tree. */
const NOT_MIRRORED = new Set(['Chart.yaml', 'Chart.lock', 'charts']);

const HEADER =
  ' Written by chart-deps:dataspoke from charts/dataspoke/Chart.yaml, with the chart sources of .env filled in.\n' +
  ' Edit that file, not this one: the next run rewrites this copy.';

interface Dependency {
  name?: unknown;
  version?: unknown;
  repository?: unknown;
}

/** The source a dependency's `repository` names as a placeholder (`@bitnami`), if it is one of ours. */
function placeholderSource(repository: unknown): ChartSourceName | undefined {
  const match = typeof repository === 'string' ? /^@(.+)$/.exec(repository.trim()) : null;
  return match?.[1] !== undefined && isChartSourceName(match[1]) ? match[1] : undefined;
}

/** The chart sources Chart.yaml's dependencies name (`repository: "@SOURCE"`), each once, in order. */
export function sourcesOfChart(chartYaml: string): ChartSourceName[] {
  const chart = parse(chartYaml) as { dependencies?: Dependency[] } | null;
  const sources = (chart?.dependencies ?? []).map((d) => placeholderSource(d.repository)).filter((s) => s !== undefined);
  return [...new Set(sources)];
}

/**
 * The copy's Chart.yaml: the tree's text (comments kept) with every `@SOURCE` repository replaced by
 * `locate(SOURCE)`. Other repositories (`file://`, or an `@name` that is not a chart source) stay as they are.
 */
export function workingChartYaml(chartYaml: string, locate: (source: ChartSourceName) => string): string {
  const doc = parseDocument(chartYaml);
  const dependencies = doc.get('dependencies');
  if (isSeq(dependencies)) {
    for (const item of dependencies.items) {
      if (!isMap(item)) continue;
      const node = item.get('repository', true);
      const source = placeholderSource(isScalar(node) ? node.value : undefined);
      if (isScalar(node) && source !== undefined) {
        node.value = locate(source);
        node.type = 'QUOTE_DOUBLE';
      }
    }
  }
  doc.commentBefore = doc.commentBefore ? `${HEADER}\n${doc.commentBefore}` : HEADER;
  return doc.toString({ lineWidth: 0 });
}

/**
 * Mirrors the tree chart's own files (templates, values, schema, subcharts, ...) into the copy: whatever the
 * copy has besides Chart.yaml, Chart.lock and charts/ is replaced, so files removed from the tree go too.
 */
export async function mirrorChartFiles(treeDir: string, copyDir: string): Promise<void> {
  await mkdir(copyDir, { recursive: true });
  for (const entry of await readdir(copyDir)) {
    if (!NOT_MIRRORED.has(entry)) await rm(join(copyDir, entry), { recursive: true, force: true });
  }
  for (const entry of await readdir(treeDir)) {
    if (!NOT_MIRRORED.has(entry)) await cp(join(treeDir, entry), join(copyDir, entry), { recursive: true });
  }
}

/**
 * What keeps the copy from being installable, in words (empty when nothing does): Chart.lock missing (helm
 * writes it last, so a `dependency update` that failed leaves none), or a dependency's `NAME-VERSION.tgz`
 * missing from charts/. Versions in Chart.yaml are exact, so the file name is known.
 */
export async function copyGaps(copyDir: string): Promise<string[]> {
  const exists = (path: string) => access(path).then(() => true, () => false);
  const gaps: string[] = [];
  if (!(await exists(join(copyDir, 'Chart.lock')))) gaps.push('no Chart.lock');
  const chart = parse(await readFile(join(copyDir, 'Chart.yaml'), 'utf8')) as { dependencies?: Dependency[] } | null;
  const packages = (chart?.dependencies ?? []).map((d) => `${String(d.name)}-${String(d.version)}.tgz`);
  const missing: string[] = [];
  for (const file of packages) if (!(await exists(join(copyDir, 'charts', file)))) missing.push(file);
  if (missing.length > 0) gaps.push(`${missing.length} of ${packages.length} packages missing (${missing.join(', ')})`);
  return gaps;
}

/** Every file under `dir` as relative path → fingerprint of its content, sorted; `{}` when `dir` is absent. */
export async function filesUnder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const relative = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile()) files[relative] = fingerprintOf(await readFile(join(dir, relative), 'utf8'));
    }
  };
  await walk('').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}
