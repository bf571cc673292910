/**
 * `helm dependency build|update|list CHART` for a local chart: resolves Chart.yaml dependencies against
 * the repositories (file:// ones need none), writes charts/NAME-VERSION.tgz and, for update, Chart.lock.
 *
 * As in helm 3.17: `build` with a Chart.lock requires every repository URL to be added
 * ("no repository definition for ..."); `update` (and `build` without a lock) fetches unadded URLs as
 * "unmanaged" repositories. `oci://` repositories need no `helm repo add`: an exact version is locked as is
 * and pulled when the packages are saved (`--plain-http` for a registry without TLS); a constraint lists
 * the registry's tags.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { CommandError, err, out } from '../core/exit.ts';
import { loadState } from '../core/store.ts';
import { helmTime } from '../core/timefmt.ts';
import type { RepoEntry } from '../core/state.ts';
import { indexedChart } from '../catalog/index.ts';
import { knownRepo } from '../catalog/repos.ts';
import { highestSatisfying, satisfies } from '../catalog/semver.ts';
import { missingDependencies, readLocalChart, type ChartDependency } from './chart-source.ts';
import type { HelmContext } from './main.ts';
import { isExactVersion, isOciReference, pullOci, pulledBanner } from './oci.ts';
import { helmTable } from './printers.ts';
import { unreachableRepo, updateBanner } from './repo.ts';
import { chartArchive } from './tgz.ts';

interface Locked {
  name: string;
  repository: string;
  version: string;
}

const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Go-compatible digest of Chart.yaml's dependencies and the locked ones (helm's resolver.HashReq). */
function digest(req: readonly ChartDependency[], locked: readonly Locked[]): string {
  const goDep = (d: ChartDependency | Locked): Record<string, unknown> => {
    const dep = d as ChartDependency;
    return {
      name: dep.name, ...(dep.version ? { version: dep.version } : {}), repository: dep.repository ?? '',
      ...(dep.condition ? { condition: dep.condition } : {}), ...(dep.tags?.length ? { tags: dep.tags } : {}),
      ...(dep['import-values'] ? { 'import-values': dep['import-values'] } : {}), ...(dep.alias ? { alias: dep.alias } : {}),
    };
  };
  const json = JSON.stringify([req.map(goDep), locked.map(goDep)]).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

function repoFor(dep: ChartDependency, repos: readonly RepoEntry[]): RepoEntry | undefined {
  const repo = dep.repository ?? '';
  if (repo.startsWith('@') || repo.startsWith('alias:')) return repos.find((r) => r.name === repo.replace(/^@|^alias:/, ''));
  return repos.find((r) => sameUrl(r.url, repo));
}

function repoUrl(dep: ChartDependency, repos: readonly RepoEntry[]): string {
  return repoFor(dep, repos)?.url ?? dep.repository ?? '';
}

/** Pulls what comes from registries, then writes every package; a failed pull leaves charts/ as it was. */
function saveArchives(dir: string, locked: readonly Locked[], deps: readonly ChartDependency[], plainHttp: boolean, before = ''): string {
  const chartsDir = join(dir, 'charts');
  let text = `${before}Saving ${locked.length} charts\n`;
  // helm prints each pull's "Pulled:"/"Digest:" on stderr.
  let pulled = '';
  for (const l of locked) {
    if (l.repository.startsWith('file://')) continue;
    text += `Downloading ${l.name} from repo ${l.repository}\n`;
    if (!isOciReference(l.repository)) continue;
    const reference = `${l.repository.replace(/\/+$/, '')}/${l.name}`;
    try {
      pulled += pulledBanner(pullOci(reference, l.version, plainHttp));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      const why = `could not download ${reference}: ${error.stderr.replace(/^Error: /, '').trimEnd()}`;
      out(`${text}Save error occurred:  ${why}\n`);
      err(pulled);
      throw new CommandError(`Error: ${why}\n`);
    }
  }
  err(pulled);
  mkdirSync(chartsDir, { recursive: true });
  for (const l of locked) {
    writeFileSync(join(chartsDir, `${l.name}-${l.version}.tgz`), chartArchive(l.name, `apiVersion: v2\nname: ${l.name}\nversion: ${l.version}\n`));
  }
  text += 'Deleting outdated charts\n';
  const keep = new Set(locked.map((l) => `${l.name}-${l.version}.tgz`));
  for (const file of readdirSync(chartsDir)) {
    if (file.endsWith('.tgz') && !keep.has(file) && deps.some((d) => file.startsWith(`${d.name}-`))) rmSync(join(chartsDir, file));
  }
  return text;
}

function resolveLocal(dir: string, dep: ChartDependency): Locked {
  const path = resolve(dir, (dep.repository ?? '').slice('file://'.length));
  if (!existsSync(path)) throw new CommandError(`Error: directory ${path} not found\n`);
  const version = readLocalChart(path).metadata.version;
  if (dep.version && !satisfies(version, dep.version)) {
    throw new CommandError(`Error: can't get a valid version for 1 subchart(s): "${dep.name}" (repository "${dep.repository}", version "${dep.version}")\n`);
  }
  return { name: dep.name, repository: dep.repository!, version };
}

/**
 * The version to lock for an `oci://` dependency: an exact one as is (helm does not look at the registry
 * until it pulls), otherwise the highest tag satisfying the constraint; `undefined` when none does.
 */
function ociVersion(dep: ChartDependency, plainHttp: boolean): string | undefined {
  const version = dep.version ?? '';
  if (isExactVersion(version)) return version;
  const repo = (dep.repository ?? '').replace(/\/+$/, '');
  try {
    return pullOci(`${repo}/${dep.name}`, version || undefined, plainHttp).version;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    if (/Could not locate a version/.test(error.stderr)) return undefined;
    throw new CommandError(`Error: could not retrieve list of tags for repository ${dep.repository}: ${error.stderr.replace(/^Error: /, '')}`);
  }
}

/** A `helm dependency build|update` under way: the chart folder, its dependencies, the state's repositories. */
interface DependencyRun {
  ctx: HelmContext;
  dir: string;
  dependencies: ChartDependency[];
  repos: RepoEntry[];
  plainHttp: boolean;
  lockPath: string;
}

/** Runs `helm dependency`. */
export async function runDependency(ctx: HelmContext): Promise<number> {
  const { inv } = ctx;
  const [sub, chartPath = '.'] = ctx.params;
  if (sub !== 'build' && sub !== 'update' && sub !== 'up' && sub !== 'list' && sub !== 'ls') throw new CommandError(`Error: unknown command "${sub ?? ''}" for "helm dependency"\n`);
  const dir = resolve(inv.cwd, chartPath);
  const { dependencies } = readLocalChart(dir);
  const state = await loadState(inv.env.dir);
  if (sub === 'list' || sub === 'ls') {
    const missing = new Set(missingDependencies(dir, dependencies));
    out(helmTable([['NAME', 'VERSION', 'REPOSITORY', 'STATUS'], ...dependencies.map((d) => [d.name, d.version ?? '', d.repository ?? '', missing.has(d.name) ? 'missing' : 'ok'])]));
    return 0;
  }
  inv.writesLocal = true;
  const run: DependencyRun = { ctx, dir, dependencies, repos: state.repos, plainHttp: ctx.args.bool('plain-http'), lockPath: join(dir, 'Chart.lock') };
  if (sub === 'build' && existsSync(run.lockPath)) await buildFromLock(run);
  else await updateDependencies(run);
  return 0;
}

/** `build` with a Chart.lock: saves the locked versions, if the lock matches Chart.yaml and every repository is added. */
async function buildFromLock(run: DependencyRun): Promise<void> {
  const { ctx: { inv }, dir, dependencies, repos } = run;
  const lock = (parse(readFileSync(run.lockPath, 'utf8')) ?? {}) as { dependencies?: Locked[] };
  const locked = lock.dependencies ?? [];
  const inSync = locked.length === dependencies.length && dependencies.every((d) => {
    const l = locked.find((x) => x.name === d.name);
    return l && sameUrl(l.repository, d.repository ?? '') && (!d.version || satisfies(l.version, d.version));
  });
  if (!inSync) throw new CommandError('Error: the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies\n');
  const missingRepos = locked.filter((l) => /^https?:\/\//.test(l.repository) && !repos.some((r) => sameUrl(r.url, l.repository))).map((l) => l.repository);
  if (missingRepos.length > 0) {
    throw new CommandError(`Error: no repository definition for ${[...new Set(missingRepos)].join(', ')}. Please add the missing repos via 'helm repo add'\n`);
  }
  const names = [...new Set(locked.map((l) => repos.find((r) => sameUrl(r.url, l.repository))?.name).filter((n): n is string => n !== undefined))];
  const text = names.length > 0 ? updateBanner(names) : '';
  await inv.clock.sleepVirtual(locked.length * 800, inv.interrupted);
  out(saveArchives(dir, locked, dependencies, run.plainHttp, text));
}

/** `update` (or `build` without a lock): refreshes the repositories, locks the highest matching versions, saves them. */
async function updateDependencies(run: DependencyRun): Promise<void> {
  const { ctx: { inv }, dir, dependencies } = run;
  let text = refreshRepositories(run);
  const { locked, failures } = lockVersions(run);
  if (failures.length > 0) {
    out(text);
    throw new CommandError(`Error: can't get a valid version for ${failures.length} subchart(s): ${failures.join(', ')}\n`);
  }
  await inv.clock.sleepVirtual(locked.length * 800, inv.interrupted);
  text = saveArchives(dir, locked, dependencies, run.plainHttp, text);
  writeFileSync(run.lockPath, stringify({ dependencies: locked, digest: digest(dependencies, locked), generated: helmTime(inv.clock.now()) }, { indentSeq: false }));
  out(text);
}

/** What helm prints while it refreshes the unmanaged (unadded URL) and managed repositories; refuses unknown ones. */
function refreshRepositories(run: DependencyRun): string {
  const { dependencies, repos } = run;
  let text = '';
  const unmanaged = [...new Set(dependencies.map((d) => d.repository ?? '').filter((r) => /^https?:\/\//.test(r) && !repos.some((x) => sameUrl(x.url, r))))];
  const aliasMissing = dependencies.filter((d) => /^(@|alias:)/.test(d.repository ?? '') && !repoFor(d, repos)).map((d) => d.repository);
  if (aliasMissing.length > 0) throw new CommandError(`Error: no repository definition for ${aliasMissing.join(', ')}. Please add them via 'helm repo add'\n`);
  for (const url of unmanaged) if (!knownRepo(url)) throw new CommandError(unreachableRepo(url));
  if (unmanaged.length > 0) text += `Getting updates for unmanaged Helm repositories...\n${unmanaged.map((u) => `...Successfully got an update from the "${u}" chart repository\n`).join('')}`;
  const managed = [...new Set(dependencies.map((d) => repoFor(d, repos)?.name).filter((n): n is string => n !== undefined))];
  if (managed.length > 0) text += updateBanner(managed);
  return text;
}

/** The version to lock for each dependency (file://, oci:// or a repository's index), and those none satisfies. */
function lockVersions(run: DependencyRun): { locked: Locked[]; failures: string[] } {
  const locked: Locked[] = [];
  const failures: string[] = [];
  for (const dep of run.dependencies) {
    const repo = dep.repository ?? '';
    if (repo.startsWith('file://')) {
      locked.push(resolveLocal(run.dir, dep));
      continue;
    }
    if (isOciReference(repo)) {
      const version = ociVersion(dep, run.plainHttp);
      if (!version) failures.push(`"${dep.name}" (repository "${repo}", version "${dep.version ?? ''}")`);
      else locked.push({ name: dep.name, repository: repo, version });
      continue;
    }
    const url = repoUrl(dep, run.repos);
    const version = highestSatisfying(indexedChart(url, dep.name)?.versions.map((v) => v.version) ?? [], dep.version);
    if (!version) failures.push(`"${dep.name}" (repository "${url}", version "${dep.version ?? ''}")`);
    else locked.push({ name: dep.name, repository: dep.repository ?? url, version });
  }
  return { locked, failures };
}
