/**
 * Rendering a release revision from the catalog, and writing its objects into the cluster the way helm
 * applies a manifest (ownership checks, removal of objects the new revision no longer renders).
 */
import { stringify } from 'yaml';
import type { Invocation } from '../core/invocation.ts';
import { objectKey, type SimState } from '../core/state.ts';
import { coalesceValues } from '../core/values.ts';
import { bindObjectFault } from '../faults/match.ts';
import { kindInfo } from '../cluster/kinds.ts';
import { putObject } from '../cluster/mutations.ts';
import type { Blueprint, ChartRender } from '../catalog/types.ts';
import { enabledSubcharts, type ResolvedChart } from './chart-source.ts';
import type { HookRecord, ReleaseRecord, Values } from './release-types.ts';

/** A rendered revision. */
export interface RenderedRelease {
  render: ChartRender;
  manifest: string;
  hooks: HookRecord[];
  chart: ReleaseRecord['chart'];
}

function manifestOf(blueprints: readonly Blueprint[]): string {
  return blueprints.map((b) => `---\n# Source: ${b.source}\n${stringify(b.object, { version: '1.1', indentSeq: false, lineWidth: 0 })}`).join('');
}

/** Renders `chart` for a release revision with the user's values. */
export function renderRelease(chart: ResolvedChart, release: string, namespace: string, revision: number, userValues: Values): RenderedRelease {
  const values = coalesceValues(chart.defaults, userValues);
  const render: ChartRender = chart.definition
    ? chart.definition.render({
        release, namespace, revision, values,
        chartName: chart.metadata.name, chartVersion: chart.metadata.version, appVersion: chart.metadata.appVersion ?? '',
        enabledSubcharts: enabledSubcharts(chart.dependencies, values),
      })
    : { objects: [], hooks: [], notes: '' };
  return {
    render,
    manifest: manifestOf(render.objects),
    hooks: render.hooks.map((h) => ({
      name: h.object.metadata.name, kind: h.object.kind, path: h.source, manifest: manifestOf([h]).replace(/^---\n/, ''),
      events: h.events, last_run: { started_at: '', completed_at: '', phase: '' }, weight: h.weight, delete_policies: h.deletePolicies,
    })),
    chart: { metadata: chart.metadata, lock: null, templates: [], values: chart.defaults, schema: null, files: [] },
  };
}

/** helm's refusal to adopt an object it does not own; `undefined` when every object may be written. */
export function ownershipError(state: SimState, blueprints: readonly Blueprint[], release: string, namespace: string, verb: 'install' | 'update'): string | undefined {
  for (const b of blueprints) {
    const info = kindInfo(b.object.kind);
    const existing = state.objects[objectKey(b.object.kind, info.namespaced ? namespace : '', b.object.metadata.name)];
    if (!existing) continue;
    const annotations = existing.object.metadata.annotations ?? {};
    const labels = existing.object.metadata.labels ?? {};
    const problems: string[] = [];
    if (labels['app.kubernetes.io/managed-by'] !== 'Helm') problems.push('label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"');
    const owner = annotations['meta.helm.sh/release-name'];
    if (owner === undefined) problems.push(`annotation validation error: missing key "meta.helm.sh/release-name": must be set to "${release}"`);
    else if (owner !== release) problems.push(`annotation validation error: key "meta.helm.sh/release-name" must equal "${release}": current value is "${owner}"`);
    const ownerNs = annotations['meta.helm.sh/release-namespace'];
    if (ownerNs === undefined) problems.push(`annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${namespace}"`);
    else if (ownerNs !== namespace) problems.push(`annotation validation error: key "meta.helm.sh/release-namespace" must equal "${namespace}": current value is "${ownerNs}"`);
    if (problems.length > 0) {
      return `rendered manifests contain a resource that already exists. Unable to continue with ${verb}: ${b.object.kind} "${b.object.metadata.name}" in namespace "${namespace}" exists and cannot be imported into the current release: invalid ownership metadata; ${problems.join('; ')}`;
    }
  }
  return undefined;
}

/**
 * Writes the revision's objects (binding object faults to new ones) and deletes the objects of
 * `previousKeys` it no longer renders. Returns the keys written.
 */
export async function writeReleaseObjects(
  inv: Invocation,
  state: SimState,
  blueprints: readonly Blueprint[],
  release: string,
  previousKeys: readonly string[],
  now: number,
): Promise<string[]> {
  const keys: string[] = [];
  for (const b of blueprints) {
    const info = kindInfo(b.object.kind);
    const namespace = info.namespaced ? String(b.object.metadata.namespace) : '';
    const key = objectKey(b.object.kind, namespace, b.object.metadata.name);
    const sim = { ...b.sim, release };
    if (!state.objects[key]) {
      const fault = await bindObjectFault(inv.env.dir, inv, { kind: b.object.kind, namespace, name: b.object.metadata.name });
      if (fault) {
        inv.firedFaults.push(fault.id);
        Object.assign(sim, { fault, ...(fault.kind === 'appear-delay' ? { visibleFromMs: now + inv.env.timeScale * (fault.delayMs ?? 0) } : {}) });
      }
    }
    putObject(state, structuredClone(b.object), { now, sim });
    keys.push(key);
  }
  for (const key of previousKeys) {
    if (!keys.includes(key) && state.objects[key]?.sim.release === release) delete state.objects[key];
  }
  return keys;
}

/** Deletes every object a release revision wrote (uninstall, atomic cleanup). Hooks and PVCs stay, as in helm. */
export function deleteReleaseObjects(state: SimState, keys: readonly string[], release: string): void {
  for (const key of keys) if (state.objects[key]?.sim.release === release) delete state.objects[key];
}
