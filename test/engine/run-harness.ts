/**
 * Runs a graph of fake nodes (fake-graph.ts) through the scheduler for the scheduler's tests: `setup` builds
 * and validates the graph, `run` starts it and records its events, `expectEachNodeOnce` checks a run's ends.
 */
import { expect } from 'vitest';
import { runGraph, selectSubgraph, validateGraph, type Journal, type RunMode } from '../../engine/index.ts';
import { FakeGraph, Recorder, type FakeSpec } from './fake-graph.ts';

export function setup(specs: Record<string, FakeSpec>) {
  const fakes = new FakeGraph(specs);
  const result = validateGraph(fakes.nodes());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return { fakes, graph: result.graph };
}

/**
 * Every node of the run finished exactly once (one done, skipped or failed event), and none started twice.
 * A node released twice would run its work twice, or release what it needs twice, too early.
 */
export function expectEachNodeOnce(recorder: Recorder) {
  const started = recorder.events.find((e) => e.type === 'run-started');
  if (started?.type !== 'run-started') throw new Error('no run-started event');
  const count = (types: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const e of recorder.events) if (types.includes(e.type) && 'id' in e && e.id) counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
    return counts;
  };
  const starts = count(['node-started']);
  const ends = count(['node-done', 'node-failed', 'node-skipped']);
  expect(Object.fromEntries(started.nodes.map((id) => [id, ends.get(id) ?? 0]))).toEqual(Object.fromEntries(started.nodes.map((id) => [id, 1])));
  expect([...starts].filter(([, n]) => n > 1)).toEqual([]);
}

export function run(
  { graph }: ReturnType<typeof setup>,
  options: { concurrency?: number; journal?: Journal; keepGoing?: boolean; signal?: AbortSignal; mode?: RunMode; only?: string[]; force?: string[] } = {},
) {
  const recorder = new Recorder();
  const mode = options.mode ?? 'up';
  const selection = selectSubgraph(graph, { mode, ...(options.only ? { only: options.only } : {}) });
  if (!selection.ok) throw new Error(selection.problems.join('\n'));
  const done = runGraph(graph, {
    mode,
    selected: selection.ids,
    concurrency: options.concurrency ?? 4,
    onEvent: recorder.sink,
    graceMs: 50,
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.keepGoing ? { keepGoing: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.force ? { force: new Set(options.force) } : {}),
  });
  return { recorder, done };
}
