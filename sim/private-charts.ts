/**
 * A private copy of the project's charts/ for a run against the simulated cluster. `helm dependency build`
 * writes packaged subcharts into the charts folder; the simulated helm writes stubs, and stubs left in the
 * working tree would let a later real install skip its dependency build.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_CHARTS = fileURLToPath(new URL('../charts', import.meta.url));

/** Copies charts/ (without packaged subcharts) to `target` and returns it. */
export async function privateCharts(target: string): Promise<string> {
  await cp(PROJECT_CHARTS, target, { recursive: true, filter: (src) => !src.endsWith('.tgz') });
  return target;
}

/** The copy's path for a run whose state lives in `stateDir`: a sibling folder. */
export function chartsBeside(stateDir: string): string {
  return join(stateDir, '..', `${stateDir.split('/').pop()}-charts`);
}
