/**
 * Looking up chart renderers: repository charts by repo URL and name, local charts by Chart.yaml name.
 */
import { dataspokeChart } from './dataspoke.ts';
import { knownRepo, type IndexedChart } from './repos.ts';
import type { ChartDefinition } from './types.ts';

/** The chart `name` in the repository at `url`; `undefined` when the index has no such chart. */
export function indexedChart(url: string, name: string): IndexedChart | undefined {
  return knownRepo(url)?.charts.find((c) => c.name === name);
}

const LOCAL: Record<string, ChartDefinition> = { dataspoke: dataspokeChart };

/** The renderer for a local chart named `name`; `undefined` renders nothing (an empty release). */
export function localChartDefinition(name: string): ChartDefinition | undefined {
  return LOCAL[name];
}
