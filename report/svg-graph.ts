/**
 * The run's graph as a simple layered SVG: a node's column is the length of its longest dependency chain,
 * nodes in a column are ordered by where their dependencies sit (one barycenter pass, which removes most
 * crossings in graphs this size), boxes are coloured by outcome and the critical path's edges are bold.
 *
 * Deals with: layout and markup. Does not deal with: the page around it (format-html.ts).
 */
import type { CriticalPath } from './critical-path.ts';
import { escapeHtml, truncate } from './escape-html.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

/** Box width fits the longest id up to this many characters; longer ids are cut with `…`. */
const MAX_CHARS = 30;
/** Width of one character of the 12px monospace font. */
const CHAR_WIDTH = 7.3;
const BOX_H = 28;
const COL_GAP = 44;
const ROW_GAP = 12;
const MARGIN = 16;

interface Placed {
  readonly node: NodeTiming;
  readonly x: number;
  readonly y: number;
}

/** The graph's `<svg>` element. */
export function graphSvg(timeline: RunTimeline, path: CriticalPath): string {
  const chars = Math.min(MAX_CHARS, Math.max(8, ...timeline.nodes.map((n) => n.id.length)));
  const BOX_W = Math.ceil(chars * CHAR_WIDTH + 16);
  const placed = layout(timeline.nodes, BOX_W);
  const critical = new Set(path.ids);
  const criticalEdges = new Set(path.ids.slice(1).map((id, i) => `${path.ids[i]}\u0000${id}`));
  const width = Math.max(BOX_W + 2 * MARGIN, ...[...placed.values()].map((p) => p.x + BOX_W + MARGIN));
  const height = Math.max(BOX_H + 2 * MARGIN, ...[...placed.values()].map((p) => p.y + BOX_H + MARGIN));

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Task graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker>',
    '<marker id="arrow-critical" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head critical"/></marker></defs>',
  ];
  // Plain edges first, so that the critical path's edges are drawn on top of them.
  const edges = [...placed.values()].flatMap((to) =>
    to.node.deps.flatMap((depId) => {
      const from = placed.get(depId);
      return from === undefined ? [] : [{ from, to, critical: criticalEdges.has(`${depId}\u0000${to.node.id}`) }];
    }),
  );
  edges.sort((a, b) => Number(a.critical) - Number(b.critical));
  for (const edge of edges) {
    const x1 = edge.from.x + BOX_W;
    const y1 = edge.from.y + BOX_H / 2;
    const x2 = edge.to.x;
    const y2 = edge.to.y + BOX_H / 2;
    const bend = (x2 - x1) / 2;
    parts.push(
      `<path class="edge${edge.critical ? ' critical' : ''}" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" marker-end="url(#${edge.critical ? 'arrow-critical' : 'arrow'})"/>`,
    );
  }
  for (const { node, x, y } of placed.values()) {
    const isCritical = critical.has(node.id);
    parts.push(
      `<g class="node ${node.outcome}${isCritical ? ' critical' : ''}${node.startedAt === undefined ? ' not-run' : ''}"><title>${escapeHtml(node.id)}</title>`,
      `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="5"/>`,
      `<text x="${x + BOX_W / 2}" y="${y + BOX_H / 2 + 4}" text-anchor="middle">${escapeHtml(truncate(node.id, MAX_CHARS))}</text></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Columns by longest dependency chain; rows within a column by the mean row of the node's dependencies. */
function layout(nodes: readonly NodeTiming[], boxWidth: number): Map<string, Placed> {
  const ids = new Set(nodes.map((n) => n.id));
  const layer = new Map<string, number>();
  // Nodes come in execution order, which is topological: dependencies are placed before their dependents.
  for (const node of nodes) {
    const deps = node.deps.filter((d) => ids.has(d));
    layer.set(node.id, deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => layer.get(d) ?? 0)));
  }
  const columns: NodeTiming[][] = [];
  for (const node of nodes) (columns[layer.get(node.id)!] ??= []).push(node);

  const row = new Map<string, number>();
  const placed = new Map<string, Placed>();
  columns.forEach((column, col) => {
    const weight = (node: NodeTiming) => {
      const rows = node.deps.map((d) => row.get(d)).filter((r): r is number => r !== undefined);
      return rows.length === 0 ? node.index : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const ordered = col === 0 ? column : [...column].sort((a, b) => weight(a) - weight(b) || a.index - b.index);
    ordered.forEach((node, i) => {
      row.set(node.id, i);
      placed.set(node.id, { node, x: MARGIN + col * (boxWidth + COL_GAP), y: MARGIN + i * (BOX_H + ROW_GAP) });
    });
  });
  return placed;
}
