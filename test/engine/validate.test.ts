import { describe, expect, it } from 'vitest';
import { validateGraph, type TaskNode } from '../../engine/index.ts';
import { plainNode } from './fake-graph.ts';

const node = plainNode;

describe('validateGraph', () => {
  it('accepts a valid graph and orders dependencies first', () => {
    //   a → b → d
    //   a → c → d
    const result = validateGraph([node('d', ['b', 'c']), node('b', ['a']), node('c', ['a']), node('a')]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.graph.order).toEqual(['a', 'b', 'c', 'd']);
    expect(result.graph.dependents.get('a')).toEqual(['b', 'c']);
  });

  it('suggests the closest id for an unknown dependency', () => {
    const result = validateGraph([node('namespace:datahub'), node('datahub', ['namespace:datahb'])]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([
      'task "datahub" depends on unknown task "namespace:datahb" (did you mean "namespace:datahub"?)',
    ]);
  });

  it('gives no suggestion when nothing is close', () => {
    const result = validateGraph([node('alpha', ['zzzzzzzz'])]);
    expect(!result.ok && result.problems[0]!.message).toBe('task "alpha" depends on unknown task "zzzzzzzz"');
  });

  it('prints a cycle as its path', () => {
    const result = validateGraph([node('a', ['c']), node('b', ['a']), node('c', ['b']), node('x')]);
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual(['dependency cycle: a -> c -> b -> a']);
  });

  it('reports a self-dependency as a cycle', () => {
    const result = validateGraph([node('a', ['a'])]);
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual(['dependency cycle: a -> a']);
  });

  it('reports every problem at once', () => {
    const result = validateGraph(
      [node('a'), node('a'), node('b', ['nope']), node('c', ['d']), node('d', ['c']), node('e', [], ['', 'ok'])],
      { declaredGroups: ['datahub'] },
    );
    expect(!result.ok && result.problems.map((p) => `${p.reason}: ${p.message}`)).toEqual([
      'duplicate-id: duplicate task id "a" (defined 2 times)',
      'unknown-dependency: task "b" depends on unknown task "nope"',
      'empty-group: task "e" names an empty group ""',
      'empty-group: group "datahub" has no tasks',
      'cycle: dependency cycle: c -> d -> c',
    ]);
  });

  it('rejects an empty groups list', () => {
    const result = validateGraph([node('a', [], [])]);
    expect(!result.ok && result.problems[0]!.message).toBe('task "a" has an empty groups list (omit it instead)');
  });

  it('collects groups in topological order', () => {
    const result = validateGraph([node('b', ['a'], ['g']), node('a', [], ['g'])]);
    expect(result.ok && [...result.graph.groups.get('g')!]).toEqual(['a', 'b']);
  });
});
