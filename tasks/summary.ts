/**
 * What `up` prints when it succeeds: where each service runs and how to reach it.
 */
import type { DevEnvConfig } from '../env/config.ts';
import { portForwards } from '../env/port-forwards.ts';

export function summaryLines(config: DevEnvConfig): string[] {
  const forwards = portForwards(config);
  const lines = ['', 'The dev environment is up. To reach it from this machine:'];
  const sections = [
    ['datahub', `DataHub (namespace ${config.namespaces.datahub})`],
    ['dataspoke', `DataSpoke infrastructure (namespace ${config.namespaces.dataspoke})`],
    ['example', `Example sources (namespace ${config.namespaces.example})`],
  ] as const;
  for (const [target, heading] of sections) {
    lines.push(`  ${heading}: npx zx graph.ts port-forward ${target}`);
    for (const f of forwards[target]) {
      lines.push(`    ${f.label.padEnd(22)} localhost:${f.localPort}  → svc/${f.service}:${f.remotePort}`);
    }
  }
  lines.push('  The app reads DATASPOKE_* from env/.env; run it on this machine (see DEV_ENV.md "Running DataSpoke Locally").');
  return lines;
}
