/**
 * What `down` asks before it removes anything: the kube context, and what the selection will remove (the
 * Helm releases with their namespaces, the example objects, the Secrets), then, separately, the namespaces.
 * A `down --only dataspoke-infra` names only what that part removes.
 */
import type { DownQuestion } from '../cli/project.ts';
import type { DevEnvConfig } from '../config/config.ts';
import { DATAHUB_ID, DATAHUB_PREREQUISITES_ID } from '../tasks/datahub.ts';
import { DATASPOKE_INFRA_ID } from '../tasks/dataspoke-infra.ts';
import { EXAMPLE_MANIFESTS_ID } from '../tasks/example.ts';
import { namespaceNodeId, type NamespaceRole } from '../tasks/namespaces.ts';
import { secretNodeId, secretSpecs } from '../tasks/secrets.ts';

/** The releases `down` uninstalls, in the order the question names them. */
const RELEASES = [
  { id: DATAHUB_ID, release: 'datahub', namespace: 'datahub' },
  { id: DATAHUB_PREREQUISITES_ID, release: 'datahub-prerequisites', namespace: 'datahub' },
  { id: DATASPOKE_INFRA_ID, release: 'dataspoke', namespace: 'dataspoke' },
] as const;

const NAMESPACE_ROLES: readonly NamespaceRole[] = ['datahub', 'dataspoke', 'example'];

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The first question: what the selected removal steps remove, and where. */
export function removalQuestion(config: DevEnvConfig, selected: ReadonlySet<string>): string {
  const ns = config.namespaces;
  const byNamespace = new Map<string, string[]>();
  for (const r of RELEASES.filter((r) => selected.has(r.id))) {
    const name = ns[r.namespace];
    byNamespace.set(name, [...(byNamespace.get(name) ?? []), r.release]);
  }
  const releaseCount = [...byNamespace.values()].flat().length;
  const parts: string[] = [];
  if (releaseCount > 0) {
    const groups = [...byNamespace].map(([name, releases]) => `${releases.join(', ')} (${name})`);
    parts.push(`${releaseCount === 1 ? 'release' : 'releases'} ${groups.join(', ')}`);
  }
  if (selected.has(EXAMPLE_MANIFESTS_ID)) parts.push(`the example objects in ${ns.example}`);
  const secrets = secretSpecs({ config }).filter((s) => selected.has(secretNodeId(s.key)));
  if (secrets.length > 0) {
    parts.push(parts.length > 0 ? 'their Secrets' : `the Secrets ${listed(secrets.map((s) => `${s.name} (${ns[s.namespace]})`))}`);
  }
  const what = parts.length > 0 ? listed(parts) : 'no release, example object or Secret (the namespaces are asked about next)';
  return `Remove the dev environment from context ${config.kubeContext}: ${what}?`;
}

/** The selected namespaces, by name. */
function selectedNamespaces(config: DevEnvConfig, selected: ReadonlySet<string>): string[] {
  return NAMESPACE_ROLES.filter((role) => selected.has(namespaceNodeId(role))).map((role) => config.namespaces[role]);
}

/** `down`'s two questions for `config`. */
export function downQuestions(config: DevEnvConfig): DownQuestion[] {
  return [
    { question: (selected) => removalQuestion(config, selected) },
    {
      question: (selected) => {
        const names = selectedNamespaces(config, selected);
        return `Delete the ${names.length === 1 ? 'namespace' : 'namespaces'} ${listed(names)} (context ${config.kubeContext}) with everything left in ${names.length === 1 ? 'it' : 'them'}?`;
      },
      gates: NAMESPACE_ROLES.map(namespaceNodeId),
    },
  ];
}
