/**
 * Where the real control plane's tools are: the cache `scripts/real-cluster/install-tools.sh` fills (run by
 * `npm test` before the tests). A missing tool is an error that says how to get it, never a skipped test.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const REAL_TOOLS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'helm', 'registry'] as const;

/** The tool cache (`DATASPOKE_DEV_TOOLS_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/dataspoke-dev-env/tools`). */
export function toolsCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATASPOKE_DEV_TOOLS_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dataspoke-dev-env', 'tools');
}

/** The folder with the tools, checked to hold `needed` (all of them by default). */
export function toolsBin(env: NodeJS.ProcessEnv = process.env, needed: readonly string[] = REAL_TOOLS): string {
  const bin = join(toolsCache(env), 'bin');
  const missing = needed.filter((tool) => !existsSync(join(bin, tool)));
  if (missing.length > 0) {
    throw new Error(
      `the real control plane's tools are missing from ${bin} (${missing.join(', ')}): run \`bash scripts/real-cluster/install-tools.sh\` (npm test runs it first)`,
    );
  }
  return bin;
}
