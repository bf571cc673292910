/**
 * The run report as one self-contained HTML page: the timeline, failures in red with the tail of their
 * output, the graph, and the table of times. Inline CSS and SVG only — no scripts, fonts or images — and a
 * Content-Security-Policy that forbids fetching anything, so the file opens offline and cannot phone home.
 *
 * Deals with: the page and its styles; every piece of recorded text is escaped (logs may hold anything).
 * Does not deal with: writing the file (cli/report-command.ts).
 */
import { formatDuration } from '../run-output/format.ts';
import type { CriticalPath } from './critical-path.ts';
import { byStart, describeOutcome, describePathIds, describePathTime, describeRun, describeSize } from './describe.ts';
import { escapeHtml } from './escape-html.ts';
import { graphSvg } from './svg-graph.ts';
import { timelineSvg } from './svg-timeline.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

/** What the page needs besides the timeline and its critical path. */
export interface HtmlOptions {
  /** Shown in the title and heading; `undefined` leaves it out. */
  readonly runId?: string;
  /** Log file per node id, shown under failures; a missing entry means "no log file". */
  readonly logPaths?: ReadonlyMap<string, string>;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #fff; margin: 0; padding: 20px 28px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h1.failed, h1.interrupted { color: #b91c1c; } h1.success { color: #15803d; } h1.unfinished { color: #6d28d9; }
h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.meta { color: #4b5563; margin: 0; }
.path { background: #fef3c7; border-left: 4px solid #d97706; padding: 6px 10px; margin: 10px 0 0; }
.fit svg { max-width: 100%; height: auto; }
svg text { font: 12px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #111827; }
.tick { stroke: #e5e7eb; } .tick-label { fill: #6b7280; }
.critical-row { fill: #fef3c7; }
.label.critical { font-weight: bold; }
.not-run { fill: #9ca3af; font-style: italic; }
.queued { stroke: #9ca3af; stroke-width: 1.5; stroke-dasharray: 3 2; }
.lock-wait { fill: #f59e0b; }
.bar.done { fill: #2563eb; } .bar.skipped { fill: #9ca3af; } .bar.failed { fill: #dc2626; }
.bar.interrupted { fill: #ea580c; } .bar.unfinished { fill: #7c3aed; }
.bar.critical { stroke: #111827; stroke-width: 2; }
.retry { stroke: #fff; stroke-width: 2; }
.bar-text { fill: #374151; } .bar-text.inside { fill: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: #374151; font-size: 13px; margin: 6px 0 0; padding: 0; list-style: none; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: middle; border-radius: 2px; }
.sw-done { background: #2563eb; } .sw-skipped { background: #9ca3af; } .sw-failed { background: #dc2626; }
.sw-lock { background: #f59e0b; height: 6px !important; } .sw-critical { background: #fef3c7; outline: 2px solid #111827; }
.failure { border: 1px solid #fca5a5; border-left: 6px solid #dc2626; background: #fef2f2; padding: 8px 12px; margin: 0 0 12px; }
.failure h3 { color: #b91c1c; margin: 0 0 6px; font-size: 15px; }
.failure pre { background: #fff; border: 1px solid #fecaca; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-word; font-size: 12px; }
.failure pre.error { color: #991b1b; font-weight: 600; }
.failure p { margin: 4px 0; }
.graph rect { fill: #dbeafe; stroke: #2563eb; stroke-width: 1.2; }
.graph .skipped rect { fill: #f3f4f6; stroke: #9ca3af; } .graph .failed rect { fill: #fee2e2; stroke: #dc2626; }
.graph .interrupted rect { fill: #ffedd5; stroke: #ea580c; } .graph .unfinished rect { fill: #ede9fe; stroke: #7c3aed; }
.graph .not-run rect { stroke-dasharray: 4 3; } .graph .not-run text { fill: #6b7280; }
.graph .critical rect { stroke: #111827; stroke-width: 2.5; }
.edge { fill: none; stroke: #9ca3af; stroke-width: 1.3; } .edge.critical { stroke: #d97706; stroke-width: 3; }
.arrow-head { fill: #9ca3af; } .arrow-head.critical { fill: #d97706; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #f3f4f6; white-space: nowrap; }
td.num, th.num { text-align: right; }
tr.critical td { background: #fef3c7; font-weight: 600; }
tr.failed td, tr.interrupted td { color: #b91c1c; }
.warnings li { color: #92400e; }
`;

/** The whole page. */
export function formatHtml(timeline: RunTimeline, path: CriticalPath, options: HtmlOptions = {}): string {
  const verdict = describeRun(timeline);
  const run = options.runId === undefined ? '' : `run ${options.runId} · `;
  const started = new Date(timeline.startedAt).toISOString();
  const failures = timeline.nodes.filter((n) => n.outcome === 'failed' || n.outcome === 'interrupted');
  const body = [
    `<header><h1 class="${timeline.outcome}">${escapeHtml(verdict)}</h1>`,
    `<p class="meta">${escapeHtml(`${run}started ${started} · ${describeSize(timeline)}`)}</p>`,
    `<p class="path"><strong>Critical path:</strong> ${escapeHtml(describePathIds(path))}<br>${escapeHtml(describePathTime(path, timeline))}</p></header>`,
    '<section><h2>Timeline</h2>',
    `<div class="fit">${timelineSvg(timeline, path)}</div>`,
    '<ul class="legend"><li><i class="sw-done"></i>ran</li><li><i class="sw-skipped"></i>skipped</li><li><i class="sw-failed"></i>failed</li>',
    '<li><i class="sw-lock"></i>waiting for a lock</li><li><i class="sw-critical"></i>critical path</li><li>dashed line: ready, waiting to start · white ticks: retries</li></ul></section>',
    ...(failures.length === 0 ? [] : ['<section><h2>Failures</h2>', ...failures.map((n) => failureHtml(n, options)), '</section>']),
    '<section><h2>Graph</h2>',
    `<p class="meta">Arrows point from what had to finish first to what waited for it${timeline.mode === 'down' ? ' (in a down, dependents are removed first)' : ''}.</p>`,
    `<div class="fit">${graphSvg(timeline, path)}</div></section>`,
    `<section><h2>Tasks</h2>${tableHtml(timeline, path)}</section>`,
    ...(timeline.warnings.length === 0
      ? []
      : ['<section><h2>Warnings</h2><ul class="warnings">', ...timeline.warnings.map((w) => `<li>${escapeHtml(w)}</li>`), '</ul></section>']),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${verdict}${options.runId === undefined ? '' : ` — ${options.runId}`}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function failureHtml(node: NodeTiming, options: HtmlOptions): string {
  const attempts = node.attempts > 1 ? ` after ${node.attempts} attempts` : '';
  const parts = [
    `<article class="failure"><h3>✖ ${escapeHtml(`${node.id} ${node.outcome}${attempts}, ${formatDuration(node.durationMs)}`)}</h3>`,
    `<pre class="error">${escapeHtml(node.error ?? node.outcome)}</pre>`,
  ];
  for (const retry of node.retries) {
    parts.push(`<p>${escapeHtml(`attempt ${retry.attempt - 1} failed: ${retry.error}; retried after ${formatDuration(retry.delayMs)}`)}</p>`);
  }
  if (node.tail.length > 0) parts.push('<p>Last output:</p>', `<pre class="tail">${escapeHtml(node.tail.join('\n'))}</pre>`);
  const log = options.logPaths?.get(node.id);
  if (log !== undefined) parts.push(`<p>Log: <code>${escapeHtml(log)}</code></p>`);
  parts.push('</article>');
  return parts.join('\n');
}

function tableHtml(timeline: RunTimeline, path: CriticalPath): string {
  const critical = new Set(path.ids);
  const time = (ms: number | undefined) => (ms === undefined ? '-' : formatDuration(ms));
  const rows = byStart(timeline.nodes).map((n) => {
    const started = n.startedAt !== undefined;
    const cells = [
      `<td>${critical.has(n.id) ? '◆ ' : ''}${escapeHtml(n.id)}</td>`,
      `<td class="num">${started ? time(n.startedAt! - timeline.startedAt) : '-'}</td>`,
      `<td class="num">${started ? time(n.durationMs) : '-'}</td>`,
      `<td class="num">${time(n.waitedForDepsMs)}</td>`,
      `<td class="num">${n.waitedForLockMs > 0 ? time(n.waitedForLockMs) : '-'}</td>`,
      `<td>${escapeHtml(describeOutcome(n, timeline.mode))}</td>`,
    ];
    return `<tr class="${n.outcome}${critical.has(n.id) ? ' critical' : ''}">${cells.join('')}</tr>`;
  });
  const head = '<tr><th>task</th><th class="num">start</th><th class="num">took</th><th class="num">deps wait</th><th class="num">lock wait</th><th>outcome</th></tr>';
  return `<table><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
