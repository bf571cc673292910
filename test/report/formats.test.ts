import { describe, expect, it } from 'vitest';
import { findCriticalPath } from '../../report/critical-path.ts';
import { formatHtml } from '../../report/format-html.ts';
import { formatMermaid, sanitizeTaskText } from '../../report/format-mermaid.ts';
import { formatTable } from '../../report/format-table.ts';
import { buildTimeline } from '../../report/timeline.ts';
import type { RunEvent } from '../../engine/types.ts';
import { failedRun, RUN_ID, T0 } from './fixtures.ts';
import { scriptRun } from './script.ts';

const timeline = buildTimeline(failedRun);
const path = findCriticalPath(timeline);
const logPaths = new Map([['datahub', '/state/logs/run/datahub.log']]);

describe('the timeline of the fixed run', () => {
  it('has each node\'s times as the events recorded them', () => {
    const rows = timeline.nodes.map((n) => ({
      id: n.id,
      outcome: n.skipReason ?? n.outcome,
      ready: n.readyAt === undefined ? undefined : n.readyAt - T0,
      start: n.startedAt === undefined ? undefined : n.startedAt - T0,
      end: n.endedAt === undefined ? undefined : n.endedAt - T0,
      took: n.durationMs,
      lock: n.waitedForLockMs,
      queued: n.queuedMs,
      attempts: n.attempts,
      retries: n.retries.map((r) => r.attempt),
    }));
    expect(rows).toEqual([
      { id: 'namespaces', outcome: 'done', ready: 0, start: 10, end: 1_210, took: 1_200, lock: 0, queued: 10, attempts: 1, retries: [] },
      { id: 'secrets', outcome: 'check', ready: 1_210, start: 1_210, end: 1_300, took: 90, lock: 0, queued: 0, attempts: 0, retries: [] },
      { id: 'datahub', outcome: 'failed', ready: 1_210, start: 1_400, end: 183_400, took: 182_000, lock: 190, queued: 0, attempts: 3, retries: [2, 3] },
      { id: 'frontend', outcome: 'dependency-failed', ready: undefined, start: undefined, end: undefined, took: 0, lock: 0, queued: undefined, attempts: 0, retries: [] },
      { id: 'cleanup', outcome: 'not-started', ready: 1_300, start: undefined, end: undefined, took: 0, lock: 182_200, queued: undefined, attempts: 0, retries: [] },
    ]);
    expect(timeline).toMatchObject({ mode: 'up', outcome: 'failed', durationMs: 183_500, warnings: ['journal was unreadable; starting a new one'] });
    expect(path).toEqual({ ids: ['namespaces', 'datahub'], spanMs: 183_400, workMs: 183_200, waitMs: 200 });
  });
});

