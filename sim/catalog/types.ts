/**
 * The vocabulary of the chart catalog: what a chart renders for a release, and how long each object takes.
 */
import type { KubeObject, ObjectSim } from '../core/state.ts';
import type { Values } from '../helm/release-types.ts';

/** Everything a chart's renderer may look at. */
export interface RenderContext {
  release: string;
  namespace: string;
  revision: number;
  /** Chart defaults coalesced with the user's values. */
  values: Values;
  chartName: string;
  chartVersion: string;
  appVersion: string;
  /**
   * Umbrella charts: the subcharts listed in Chart.yaml whose condition holds, as "chart" or
   * "chart=alias" (the alias is where their values live).
   */
  enabledSubcharts: ReadonlySet<string>;
}

/** One object of a rendered release. */
export interface Blueprint {
  object: KubeObject;
  sim: Partial<ObjectSim>;
  /** Template path, for the release manifest's "# Source:" comments. */
  source: string;
}

/** A hook resource (always a Job here) and when helm runs it. */
export interface HookBlueprint extends Blueprint {
  /** "pre-install", "pre-upgrade", "post-install", "post-upgrade". */
  events: string[];
  weight: number;
  deletePolicies: string[];
}

/** What a chart renders for one release revision. */
export interface ChartRender {
  objects: Blueprint[];
  hooks: HookBlueprint[];
  notes: string;
}

/** One version of a chart in a repository index. */
export interface ChartVersion {
  version: string;
  appVersion: string;
}

/** A chart the catalog can render. */
export interface ChartDefinition {
  name: string;
  description: string;
  /** Newest first. Empty for local charts (their Chart.yaml decides). */
  versions: ChartVersion[];
  render(ctx: RenderContext): ChartRender;
}
