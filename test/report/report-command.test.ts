import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import type { Project } from '../../cli/project.ts';
import type { RunEvent, TaskNode } from '../../engine/index.ts';
import { reportCommand } from '../../cli/report-command.ts';
import { fakeIO } from '../cli/fake-io.ts';

//  ns ──► db ──► app ──► web        db and cache share the helm lock; db fails once, then succeeds;
//   └───► cache                      app is already done; with `fail`, web fails.
function project(options: { fail?: boolean } = {}): Project {
  let dbAttempts = 0;
  const node = (id: string, deps: string[], ms: number, extra: Partial<TaskNode> = {}): TaskNode => ({
    id,
    title: id,
    deps,
    async run(ctx) {
      ctx.log(`${id} working`);
      await sleep(ms);
      if (id === 'db' && ++dbAttempts === 1) throw new Error('db: connection refused');
      if (id === 'web' && options.fail) throw new Error('web: <port> in use & "busy"');
    },
    ...extra,
  });
  return {
    description: 'a report test environment',
    async load() {
      return {
        ok: true,
        context: {
          nodes: [
            node('ns', [], 20),
            node('db', ['ns'], 15, { locks: ['helm'], retry: { retries: 2, minTimeoutMs: 5 } }),
            node('cache', ['ns'], 25, { locks: ['helm'] }),
            node('app', ['db'], 5, { check: async () => true }),
            node('web', ['app'], 10),
          ],
          secrets: [],
          warnings: [],
        },
      };
    },
  };
}

async function recordedRun(options: { fail?: boolean } = {}) {
  const stateDir = await mkdtemp(join(tmpdir(), 'report-state-'));
  const io = await fakeIO();
  const code = await main(['up', '--state-dir', stateDir, ...(options.fail ? ['--keep-going'] : [])], { project: project(options), io });
  expect(code).toBe(options.fail ? ExitCode.failed : ExitCode.success);
  const runId = (await readFile(join(stateDir, 'logs', 'LATEST'), 'utf8')).trim();
  const text = await readFile(join(stateDir, 'logs', runId, 'events.jsonl'), 'utf8');
  const events = text.trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
  return { stateDir, runId, events };
}

interface JsonNode {
  id: string;
  outcome: string;
  skipReason?: string;
  critical: boolean;
  deps: string[];
  lockHolders: string[];
  startMs: number | null;
  endMs: number | null;
  durationMs: number;
  waitedForLockMs: number;
  attempts: number;
  retries: number;
}

