/**
 * Selection: which nodes of a valid graph a command touches.
 *
 * Deals with: `--only` (ids or groups, plus what they need), `--no-deps`, `--from`, and `down`'s
 * "the named nodes and everything that depends on them".
 * Does not deal with: order (the scheduler derives it) or whether a node is already done (checks do).
 */
import { closestName } from './did-you-mean.ts';
import type { RunMode } from './types.ts';
import type { ValidGraph } from './validate.ts';

/** What the user asked for. */
export interface SelectionRequest {
  readonly mode: RunMode;
  /** `--only`: node ids or group names. `undefined` or empty means the whole graph. */
  readonly only?: readonly string[];
  /** `--no-deps`: take the named nodes alone, without what they need (up) or what needs them (down). */
  readonly noDeps?: boolean;
  /** `--from`: these nodes and everything downstream of them (up only). */
  readonly from?: readonly string[];
}

export type SelectionResult =
  | { readonly ok: true; readonly ids: ReadonlySet<string> }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Resolves the request against the graph; unknown names and conflicting options are problems. */
export function selectSubgraph(graph: ValidGraph, request: SelectionRequest): SelectionResult {
  const only = request.only ?? [];
  const from = request.from ?? [];
  const problems: string[] = [];
  if (from.length > 0 && only.length > 0) problems.push('--from cannot be combined with --only');
  if (from.length > 0 && request.mode === 'down') problems.push('--from is for up; down already removes everything downstream');
  if (request.noDeps && only.length === 0) problems.push('--no-deps needs --only to name the tasks to run');
  const named = resolveNames(graph, [...only, ...from], problems);
  if (problems.length > 0) return { ok: false, problems };

  if (only.length === 0 && from.length === 0) return { ok: true, ids: new Set(graph.order) };
  if (request.noDeps) return { ok: true, ids: named };
  const towardDependents = from.length > 0 || request.mode === 'down';
  return { ok: true, ids: closure(graph, named, towardDependents) };
}

/** Expands names into node ids; unknown ones are reported with the list of valid names. */
export function resolveNames(graph: ValidGraph, names: readonly string[], problems: string[]): Set<string> {
  const ids = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    const members = graph.groups.get(name);
    if (members) members.forEach((id) => ids.add(id));
    if (graph.nodes.has(name)) ids.add(name);
    if (!members && !graph.nodes.has(name)) problems.push(unknownNameMessage(graph, name));
  }
  return ids;
}

function unknownNameMessage(graph: ValidGraph, name: string): string {
  const candidates = [...graph.groups.keys(), ...graph.order];
  const guess = closestName(name, candidates);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  const groups = [...graph.groups.keys()].sort().join(', ') || '(none)';
  return `unknown task or group "${name}"${hint}. Groups: ${groups}. Tasks: ${graph.order.join(', ')}`;
}

/** `start` plus everything reachable through deps (or through dependents). Linear in the graph's size. */
function closure(graph: ValidGraph, start: ReadonlySet<string>, towardDependents: boolean): Set<string> {
  const result = new Set(start);
  const queue = [...start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const next = towardDependents ? graph.dependents.get(id)! : graph.nodes.get(id)!.deps;
    for (const n of next) {
      if (!result.has(n)) {
        result.add(n);
        queue.push(n);
      }
    }
  }
  return result;
}
