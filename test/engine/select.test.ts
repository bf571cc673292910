import { describe, expect, it } from 'vitest';
import { selectSubgraph, validateGraph, type ValidGraph } from '../../engine/index.ts';
import { plainNode } from './fake-graph.ts';

//  ns ──► secrets ──► prereqs ──► datahub
//   └───► infra-secrets ──► infra
//   └───► example
const node = plainNode;
function graph(): ValidGraph {
  const result = validateGraph([
    node('ns'),
    node('secrets', ['ns'], ['datahub']),
    node('prereqs', ['secrets'], ['datahub']),
    node('datahub', ['prereqs'], ['datahub']),
    node('infra-secrets', ['ns'], ['infra']),
    node('infra', ['infra-secrets'], ['infra']),
    node('example', ['ns'], ['example']),
  ]);
  if (!result.ok) throw new Error('bad test graph');
  return result.graph;
}
const ids = (r: ReturnType<typeof selectSubgraph>) => (r.ok ? [...r.ids].sort() : r.problems);

describe('selectSubgraph', () => {
  it('selects everything by default', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up' }))).toHaveLength(7);
  });

  it('--only a group adds its transitive dependencies', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up', only: ['infra'] }))).toEqual(['infra', 'infra-secrets', 'ns']);
  });

  it('--only takes node ids and groups together', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up', only: ['example', 'prereqs'] }))).toEqual([
      'example',
      'ns',
      'prereqs',
      'secrets',
    ]);
  });

  it('--no-deps takes the named nodes alone', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up', only: ['infra'], noDeps: true }))).toEqual(['infra', 'infra-secrets']);
  });

  it('--from takes the node and everything downstream', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up', from: ['secrets'] }))).toEqual(['datahub', 'prereqs', 'secrets']);
  });

  it('down of a part takes what depends on it, nothing else', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'down', only: ['prereqs'] }))).toEqual(['datahub', 'prereqs']);
    expect(ids(selectSubgraph(graph(), { mode: 'down', only: ['ns'] }))).toHaveLength(7);
  });

  it('an unknown name lists the valid names, with a suggestion', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'up', only: ['infar'] }))).toEqual([
      'unknown task or group "infar" (did you mean "infra"?). Groups: datahub, example, infra. ' +
        'Tasks: ns, secrets, infra-secrets, example, prereqs, infra, datahub',
    ]);
  });

  it('rejects conflicting options, all at once', () => {
    expect(ids(selectSubgraph(graph(), { mode: 'down', only: ['ns'], from: ['ns'] }))).toEqual([
      '--from cannot be combined with --only',
      '--from is for up; down already removes everything downstream',
    ]);
    expect(ids(selectSubgraph(graph(), { mode: 'up', noDeps: true }))).toEqual(['--no-deps needs --only to name the tasks to run']);
  });
});
