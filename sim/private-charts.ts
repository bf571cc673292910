/**
 * A private copy of the project's charts/ for a run against the simulated cluster, which a test may edit (a
 * template, a values file) without touching the working tree. (The product itself only reads charts/: helm
 * writes packages into the umbrella chart's working copy in the state folder.)
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
