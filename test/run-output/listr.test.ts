import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/types.ts';
import { stripAnsi } from '../../run-output/format.ts';
import { createListrReporter, type ListrReporterOptions } from '../../run-output/listr.ts';
import { captureStream, failedRun, nodes, redact, SECRET } from './fixtures.ts';

/** The test renderer's JSON lines as `Task title: EVENT data`, the task named by its first title. */
function changes(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const change = JSON.parse(line) as { event: string; data: unknown; task: { path: string[] } };
      const data = typeof change.data === 'string' ? change.data : JSON.stringify(change.data);
      return `${change.task.path.join(' > ')}: ${change.event} ${data}`;
    });
}

function changesOf(text: string, task: string): string[] {
  return changes(text)
    .filter((line) => line.startsWith(`${task}: `))
    .map((line) => line.slice(task.length + 2));
}

/** The last frame the live renderer drew (it prints it once more, in full, when the list ends). */
function finalFrame(text: string): string {
  const end = text.lastIndexOf('\u001b[?25h');
  const start = text.lastIndexOf('\u001b[G', end) + '\u001b[G'.length;
  return stripAnsi(text.slice(start, end));
}

const yieldToListr = () => new Promise((resolve) => setImmediate(resolve));

async function play(events: readonly RunEvent[], options: Partial<ListrReporterOptions> = {}) {
  const { stream, text } = captureStream();
  const reporter = createListrReporter({ nodes, verbose: false, stream, redact, renderer: 'test', ...options });
  const [first, ...rest] = events;
  if (first !== undefined) reporter.onEvent(first);
  // Events then reach tasks that listr2 has started, as they do in a real run of any length.
  await reporter.started();
  for (const event of rest) reporter.onEvent(event);
  await reporter.close();
  return text();
}

