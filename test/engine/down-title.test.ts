/** A node's `downTitle` is its title in `down` (plan and runs); `up` keeps `title`. */
import { describe, expect, it } from 'vitest';
import { planRun, titleOf, validateGraph, type TaskNode } from '../../engine/index.ts';

const nodes: TaskNode[] = [
  { id: 'ns', title: 'Namespace app', downTitle: 'Delete namespace app', deps: [], run: async () => {}, down: async () => {} },
  { id: 'release', title: 'Install the release', downTitle: 'Uninstall the release', deps: ['ns'], run: async () => {}, down: async () => {} },
  { id: 'wait', title: 'Wait for the rollout', deps: ['release'], run: async () => {} },
];

describe('downTitle', () => {
  it('titleOf prefers downTitle in down only', () => {
    expect(titleOf(nodes[1]!, 'down')).toBe('Uninstall the release');
    expect(titleOf(nodes[1]!, 'up')).toBe('Install the release');
    expect(titleOf(nodes[2]!, 'down')).toBe('Wait for the rollout');
  });

  it('plan --down shows the down titles, plan the up titles', async () => {
    const result = validateGraph(nodes);
    if (!result.ok) throw new Error('invalid graph');
    const selected = new Set(nodes.map((n) => n.id));
    const down = await planRun(result.graph, { mode: 'down', selected });
    expect(Object.fromEntries(down.map((p) => [p.id, p.title]))).toEqual({
      wait: 'Wait for the rollout', release: 'Uninstall the release', ns: 'Delete namespace app',
    });
    const up = await planRun(result.graph, { mode: 'up', selected });
    expect(up.map((p) => p.title)).toEqual(['Namespace app', 'Install the release', 'Wait for the rollout']);
  });
});