describe('the terminal table', () => {
  it('lists every node with its times, marks the critical path and compares the totals', () => {
    expect(formatTable(timeline, path, { runId: RUN_ID, logPaths })).toBe(
      [
        'up failed after 3m04s · run 2026-11-22T18-03-04-123Z · 5 tasks, concurrency 2',
        '',
        '  task        start   took  deps wait  lock wait  outcome',
        '* namespaces   10ms   1.2s        0ms          -  done',
        '  secrets      1.2s   90ms       1.2s          -  skipped: already done',
        '* datahub      1.4s  3m02s       1.2s      190ms  failed after 3 attempts',
        '  frontend        -      -          -          -  skipped: dependency failed',
        '  cleanup         -      -       1.3s      3m02s  not started',
        '',
        '* critical path: namespaces → datahub',
        "  3m03s (99%) of the run's 3m04s: 3m03s working, 200ms waiting to start (lock, check or free slot)",
        '',
        'Failed:',
        '  ✖ datahub: helm upgrade --install datahub exited with code 1 …',
        '    Log: /state/logs/run/datahub.log',
        '',
        'Warnings:',
        '  ! journal was unreadable; starting a new one',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing got going', () => {
    const events = scriptRun({ a: [] }, [{ skip: 'a', at: 0, reason: 'not-started' }], { finishAt: 5 });
    const empty = buildTimeline(events);
    expect(formatTable(empty, findCriticalPath(empty))).toBe(
      [
        'up succeeded in 5ms · 1 task, concurrency 4',
        '',
        '  task  start  took  deps wait  lock wait  outcome',
        '  a         -     -        0ms          -  not started',
        '',
        '* critical path: none',
        "  no task got going in the run's 5ms",
        '',
      ].join('\n'),
    );
  });
});

describe('the Mermaid gantt chart', () => {
  it('has a bar per node that started, critical ones tagged crit', () => {
    expect(formatMermaid(timeline, path)).toBe(
      [
        'gantt',
        '  title up failed after 3m04s · critical path namespaces → datahub',
        '  dateFormat x',
        '  axisFormat %H:%M:%S',
        '  section up',
        `  namespaces :crit, t0, ${T0 + 10}, 1200ms`,
        `  secrets (skipped#58; already done) :done, t1, ${T0 + 1_210}, 90ms`,
        `  datahub (failed after 3 attempts) :crit, active, t2, ${T0 + 1_400}, 182000ms`,
        '  %% not run: frontend (skipped: dependency failed), cleanup (not started)',
        '',
      ].join('\n'),
    );
  });

  it('has a section per group, in the order they started; nodes without one come first, under the mode', () => {
    const [started, ...rest] = failedRun;
    const grouped = buildTimeline([{ ...started!, groups: { secrets: ['datahub', 'secrets'], datahub: ['datahub'], frontend: ['datahub'] } } as RunEvent, ...rest]);
    expect(grouped.nodes.map((n) => [n.id, n.groups])).toEqual([
      ['namespaces', []], ['secrets', ['datahub', 'secrets']], ['datahub', ['datahub']], ['frontend', ['datahub']], ['cleanup', []],
    ]);
    expect(formatMermaid(grouped, findCriticalPath(grouped)).split('\n').slice(4)).toEqual([
      '  section up',
      `  namespaces :crit, t0, ${T0 + 10}, 1200ms`,
      '  section datahub',
      `  secrets (skipped#58; already done) :done, t1, ${T0 + 1_210}, 90ms`,
      `  datahub (failed after 3 attempts) :crit, active, t2, ${T0 + 1_400}, 182000ms`,
      '  %% not run: frontend (skipped: dependency failed), cleanup (not started)',
      '',
    ]);
  });

  it('keeps task text within what Mermaid can parse, with entity codes Mermaid draws as the real characters', () => {
    expect(sanitizeTaskText('namespace:datahub')).toBe('namespace#58;datahub');
    expect(sanitizeTaskText('a#b;c\nd')).toBe('a#35;b#59;c d');
    expect(sanitizeTaskText('gantt-prep')).toBe('\u200Bgantt-prep');
    expect(sanitizeTaskText('Section x')).toBe('\u200BSection x');
    expect(sanitizeTaskText('2026-01-01 backup')).toBe('\u200B2026-01-01 backup');
    expect(sanitizeTaskText('helm-release')).toBe('helm-release');
  });

  it('draws a skip that took no time as a milestone', () => {
    const events = scriptRun({ 'ns:a': [], b: ['ns:a'] }, [
      { start: 'ns:a', at: 0 },
      { done: 'ns:a', at: 10 },
      { skip: 'b', at: 10, reason: 'journal' },
    ]);
    const t = buildTimeline(events);
    expect(formatMermaid(t, findCriticalPath(t)).split('\n').slice(5)).toEqual([
      '  ns#58;a :crit, t0, 0, 10ms',
      '  b (skipped#58; unchanged since the last run) :milestone, t1, 10, 0ms',
      '',
    ]);
  });
});

describe('the HTML page', () => {
  const html = formatHtml(timeline, path, { runId: RUN_ID, logPaths });

  it('needs nothing from the network', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('escapes recorded text', () => {
    expect(html).toContain('Error: UPGRADE FAILED: &lt;pods&gt; &amp; &quot;jobs&quot; not ready');
    expect(html).not.toContain('<pods>');
  });

  it('shows the failure with its tail and log, and highlights the critical path', () => {
    expect(html).toContain('<h3>✖ datahub failed after 3 attempts, 3m02s</h3>');
    expect(html).toContain('<pre class="tail">Release &quot;datahub&quot; does not exist. Installing it now.\nError: timed out waiting for the condition</pre>');
    expect(html).toContain('<p>Log: <code>/state/logs/run/datahub.log</code></p>');
    expect(html).toContain('<strong>Critical path:</strong> namespaces → datahub');
    expect(html.match(/class="bar [a-z]+ critical"/g)).toEqual(['class="bar done critical"', 'class="bar failed critical"']);
    expect(html).toContain('<path class="edge critical"');
  });
});
