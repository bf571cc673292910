import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { RunEvent } from '../../engine/index.ts';
import { devEnvHarness, type DevEnvHarness } from './dev-env-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

interface ReportNode {
  id: string;
  outcome: string;
  durationMs: number;
  startMs: number | null;
  endMs: number | null;
  critical: boolean;
  deps: string[];
  lockHolders: string[];
}

it('the report of a run on the simulated cluster matches the events that run recorded', async () => {
  h = await devEnvHarness();
  expect((await h.cli(['up', '--only', 'dataspoke-infra', '--json'])).code).toBe(ExitCode.success);
  const report = await h.report(['--json']);
  expect(report.code).toBe(ExitCode.success);
  const body = JSON.parse(report.out) as { runId: string; criticalPath: { nodes: string[]; spanMs: number }; nodes: ReportNode[] };

  const runDir = join(h.stateDir, 'logs', (await readFile(join(h.stateDir, 'logs', 'LATEST'), 'utf8')).trim());
  const events = (await readFile(join(runDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
  const started = events.find((e) => e.type === 'run-started')!;
  const finished = (type: RunEvent['type'], id: string) => events.find((e) => e.type === type && 'id' in e && e.id === id);

  expect(body.nodes.map((n) => n.id).sort()).toEqual([...(started.type === 'run-started' ? started.nodes : [])].sort());
  for (const node of body.nodes) {
    const done = finished('node-done', node.id);
    const begun = finished('node-started', node.id);
    if (done?.type === 'node-done' && begun) {
      expect(node).toMatchObject({ outcome: 'done', durationMs: done.durationMs, startMs: begun.at - started.at, endMs: done.at - started.at });
    } else {
      expect(node.outcome).toBe('skipped');
    }
  }
  // The critical path ends with the node that finished last, at the run's span, and each step is a
  // dependency of the next or the holder of the lock it waited for.
  const byId = new Map(body.nodes.map((n) => [n.id, n]));
  const path = body.criticalPath.nodes;
  const lastEnd = Math.max(...body.nodes.map((n) => n.endMs ?? 0));
  expect(byId.get(path.at(-1)!)!.endMs).toBe(lastEnd);
  expect(path.at(-1)).toBe('release:dataspoke-infra');
  for (let i = 1; i < path.length; i++) {
    const next = byId.get(path[i]!)!;
    expect([...next.deps, ...next.lockHolders]).toContain(path[i - 1]);
  }
});
