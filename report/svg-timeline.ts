/**
 * The run's timeline as inline SVG: one row per node, a bar from start to end coloured by outcome, the
 * lock wait before it in amber, the time queued (ready but not started) as a thin grey line, retries as
 * white ticks, and the critical path's rows highlighted.
 *
 * Deals with: geometry and markup. Does not deal with: the page around it (format-html.ts).
 */
import { formatDuration } from '../run-output/format.ts';
import type { CriticalPath } from './critical-path.ts';
import { byStart, describeOutcome } from './describe.ts';
import { escapeHtml, truncate } from './escape-html.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

const WIDTH = 1100;
const LABEL = 250;
const RIGHT_PAD = 24;
const AXIS = 30;
const ROW = 24;
const BAR = 14;
/** Width of one character of the 12px monospace font, to keep labels inside the picture. */
const CHAR_WIDTH = 7.3;

/** Tick steps to choose from, in ms: the smallest that gives at most 10 ticks wins. */
const STEPS = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** The timeline's `<svg>` element. */
export function timelineSvg(timeline: RunTimeline, path: CriticalPath): string {
  const critical = new Set(path.ids);
  const rows = byStart(timeline.nodes);
  const spanMs = Math.max(1, timeline.endedAt - timeline.startedAt);
  const chart = WIDTH - LABEL - RIGHT_PAD;
  const x = (at: number) => LABEL + ((at - timeline.startedAt) / spanMs) * chart;
  const height = AXIS + rows.length * ROW + 8;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Timeline of the run">`,
  ];
  const step = STEPS.find((s) => spanMs / s <= 10) ?? STEPS.at(-1)!;
  for (let t = 0; t <= spanMs; t += step) {
    const tx = num(x(timeline.startedAt + t));
    parts.push(`<line class="tick" x1="${tx}" y1="${AXIS - 6}" x2="${tx}" y2="${height - 4}"/>`);
    parts.push(`<text class="tick-label" x="${tx}" y="${AXIS - 10}" text-anchor="middle">${tickLabel(t, step)}</text>`);
  }
  rows.forEach((node, i) => {
    parts.push(...rowSvg(node, AXIS + i * ROW, critical.has(node.id), timeline, x));
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function rowSvg(node: NodeTiming, top: number, critical: boolean, timeline: RunTimeline, x: (at: number) => number): string[] {
  const parts: string[] = [];
  const mid = top + ROW / 2;
  if (critical) parts.push(`<rect class="critical-row" x="0" y="${top}" width="${WIDTH}" height="${ROW}"/>`);
  const label = `${critical ? '◆ ' : ''}${truncate(node.id, 32)}`;
  parts.push(`<text class="label${critical ? ' critical' : ''}" x="${LABEL - 10}" y="${mid + 4}" text-anchor="end">${escapeHtml(label)}</text>`);

  const outcome = describeOutcome(node, timeline.mode);
  if (node.startedAt === undefined || node.endedAt === undefined) {
    // A node that was ready but never started still shows what it waited for, under its outcome.
    parts.push(...waitSvg(node, node.readyAt === undefined ? undefined : timeline.endedAt, mid + 7, x));
    const waited = node.waitedForLockMs > 0 ? ` · waited ${formatDuration(node.waitedForLockMs)} for lock ${node.locks.join(', ')}` : '';
    parts.push(`<text class="not-run" x="${LABEL + 4}" y="${mid + 2}">${escapeHtml(outcome + waited)}</text>`);
    return parts;
  }
  const start = x(node.startedAt);
  parts.push(...waitSvg(node, node.startedAt, mid, x));
  const width = Math.max(2, x(node.endedAt) - start);
  const tip = `${node.id}: ${outcome}; started at +${formatDuration(node.startedAt - timeline.startedAt)}, took ${formatDuration(node.durationMs)}`;
  parts.push(
    `<rect class="bar ${node.outcome}${critical ? ' critical' : ''}" x="${num(start)}" y="${mid - BAR / 2}" width="${num(width)}" height="${BAR}" rx="2"><title>${escapeHtml(tip)}</title></rect>`,
  );
  for (const retry of node.retries) {
    const rx = num(x(retry.at));
    parts.push(`<line class="retry" x1="${rx}" y1="${mid - BAR / 2 + 1}" x2="${rx}" y2="${mid + BAR / 2 - 1}"/>`);
  }
  const text = `${formatDuration(node.durationMs)}${node.outcome === 'done' && node.attempts <= 1 ? '' : ` · ${outcome}`}`;
  // The duration goes after the bar; near the right edge, inside the bar if it is long enough, else before it.
  const textWidth = text.length * CHAR_WIDTH;
  const place =
    start + width + 6 + textWidth <= WIDTH
      ? { x: start + width + 6, cls: 'bar-text', anchor: '' }
      : width >= textWidth + 12
        ? { x: start + width - 6, cls: 'bar-text inside', anchor: ' text-anchor="end"' }
        : { x: Math.max(LABEL + textWidth, start - 6), cls: 'bar-text', anchor: ' text-anchor="end"' };
  parts.push(`<text class="${place.cls}" x="${num(place.x)}" y="${mid + 4}"${place.anchor}>${escapeHtml(text)}</text>`);
  return parts;
}

/** The dashed "ready, not started" line up to `until`, and the amber lock wait within it. */
function waitSvg(node: NodeTiming, until: number | undefined, y: number, x: (at: number) => number): string[] {
  const parts: string[] = [];
  if (until === undefined || node.readyAt === undefined || until <= node.readyAt) return parts;
  parts.push(`<line class="queued" x1="${num(x(node.readyAt))}" y1="${y}" x2="${num(x(until))}" y2="${y}"/>`);
  if (node.lockWaitFrom !== undefined && node.waitedForLockMs > 0) {
    const from = x(node.lockWaitFrom);
    const to = x(node.lockWaitFrom + node.waitedForLockMs);
    const tip = `waited ${formatDuration(node.waitedForLockMs)} for lock ${node.locks.join(', ')}`;
    parts.push(`<rect class="lock-wait" x="${num(from)}" y="${y - 3}" width="${num(Math.max(1, to - from))}" height="6"><title>${escapeHtml(tip)}</title></rect>`);
  }
  return parts;
}

function tickLabel(ms: number, step: number): string {
  if (step < 1000) return `${(ms / 1000).toFixed(step % 100 === 0 ? 1 : 2)}s`;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  return minutes > 0 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** Coordinates with one decimal: enough for a screen, and stable text for tests. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
