import { describe, expect, it } from 'vitest';
import { memoryJournal, planRun, selectSubgraph, type RunEvent, type RunMode } from '../../engine/index.ts';
import { run, setup } from './run-harness.ts';

/** What the run did with each node, in the plan's words. */
function actionsOf(events: readonly RunEvent[]): Record<string, string> {
  const actions: Record<string, string> = {};
  for (const e of events) {
    if (e.type === 'node-started') actions[e.id] = e.forced === 'fingerprint' ? 'run-changed' : e.forced === 'force' ? 'run-forced' : 'run';
    if (e.type === 'node-skipped') actions[e.id] = { check: 'skip-done', journal: 'skip-journal', 'no-down': 'skip-no-down' }[e.reason as string] ?? e.reason;
    if (e.type === 'node-failed' && e.error.startsWith('could not compute its inputs')) actions[e.id] = 'fail-inputs';
  }
  return actions;
}

describe('plan and the run decide alike', () => {
  it('up: checks, changed inputs and their downstream, the journal, --force, read-only nodes, inputs that fail', async () => {
    const t = setup({
      done: { done: true },
      changed: { deps: ['done'], inputs: 'v1' },
      after: { deps: ['changed'], done: true },
      remembered: { inputs: 'r' },
      todo: { done: false },
      forced: { done: true },
      broken: {},
      verify: {},
    });
    Object.assign(t.graph.nodes.get('verify')!, { readOnly: true });
    const journal = memoryJournal();
    expect((await run(t, { journal }).done).outcome).toBe('success');
    t.fakes.specs.changed!.inputs = 'v2';
    t.fakes.specs.todo!.done = false;
    Object.assign(t.graph.nodes.get('broken')!, { inputs: () => { throw new Error('values.yaml: no such file'); } });

    const selected = selectSubgraph(t.graph, { mode: 'up' });
    if (!selected.ok) throw new Error('selection');
    const plan = await planRun(t.graph, { mode: 'up', selected: selected.ids, journal, force: new Set(['forced']) });
    const { recorder, done } = run(t, { journal, force: ['forced'], keepGoing: true });
    await done;
    const planned = Object.fromEntries(plan.map((p) => [p.id, p.action]));
    expect(planned).toEqual({
      done: 'skip-done',
      changed: 'run-changed',
      after: 'run-changed',
      remembered: 'skip-journal',
      todo: 'run',
      forced: 'run-forced',
      broken: 'fail-inputs',
      verify: 'run',
    });
    expect(actionsOf(recorder.events)).toEqual(planned);
    expect(plan.find((p) => p.id === 'broken')).toMatchObject({ step: 0, detail: 'values.yaml: no such file' });
  });

  it('down: nothing to undo, already gone, to take down', async () => {
    const t = setup({ ns: { down: true }, release: { deps: ['ns'], down: true }, app: { deps: ['release'], down: true, goneAlready: true }, info: { deps: ['ns'] } });
    const mode: RunMode = 'down';
    const selected = selectSubgraph(t.graph, { mode });
    if (!selected.ok) throw new Error('selection');
    const plan = await planRun(t.graph, { mode, selected: selected.ids });
    const { recorder, done } = run(t, { mode });
    await done;
    const planned = Object.fromEntries(plan.map((p) => [p.id, p.action]));
    expect(planned).toEqual({ ns: 'run', release: 'run', app: 'skip-done', info: 'skip-no-down' });
    expect(actionsOf(recorder.events)).toEqual(planned);
  });
});