describe('report on a recorded run of the real CLI', () => {
  it('reports the numbers the events recorded', async () => {
    const { stateDir, runId, events } = await recordedRun();
    const io = await fakeIO();
    expect(await reportCommand.run([], { stateDir, json: true }, io)).toBe(ExitCode.success);
    const report = JSON.parse(io.out()) as {
      runId: string;
      outcome: string;
      durationMs: number;
      criticalPath: { nodes: string[]; spanMs: number; workMs: number; waitMs: number };
      nodes: JsonNode[];
    };
    const started = events.find((e) => e.type === 'run-started')!;
    const finished = events.find((e) => e.type === 'run-finished')!;
    expect(report).toMatchObject({ runId, outcome: 'success', durationMs: (finished as { durationMs: number }).durationMs });
    const of = <T extends RunEvent['type']>(type: T, id: string) =>
      events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type && 'id' in e && e.id === id);

    for (const node of report.nodes) {
      const done = of('node-done', node.id)[0];
      const skipped = of('node-skipped', node.id)[0];
      if (done) {
        const start = of('node-started', node.id)[0]!;
        expect(node).toMatchObject({
          outcome: 'done',
          startMs: start.at - started.at,
          endMs: done.at - started.at,
          durationMs: done.durationMs,
          attempts: done.attempts,
          retries: of('node-retrying', node.id).length,
        });
        const lockWait = of('node-waiting', node.id).find((e) => e.lock !== undefined);
        expect(node.waitedForLockMs).toBe(lockWait ? start.at - lockWait.at : 0);
      } else {
        expect(node).toMatchObject({ outcome: 'skipped', skipReason: skipped!.reason, endMs: skipped!.at - started.at });
      }
      expect(node.deps).toEqual(of('node-waiting', node.id).find((e) => e.lock === undefined)?.deps ?? []);
    }
    expect(report.nodes.find((n) => n.id === 'db')).toMatchObject({ attempts: 2, retries: 1 });
    expect(report.nodes.find((n) => n.id === 'app')).toMatchObject({ outcome: 'skipped', skipReason: 'check' });
    // One of db and cache waited for the other's helm lock.
    expect(report.nodes.filter((n) => n.waitedForLockMs > 0).map((n) => n.id)).toHaveLength(1);

    // The critical path ends at the node that ended last and each step is a dependency of the next.
    const byId = new Map(report.nodes.map((n) => [n.id, n]));
    const path = report.criticalPath.nodes;
    const lastEnd = Math.max(...report.nodes.map((n) => n.endMs ?? 0));
    expect(byId.get(path.at(-1)!)!.endMs).toBe(lastEnd);
    expect(report.criticalPath.spanMs).toBe(lastEnd);
    // Each step is a dependency of the next, or the node that held the lock the next one waited for.
    for (let i = 1; i < path.length; i++) {
      const next = byId.get(path[i]!)!;
      expect([...next.deps, ...next.lockHolders]).toContain(path[i - 1]);
    }
    expect(byId.get(path[0]!)!.deps).toEqual([]);
    expect(report.criticalPath.workMs).toBe(path.reduce((sum, id) => sum + byId.get(id)!.durationMs, 0));
    expect(report.nodes.filter((n) => n.critical).map((n) => n.id).sort()).toEqual([...path].sort());
  });

  it('prints the table for the last run through the CLI, and for a run named by the start of its id', async () => {
    const { stateDir, runId } = await recordedRun();
    const io = await fakeIO();
    expect(await main(['report', '--state-dir', stateDir], { project: project(), io, extras: [reportCommand] })).toBe(ExitCode.success);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^up succeeded in \\S+ · run ${runId} · 5 tasks, concurrency 4$`));
    expect(lines[2]).toMatch(/^ {2}task +start +took +deps wait +lock wait +outcome$/);
    expect(io.out()).toMatch(/^ {2}app .* skipped: already done$/m);
    expect(io.out()).toMatch(/^\* ns .* done$/m);
    expect(io.out()).toMatch(/^\* critical path: ns → /m);

    const byPrefix = await fakeIO();
    expect(await main(['report', runId.slice(0, 21), '--state-dir', stateDir], { project: project(), io: byPrefix, extras: [reportCommand] })).toBe(ExitCode.success);
    expect(byPrefix.out()).toBe(io.out());
  });

  it('writes a self-contained HTML page next to the run\'s logs, with the failure in it', async () => {
    const { stateDir, runId } = await recordedRun({ fail: true });
    const io = await fakeIO();
    expect(await reportCommand.run([], { stateDir, format: 'html' }, io)).toBe(ExitCode.success);
    const file = join(stateDir, 'logs', runId, 'report.html');
    expect(io.out()).toBe(`Report written to ${file}\nOpen it in a browser: file://${file}\n`);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<h1 class="failed">up failed after');
    expect(html).toContain('<pre class="error">web: &lt;port&gt; in use &amp; &quot;busy&quot;</pre>');
    expect(html).toContain('<pre class="tail">web working</pre>');
    expect(html).toContain(`<p>Log: <code>${join(stateDir, 'logs', runId, 'web.log')}</code></p>`);
  });

  it('prints Mermaid, or writes any format where --output says', async () => {
    const { stateDir } = await recordedRun();
    const io = await fakeIO();
    expect(await reportCommand.run([], { stateDir, format: 'mermaid' }, io)).toBe(ExitCode.success);
    expect(io.out()).toMatch(/^gantt\n {2}title up succeeded in .* · critical path ns → /);

    const out = await fakeIO();
    expect(await reportCommand.run([], { stateDir, format: 'mermaid', output: 'chart.mmd' }, out)).toBe(ExitCode.success);
    expect(await readFile(join(out.cwd, 'chart.mmd'), 'utf8')).toBe(io.out());

    const json = await fakeIO();
    expect(await reportCommand.run([], { stateDir, format: 'html', output: 'r.html', json: true }, json)).toBe(ExitCode.success);
    expect(JSON.parse(json.out()).output).toBe(join(json.cwd, 'r.html'));
    expect(existsSync(join(json.cwd, 'r.html'))).toBe(true);
  });
});

describe('report without a run to show', () => {
  it('says there are no runs yet and what to do', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'report-empty-'));
    const io = await fakeIO();
    expect(await main(['report', '--state-dir', stateDir], { project: project(), io, extras: [reportCommand] })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(
      `error: no runs are recorded in ${join(stateDir, 'logs')} yet; run "up" or "down" first, or pass --state-dir to read another state folder\n`,
    );
  });

  it('names the latest runs when the one asked for does not exist', async () => {
    const { stateDir, runId } = await recordedRun();
    const io = await fakeIO();
    expect(await main(['report', 'yesterday', '--state-dir', stateDir], { project: project(), io, extras: [reportCommand] })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(`error: no run "yesterday" in ${join(stateDir, 'logs')}; the latest runs are: ${runId}\n`);
  });

  it('rejects an unknown format with the valid ones', async () => {
    const io = await fakeIO();
    expect(await reportCommand.run([], { format: 'htm' }, io)).toBe(ExitCode.badInput);
    expect(io.err()).toBe('error: the report options are not valid:\n  "htm" is not a report format (did you mean "html"?); choose table, mermaid or html\n');
  });
});
