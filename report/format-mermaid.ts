/**
 * The run as a Mermaid `gantt` chart (renders on GitHub, in GitLab and most Markdown viewers).
 *
 * ```
 * gantt
 *   title up failed after 3m04s · critical path namespaces → datahub
 *   dateFormat x
 *   axisFormat %H:%M:%S
 *   section up
 *   namespaces :crit, t0, 1010, 1200ms
 *   section datahub
 *   secrets (skipped#58; already done) :done, t1, 2210, 90ms
 *   datahub (failed after 3 attempts) :crit, active, t2, 2400, 182000ms
 *   %% not run: frontend (skipped, dependency failed)
 * ```
 * One section per group (a node's first `--only` group), in the order they started; nodes without a group
 * come first, in a section named after the run's mode (all of them, for runs recorded without groups).
 * Bars start at their real time (epoch ms: `dateFormat x`) and last their duration. Critical-path tasks are
 * tagged `crit`, failed ones `active` (Mermaid has no "failed" tag), skipped ones `done` (grey), and a skip
 * that took no time is a `milestone`. Nodes that never started have no bar; a comment lists them.
 *
 * Deals with: Mermaid's syntax limits (task text cannot hold `:`, `#` or `;`, nor start with a keyword). Those
 * characters are written as Mermaid's entity codes (`#58;` for `:`), which it draws as the real character, so
 * a label reads `namespace:datahub`, as everywhere else.
 */
import type { CriticalPath } from './critical-path.ts';
import { byStart, describeOutcome, describePathIds, describeRun } from './describe.ts';
import type { NodeTiming, RunTimeline } from './timeline.ts';

/** The chart's source, ending with a newline. */
export function formatMermaid(timeline: RunTimeline, path: CriticalPath): string {
  const critical = new Set(path.ids);
  const lines = [
    'gantt',
    `  title ${sanitizeLine(`${describeRun(timeline)} · critical path ${describePathIds(path)}`)}`,
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
  ];
  const notRun: string[] = [];
  const sections = new Map<string, string[]>([[timeline.mode, []]]);
  for (const node of byStart(timeline.nodes)) {
    if (node.startedAt === undefined) {
      notRun.push(labelOf(node, timeline));
      continue;
    }
    const tags = [
      ...(critical.has(node.id) ? ['crit'] : []),
      ...(node.outcome === 'failed' || node.outcome === 'interrupted' ? ['active'] : []),
      ...(node.outcome === 'skipped' ? [node.durationMs === 0 ? 'milestone' : 'done'] : []),
    ];
    const data = [...tags, `t${node.index}`, String(node.startedAt), `${Math.max(0, Math.round(node.durationMs))}ms`];
    const section = node.groups[0] ?? timeline.mode;
    if (!sections.has(section)) sections.set(section, []);
    sections.get(section)!.push(`  ${sanitizeTaskText(labelOf(node, timeline))} :${data.join(', ')}`);
  }
  for (const [name, tasks] of sections) {
    if (tasks.length === 0 && sections.size > 1) continue;
    lines.push(`  section ${sanitizeLine(name)}`, ...tasks);
  }
  if (notRun.length > 0) lines.push(`  %% not run: ${sanitizeLine(notRun.join(', '))}`);
  return lines.join('\n') + '\n';
}

/** `namespaces`, or `datahub (failed after 3 attempts)` when it did not simply run. */
function labelOf(node: NodeTiming, timeline: RunTimeline): string {
  if (node.outcome === 'done' && node.attempts <= 1) return node.id;
  return `${node.id} (${describeOutcome(node, timeline.mode)})`;
}

/** Mermaid's entity codes, which it turns back into the character when it draws. */
const ENTITY: Readonly<Record<string, string>> = { '#': '#35;', ';': '#59;', ':': '#58;' };

/** Text safe in a title or comment: no newlines, and `#` or `;` (which end a statement) as entity codes. */
function sanitizeLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[#;]/g, (c) => ENTITY[c]!);
}

// The lexer tries keyword rules before task text, case-insensitively, so a task named e.g. "gantt-prep" or
// "title-page" would be read as a keyword. A zero-width space in front (not whitespace to the lexer) avoids it.
const KEYWORD_START =
  /^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|displaymode|title|acc|section|click|href|call|%|\d)/i;

/** Task text: `:` too (it separates the text from the task's data) as its entity code, drawn as a real `:`. */
export function sanitizeTaskText(text: string): string {
  const safe = text.replace(/[\r\n]+/g, ' ').replace(/[#;:]/g, (c) => ENTITY[c]!).trim() || '_';
  return KEYWORD_START.test(safe) ? `\u200B${safe}` : safe;
}