describe('createListrReporter', () => {
  it('shows waiting, checking, retries, attempts and the failure in the task title', async () => {
    const text = await play(failedRun);
    expect(changesOf(text, 'Install DataHub')).toEqual([
      'STATE STARTED',
      'STATE WAITING',
      'TITLE Install DataHub',
      'TITLE Install DataHub — waiting for namespaces',
      'TITLE Install DataHub — waiting for lock helm',
      'STATE STARTED',
      'TITLE Install DataHub',
      'OUTPUT using token ***',
      'TITLE Install DataHub — retry 2/3 in 2.0s: connection refused',
      'TITLE Install DataHub — attempt 2/3',
      'TITLE Install DataHub — retry 3/3 in 4.0s: connection refused',
      'TITLE Install DataHub — attempt 3/3',
      'OUTPUT Error: timed out waiting for the condition',
      'STATE FAILED',
      'MESSAGE {"error":"Install DataHub — failed after 3 attempts, 3m02s: helm upgrade --install datahub exited with code 1 …"}',
    ]);
  });

  it('completes done nodes with their duration and skips the others with the reason', async () => {
    const text = await play(failedRun);
    expect(changesOf(text, 'Namespaces')).toEqual([
      'STATE STARTED',
      'STATE WAITING',
      'TITLE Namespaces',
      'STATE STARTED',
      'TITLE Namespaces — checking',
      'TITLE Namespaces',
      'OUTPUT namespace/datahub created',
      'TITLE Namespaces (1.2s)',
      'STATE COMPLETED',
    ]);
    expect(changesOf(text, 'Secrets')).toEqual([
      'STATE STARTED',
      'STATE WAITING',
      'TITLE Secrets',
      'TITLE Secrets — waiting for namespaces',
      'STATE STARTED',
      'TITLE Secrets — checking',
      'STATE SKIPPED',
      'MESSAGE {"skip":"Secrets — skipped: already done"}',
    ]);
    expect(changesOf(text, 'Frontend').slice(-2)).toEqual([
      'STATE SKIPPED',
      'MESSAGE {"skip":"Frontend — skipped: dependency failed"}',
    ]);
  });

  it("shows a running node's latest output line (a check's lines only with verbose), redacted", async () => {
    const checkLine: RunEvent = { type: 'node-output', at: 1_005, id: 'namespaces', line: 'kubectl get namespace datahub' };
    const [first, ...rest] = failedRun;
    const withCheckOutput = [first!, ...rest.slice(0, 4), checkLine, ...rest.slice(4)];
    const quiet = await play(withCheckOutput);
    expect(changes(quiet).filter((line) => line.includes('OUTPUT'))).toEqual([
      'Namespaces: OUTPUT namespace/datahub created',
      'Install DataHub: OUTPUT using token ***',
      'Install DataHub: OUTPUT Error: timed out waiting for the condition',
    ]);
    const verbose = await play(withCheckOutput, { verbose: true });
    expect(changes(verbose).filter((line) => line.includes('OUTPUT'))).toEqual([
      'Namespaces: OUTPUT kubectl get namespace datahub',
      'Namespaces: OUTPUT namespace/datahub created',
      'Install DataHub: OUTPUT using token ***',
      'Install DataHub: OUTPUT Error: timed out waiting for the condition',
    ]);
    expect(quiet + verbose).not.toContain(SECRET);
  });

  it('keeps drawing other nodes after one fails', async () => {
    const { stream, text } = captureStream();
    const reporter = createListrReporter({ nodes, verbose: false, stream, redact, renderer: 'test' });
    reporter.onEvent({ type: 'run-started', at: 0, mode: 'up', nodes: ['namespaces', 'secrets'], concurrency: 2 });
    await reporter.started();
    reporter.onEvent({ type: 'node-started', at: 0, id: 'namespaces', attempt: 1 });
    reporter.onEvent({ type: 'node-started', at: 0, id: 'secrets', attempt: 1 });
    reporter.onEvent({
      type: 'node-failed',
      at: 10,
      id: 'namespaces',
      durationMs: 10,
      error: 'forbidden',
      tail: [],
      attempts: 1,
      interrupted: false,
    });
    await yieldToListr();
    expect(changesOf(text(), 'Namespaces')).toContain('STATE FAILED');
    reporter.onEvent({ type: 'node-output', at: 20, id: 'secrets', line: 'still going' });
    reporter.onEvent({ type: 'node-done', at: 30, id: 'secrets', durationMs: 30, attempts: 1 });
    reporter.onEvent({ type: 'run-finished', at: 30, outcome: 'failed', durationMs: 30 });
    await reporter.close();
    expect(changesOf(text(), 'Secrets').slice(-2)).toEqual(['TITLE Secrets (30ms)', 'STATE COMPLETED']);
  });

  it('finishes on run-finished, showing nodes that never got a final event as not started', { timeout: 5_000 }, async () => {
    const text = await play([
      { type: 'run-started', at: 0, mode: 'up', nodes: ['namespaces', 'secrets', 'cleanup'], concurrency: 1 },
      { type: 'node-started', at: 0, id: 'namespaces', attempt: 1 },
      {
        type: 'node-failed',
        at: 12_000,
        id: 'namespaces',
        durationMs: 12_000,
        error: 'aborted',
        tail: [],
        attempts: 1,
        interrupted: true,
      },
      { type: 'node-waiting', at: 12_000, id: 'secrets', deps: ['namespaces'] },
      { type: 'run-finished', at: 12_000, outcome: 'interrupted', durationMs: 12_000 },
    ]);
    // listr2 reports a failure a little after the skips that were settled at the same time.
    expect(changes(text).filter((line) => line.includes('MESSAGE')).sort()).toEqual([
      'Cleanup: MESSAGE {"skip":"Cleanup — skipped: not started"}',
      'Namespaces: MESSAGE {"error":"Namespaces — interrupted after 12.0s: aborted"}',
      'Secrets: MESSAGE {"skip":"Secrets — skipped: not started"}',
    ]);
  });

  it('finishes on close even when run-finished never came', { timeout: 5_000 }, async () => {
    const text = await play([
      { type: 'run-started', at: 0, mode: 'up', nodes: ['namespaces', 'secrets'], concurrency: 1 },
      { type: 'node-started', at: 0, id: 'namespaces', attempt: 1 },
    ]);
    expect(changes(text).filter((line) => line.includes('MESSAGE'))).toEqual([
      'Namespaces: MESSAGE {"skip":"Namespaces — skipped: not started"}',
      'Secrets: MESSAGE {"skip":"Secrets — skipped: not started"}',
    ]);
  });

  it('does nothing, and closes at once, when no run started', async () => {
    const { stream, text } = captureStream();
    const reporter = createListrReporter({ nodes, verbose: false, stream, redact, renderer: 'test' });
    await reporter.close();
    expect(text()).toBe('');
  });

  it("draws a final frame with every node's state in the live renderer", async () => {
    // The renderer fits lines to process.stdout.columns, which depends on where the tests run.
    const columns = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
    Object.defineProperty(process.stdout, 'columns', { value: 80, configurable: true });
    try {
      const text = await play(failedRun, { renderer: 'default', lazy: true });
      expect(finalFrame(text)).toBe(
        [
          '✔ Namespaces (1.2s)',
          '↓ Secrets — skipped: already done',
          '✖ Install DataHub — failed after 3 attempts, 3m02s: helm upgrade --install da…',
          '↓ Frontend — skipped: dependency failed',
          '↓ Cleanup — skipped: not started',
          '',
          // The footer: the run's duration and every node finished.
          '03:03 · 5/5 done · 1 failed',
          // Written while listr2 drew: held back, then printed under the final frame.
          '⚠ journal was unreadable; starting a new one',
          '',
        ].join('\n'),
      );
    } finally {
      if (columns === undefined) Reflect.deleteProperty(process.stdout, 'columns');
      else Object.defineProperty(process.stdout, 'columns', columns);
    }
  });

  it('mid-run, only checking and running nodes are drawn as active; waiting ones get ◌ and what they wait for', async () => {
    const columns = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
    Object.defineProperty(process.stdout, 'columns', { value: 100, configurable: true });
    const { stream, text } = captureStream();
    let clock = 1_000;
    const reporter = createListrReporter({ nodes, verbose: false, stream, redact, lazy: true, now: () => clock });
    try {
      reporter.onEvent({ type: 'run-started', at: 0, mode: 'up', nodes: nodes.map((n) => n.id), concurrency: 1 });
      await reporter.started();
      for (const event of [
        { type: 'node-waiting', at: 0, id: 'secrets', deps: ['namespaces'] },
        { type: 'node-checking', at: 0, id: 'secrets' },
        { type: 'node-checking', at: 0, id: 'frontend' },
        { type: 'node-waiting', at: 1, id: 'secrets', deps: ['namespaces'] },
        { type: 'node-started', at: 1, id: 'namespaces', attempt: 1 },
        { type: 'node-output', at: 2, id: 'namespaces', line: 'step 1' },
        { type: 'node-output', at: 3, id: 'namespaces', line: 'step 2' },
        { type: 'node-waiting', at: 3, id: 'datahub', deps: [], slot: 1 },
        { type: 'node-skipped', at: 3, id: 'cleanup', reason: 'check' },
      ] satisfies RunEvent[]) {
        reporter.onEvent(event);
      }
      clock = 43_500;
      // A title change makes the lazy renderer draw a frame.
      reporter.onEvent({ type: 'node-checking', at: 4, id: 'frontend' });
      await yieldToListr();
      // The latest frame, drawn after log-update moved the cursor back to the first column.
      const last = text().slice(text().lastIndexOf('\u001b[G') + 3);
      expect(stripAnsi(last).split('\n')).toEqual([
        '❯ Namespaces',
        '  › step 2',
        '◌ Secrets — waiting for namespaces',
        '◌ Install DataHub — waiting for a free slot (concurrency 1)',
        '❯ Frontend — checking',
        '↓ Cleanup — skipped: already done',
        '',
        '00:42 · 1/5 done · 1 running · 1 checking · 2 waiting',
        '',
      ]);
    } finally {
      await reporter.close();
      if (columns === undefined) Reflect.deleteProperty(process.stdout, 'columns');
      else Object.defineProperty(process.stdout, 'columns', columns);
    }
  });
});
