/**
 * After a successful `up`: which groups are installed and which were left out of the selection, so the
 * project's summary speaks only of what is there.
 *
 * A group is installed when each of its tasks is done in this run (done, or skipped because its check or the
 * journal said so) or, not selected, is found done by its check now (checks only read).
 */
import { setMaxListeners } from 'node:events';
import { evaluateCheck, type RunResult, type ValidGraph } from '../engine/index.ts';
import type { GroupStates } from './project.ts';

export async function groupStates(graph: ValidGraph, result: RunResult): Promise<GroupStates> {
  const doneInRun = (id: string) => {
    const node = result.nodes.get(id);
    return node?.outcome === 'done' || (node?.outcome === 'skipped' && (node.reason === 'check' || node.reason === 'journal'));
  };
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  const checks = new Map<string, Promise<boolean>>();
  const doneNow = (id: string): Promise<boolean> => {
    let pending = checks.get(id);
    if (!pending) {
      const node = graph.nodes.get(id)!;
      pending = node.check ? evaluateCheck(node.check.bind(node), signal, () => {}).then((o) => o.done) : Promise.resolve(false);
      checks.set(id, pending);
    }
    return pending;
  };
  const states = await Promise.all(
    [...graph.groups].map(async ([group, members]) => {
      const done = await Promise.all(members.map((id) => (result.nodes.has(id) ? doneInRun(id) : doneNow(id))));
      return [group, done.every(Boolean)] as const;
    }),
  );
  return {
    installed: states.filter(([, installed]) => installed).map(([group]) => group),
    notSelected: states.filter(([, installed]) => !installed).map(([group]) => group),
  };
}
