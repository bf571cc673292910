/**
 * The DAG as text: Mermaid (renders on GitHub and in most Markdown viewers) or Graphviz dot.
 */
import type { ValidGraph } from '../engine/index.ts';

/** Output formats of the `graph` command. */
export type GraphFormat = 'mermaid' | 'dot';

/** Renders the selected part of the graph, dependencies pointing at what needs them. */
export function formatGraph(graph: ValidGraph, selected: ReadonlySet<string>, format: GraphFormat): string {
  const ids = graph.order.filter((id) => selected.has(id));
  return format === 'dot' ? toDot(graph, ids, selected) : toMermaid(graph, ids, selected);
}

function toMermaid(graph: ValidGraph, ids: string[], selected: ReadonlySet<string>): string {
  // Mermaid ids cannot hold ':' or '/', so nodes get positional ids and the real id as their label.
  const key = new Map(ids.map((id, i) => [id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const id of ids) lines.push(`  ${key.get(id)}["${escapeMermaid(id)}"]`);
  for (const id of ids) {
    for (const dep of graph.nodes.get(id)!.deps) if (selected.has(dep)) lines.push(`  ${key.get(dep)} --> ${key.get(id)}`);
  }
  return lines.join('\n') + '\n';
}

function toDot(graph: ValidGraph, ids: string[], selected: ReadonlySet<string>): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph tasks {', '  rankdir=LR;'];
  for (const id of ids) lines.push(`  ${q(id)} [label=${q(`${id}\n${graph.nodes.get(id)!.title}`)}];`);
  for (const id of ids) {
    for (const dep of graph.nodes.get(id)!.deps) if (selected.has(dep)) lines.push(`  ${q(dep)} -> ${q(id)};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function escapeMermaid(text: string): string {
  return text.replace(/"/g, '#quot;');
}
