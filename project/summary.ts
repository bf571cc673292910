/**
 * What `up` prints when it succeeds: where each installed part runs and how to reach it, and what this run
 * did not select. "The dev environment is up" only when every part is.
 */
import type { GroupStates } from '../cli/project.ts';
import type { DevEnvConfig } from '../config/config.ts';
import { portForwards } from '../config/port-forwards.ts';

/** The parts of the environment: their group, their port-forward target and their name. */
const PARTS = [
  { group: 'datahub', target: 'datahub', name: 'DataHub', heading: 'DataHub' },
  { group: 'dataspoke-infra', target: 'dataspoke', name: 'DataSpoke infrastructure', heading: 'DataSpoke infrastructure' },
  { group: 'dataspoke-example', target: 'example', name: 'example sources', heading: 'Example sources' },
] as const;

/** Every part installed (what a full `up` leaves). */
const EVERYTHING: GroupStates = { installed: PARTS.map((p) => p.group), notSelected: [] };

export function summaryLines(config: DevEnvConfig, groups: GroupStates = EVERYTHING): string[] {
  const forwards = portForwards(config);
  const installed = PARTS.filter((p) => groups.installed.includes(p.group));
  const missing = PARTS.filter((p) => !groups.installed.includes(p.group));
  const lines = [''];
  if (missing.length === 0) lines.push('The dev environment is up. To reach it from this machine:');
  else if (installed.length > 0) {
    lines.push(`Installed: ${installed.map((p) => p.name).join(', ')}. To reach ${installed.length === 1 ? 'it' : 'them'} from this machine:`);
  }
  for (const { target, heading } of installed) {
    lines.push(`  ${heading} (namespace ${config.namespaces[target]}): npx zx graph.ts port-forward ${target}`);
    for (const f of forwards[target]) {
      lines.push(`    ${f.label.padEnd(22)} localhost:${f.localPort}  → svc/${f.service}:${f.remotePort}`);
    }
  }
  if (missing.length === 0) {
    lines.push('  The app reads DATASPOKE_* from env/.env; run it on this machine: see docs/running-dataspoke-locally.md.');
  } else {
    lines.push(`Not selected this run: ${missing.map((p) => p.name).join(', ')} — run \`npx zx graph.ts up\` for everything.`);
  }
  return lines;
}
