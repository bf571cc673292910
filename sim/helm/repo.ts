/**
 * `helm repo add|update|list|remove`: the client's repositories.yaml, kept in the state folder. Any
 * resolvable host can be reached (see catalog/repos.ts); `oci://` registries are not repositories.
 */
import { CommandError, out } from '../core/exit.ts';
import { loadState, updateState } from '../core/store.ts';
import { knownRepo } from '../catalog/repos.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { helmJson, helmTable, helmYaml } from './printers.ts';

/** The lines `helm repo update` (and dependency commands) print while refreshing indexes. */
export function updateBanner(names: readonly string[]): string {
  return `Hang tight while we grab the latest from your chart repositories...\n${names.map((n) => `...Successfully got an update from the "${n}" chart repository\n`).join('')}Update Complete. ⎈Happy Helming!⎈\n`;
}

/** The error for a URL the simulated network cannot reach. */
export function unreachableRepo(url: string): string {
  return `Error: looks like "${url}" is not a valid chart repository or cannot be reached: failed to fetch ${url.replace(/\/$/, '')}/index.yaml : 404 Not Found\n`;
}

/** Runs a `helm repo` subcommand. */
export async function runRepo(ctx: HelmContext): Promise<number> {
  const [sub, ...rest] = ctx.params;
  switch (sub) {
    case 'add':
      await addRepo(ctx, rest);
      return 0;
    case 'update':
    case 'up':
      await updateRepos(ctx, rest);
      return 0;
    case 'list':
    case 'ls':
      await listRepos(ctx);
      return 0;
    case 'remove':
    case 'rm':
      await removeRepos(ctx, rest);
      return 0;
    default:
      throw new CommandError(`Error: unknown command "${sub ?? ''}" for "helm repo"\n`);
  }
}

/** `helm repo add NAME URL`: skipped when the same, refused when the name is taken (without --force-update) or unreachable. */
async function addRepo(ctx: HelmContext, rest: string[]): Promise<void> {
  const { inv, args } = ctx;
  const [name, url] = rest;
  if (!name || !url) throw new CommandError('Error: "helm repo add" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]\n');
  inv.writesLocal = true;
  const message = await updateState(inv.env.dir, (state) => {
    const existing = state.repos.find((r) => r.name === name);
    if (existing && !args.bool('force-update')) {
      if (existing.url === url) return `"${name}" already exists with the same configuration, skipping\n`;
      throw new CommandError(`Error: repository name (${name}) already exists, please specify a different name\n`);
    }
    if (url.startsWith('oci://')) throw new CommandError(`Error: looks like "${url}" is not a valid chart repository or cannot be reached: could not find protocol handler for: oci\n`);
    if (!knownRepo(url)) throw new CommandError(unreachableRepo(url));
    state.repos = [...state.repos.filter((r) => r.name !== name), { name, url, updatedMs: inv.clock.now() }];
    return `"${name}" has been added to your repositories\n`;
  });
  out(message);
}

/** `helm repo update [NAME...]`: refreshes the named repositories (all when none is named). */
async function updateRepos(ctx: HelmContext, rest: string[]): Promise<void> {
  const { inv } = ctx;
  inv.writesLocal = true;
  const state = await loadState(inv.env.dir);
  if (state.repos.length === 0) throw new CommandError('Error: no repositories found. You must add one before updating\n');
  // repo_update.go's checkRequestedRepos: the first unknown name, no full stop.
  const unknown = rest.find((n) => !state.repos.some((r) => r.name === n));
  if (unknown !== undefined) throw new CommandError(`Error: no repositories found matching '${unknown}'.  Nothing will be updated\n`);
  const names = rest.length > 0 ? rest : state.repos.map((r) => r.name);
  await inv.clock.sleepVirtual(names.length * 400, inv.interrupted);
  await updateState(inv.env.dir, (s) => {
    for (const r of s.repos) if (names.includes(r.name)) r.updatedMs = inv.clock.now();
  });
  out(updateBanner(names));
}

/** `helm repo list`, as a table, JSON or YAML. */
async function listRepos(ctx: HelmContext): Promise<void> {
  const format = helmFormat(ctx.args);
  const state = await loadState(ctx.inv.env.dir);
  // helm 3.8+ (repo_list.go): none is an error for the table, an empty list for -o json / -o yaml.
  if (state.repos.length === 0 && format === 'table') throw new CommandError('Error: no repositories to show\n');
  const rows = state.repos.map((r) => ({ name: r.name, url: r.url }));
  if (format === 'json') out(helmJson(rows));
  else if (format === 'yaml') out(helmYaml(rows));
  else out(helmTable([['NAME', 'URL'], ...rows.map((r) => [r.name, r.url])]));
}

/** `helm repo remove NAME...`: one at a time, failing at the first unknown name. */
async function removeRepos(ctx: HelmContext, rest: string[]): Promise<void> {
  const { inv } = ctx;
  inv.writesLocal = true;
  for (const name of rest) {
    await updateState(inv.env.dir, (state) => {
      if (!state.repos.some((r) => r.name === name)) throw new CommandError(`Error: no repo named "${name}" found\n`);
      state.repos = state.repos.filter((r) => r.name !== name);
    });
    out(`"${name}" has been removed from your repositories\n`);
  }
}
