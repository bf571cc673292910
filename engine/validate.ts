/**
 * Validation: turns a list of nodes into a frozen, checked graph, or reports every problem at once.
 *
 * Deals with: duplicate ids, unknown dependencies (with suggestions), cycles (as paths), bad groups,
 * and the derived structure the scheduler needs (topological order, dependents, groups).
 * Does not deal with: running anything. The scheduler accepts only a {@link ValidGraph}.
 */
import { didYouMean } from './did-you-mean.ts';
import type { TaskNode } from './types.ts';

/** One problem with a graph definition; `reason` is stable for code, `message` is for people. */
export interface GraphProblem {
  readonly reason: 'duplicate-id' | 'unknown-dependency' | 'cycle' | 'empty-group';
  readonly message: string;
}

/** A graph that passed validation. Only {@link validateGraph} makes these. */
export interface ValidGraph {
  /** Nodes by id. */
  readonly nodes: ReadonlyMap<string, TaskNode>;
  /** Every id in a topological order (dependencies first), stable with respect to definition order. */
  readonly order: readonly string[];
  /** Position of each id in {@link order}. */
  readonly position: ReadonlyMap<string, number>;
  /** For each id, the ids that depend on it directly. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Group name → member ids, in topological order. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

export type ValidationResult =
  | { readonly ok: true; readonly graph: ValidGraph }
  | { readonly ok: false; readonly problems: readonly GraphProblem[] };

/** Options for {@link validateGraph}. */
export interface ValidateOptions {
  /** Group names the graph promises to have (e.g. documented ones); one with no member is a problem. */
  readonly declaredGroups?: readonly string[];
}

/** Checks `nodes` and returns the frozen graph, or every problem found. */
export function validateGraph(nodes: readonly TaskNode[], options: ValidateOptions = {}): ValidationResult {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, TaskNode>();
  const counts = new Map<string, number>();
  for (const node of nodes) {
    counts.set(node.id, (counts.get(node.id) ?? 0) + 1);
    if (!byId.has(node.id)) byId.set(node.id, node);
  }
  for (const [id, count] of counts) {
    if (count > 1) problems.push({ reason: 'duplicate-id', message: `duplicate task id "${id}" (defined ${count} times)` });
  }
  for (const node of byId.values()) {
    for (const dep of node.deps) {
      if (!byId.has(dep)) {
        problems.push({
          reason: 'unknown-dependency',
          message: `task "${node.id}" depends on unknown task "${dep}"${didYouMean(dep, byId.keys())}`,
        });
      }
    }
  }
  const groups = collectGroups(byId, options.declaredGroups ?? [], problems);
  for (const cycle of findCycles(byId)) {
    problems.push({ reason: 'cycle', message: `dependency cycle: ${cycle.join(' -> ')}` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const order = topologicalOrder(byId);
  const position = new Map(order.map((id, i) => [id, i]));
  const dependents = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const id of order) for (const dep of byId.get(id)!.deps) dependents.get(dep)!.push(id);
  for (const members of groups.values()) members.sort((a, b) => position.get(a)! - position.get(b)!);
  return { ok: true, graph: Object.freeze({ nodes: byId, order, position, dependents, groups }) };
}

function collectGroups(byId: Map<string, TaskNode>, declared: readonly string[], problems: GraphProblem[]) {
  const groups = new Map<string, string[]>(declared.map((g) => [g, []]));
  for (const node of byId.values()) {
    if (node.groups && node.groups.length === 0) {
      problems.push({ reason: 'empty-group', message: `task "${node.id}" has an empty groups list (omit it instead)` });
    }
    for (const group of node.groups ?? []) {
      if (group.trim() === '') {
        problems.push({ reason: 'empty-group', message: `task "${node.id}" names an empty group ""` });
        continue;
      }
      let members = groups.get(group);
      if (!members) groups.set(group, (members = []));
      members.push(node.id);
    }
  }
  for (const [group, members] of groups) {
    if (members.length === 0) problems.push({ reason: 'empty-group', message: `group "${group}" has no tasks` });
  }
  return groups;
}

/**
 * Every distinct cycle reachable by an iterative depth-first search, each as a path that starts and ends
 * at its smallest id, e.g. `["a", "b", "c", "a"]`. Unknown dependencies are ignored here.
 */
function findCycles(byId: Map<string, TaskNode>): string[][] {
  const state = new Map<string, 'active' | 'finished'>();
  const seen = new Set<string>();
  const cycles: string[][] = [];
  for (const root of byId.keys()) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    const onPath: string[] = [root];
    state.set(root, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = byId.get(frame.id)!.deps;
      if (frame.next >= deps.length) {
        state.set(frame.id, 'finished');
        stack.pop();
        onPath.pop();
        continue;
      }
      const dep = deps[frame.next++]!;
      if (!byId.has(dep)) continue;
      const depState = state.get(dep);
      if (depState === 'active') {
        const cycle = normaliseCycle(onPath.slice(onPath.lastIndexOf(dep)));
        const key = cycle.join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (depState === undefined) {
        state.set(dep, 'active');
        stack.push({ id: dep, next: 0 });
        onPath.push(dep);
      }
    }
  }
  return cycles;
}

/** Rotates a cycle to start at its smallest id and closes it: [b, c, a] → [a, b, c, a]. */
function normaliseCycle(ids: string[]): string[] {
  let start = 0;
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[start]!) start = i;
  const rotated = [...ids.slice(start), ...ids.slice(0, start)];
  return [...rotated, rotated[0]!];
}

/** Kahn's algorithm, taking ready nodes in definition order so the result is deterministic. */
function topologicalOrder(byId: Map<string, TaskNode>): string[] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of byId.values()) {
    remaining.set(node.id, node.deps.length);
    for (const dep of node.deps) {
      let list = dependents.get(dep);
      if (!list) dependents.set(dep, (list = []));
      list.push(node.id);
    }
  }
  const queue = [...byId.keys()].filter((id) => remaining.get(id) === 0);
  for (let head = 0; head < queue.length; head++) {
    for (const next of dependents.get(queue[head]!) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  return queue;
}
