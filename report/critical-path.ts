/**
 * The critical path of a recorded run: the chain of nodes that decided when the run could end.
 *
 * Definition (by actual times, not estimates):
 * 1. Only nodes that got going count: those with an end time (done, failed, interrupted, unfinished, or
 *    skipped after becoming ready — by their check, the journal, or having nothing to undo). Nodes skipped
 *    because a dependency failed, or never started, took no time and are never on the path.
 * 2. The path ends at the node that ended last.
 * 3. From a node, the path steps back to the dependency that ended last: that is the one the node was
 *    waiting for when it became ready. If the node then waited for a lock and the events name the lock's
 *    holder, the holder is a candidate too (it ended just before the node started, so it usually wins):
 *    the lock, not the dependency, is what held the node up. The path stops at a node with neither.
 * 4. Ties (equal end times) go to the node that took longer, then to the one earlier in the run's execution
 *    order, so the same events always give the same path.
 *
 * A skipped node takes about 0 ms, so it lies on the path only when it was the last thing its dependent
 * waited for (e.g. `A (10 s) → B (skipped) → C`: the path is A, B, C and B adds nothing).
 *
 * The path's span (run start to its last node's end) splits into work (the sum of its nodes' durations) and
 * waiting: time its nodes spent ready but not running, for a lock, a check or a free slot. A lock wait whose
 * holder is on the path counts as that holder's work instead.
 *
 * Deals with: choosing the chain and adding up its times. Does not deal with: printing it.
 */
import { releasedDependents, type NodeTiming, type RunTimeline } from './timeline.ts';

/** The critical path and what it is made of. */
export interface CriticalPath {
  /** Node ids from the first to the last; empty when no node got going. */
  readonly ids: readonly string[];
  /** From the run's start to the end of the path's last node, in ms; 0 when the path is empty. */
  readonly spanMs: number;
  /** The sum of the path's node durations, in ms. */
  readonly workMs: number;
  /** `spanMs - workMs`: time the path's nodes were ready but not running. */
  readonly waitMs: number;
}

/** Finds the critical path of a timeline (see the module comment for the exact definition). */
export function findCriticalPath(timeline: Pick<RunTimeline, 'nodes' | 'startedAt'>): CriticalPath {
  const byId = new Map(timeline.nodes.map((node) => [node.id, node]));
  const counted = timeline.nodes.filter(gotGoing);
  let current = pickLatest(counted);
  if (current === undefined) return { ids: [], spanMs: 0, workMs: 0, waitMs: 0 };

  const spanMs = current.endedAt! - timeline.startedAt;
  const path: NodeTiming[] = [];
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(current.id)) {
    // `seen` only matters for hand-written events with a cycle; recorded runs cannot have one.
    seen.add(current.id);
    path.push(current);
    const startedAt = current.startedAt ?? Number.POSITIVE_INFINITY;
    const before = [...current.deps, ...current.lockHolders]
      .map((id) => byId.get(id))
      .filter((n): n is NodeTiming => n !== undefined && gotGoing(n) && n.endedAt! <= startedAt);
    current = pickLatest(before);
  }
  path.reverse();
  const workMs = path.reduce((sum, node) => sum + node.durationMs, 0);
  return { ids: path.map((node) => node.id), spanMs, workMs, waitMs: Math.max(0, spanMs - workMs) };
}

function gotGoing(node: NodeTiming): boolean {
  return node.endedAt !== undefined && (node.outcome !== 'skipped' || releasedDependents(node));
}

/** The node that ended last; ties to the longer one, then to the earlier in execution order. */
function pickLatest(nodes: readonly NodeTiming[]): NodeTiming | undefined {
  let best: NodeTiming | undefined;
  for (const node of nodes) {
    if (best === undefined) best = node;
    else if (node.endedAt! !== best.endedAt!) best = node.endedAt! > best.endedAt! ? node : best;
    else if (node.durationMs !== best.durationMs) best = node.durationMs > best.durationMs ? node : best;
    else if (node.index < best.index) best = node;
  }
  return best;
}
