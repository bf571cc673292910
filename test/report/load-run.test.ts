import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNodeLog, loadRun } from '../../report/load-run.ts';
import { failedRun } from './fixtures.ts';

/** A state folder with the given runs (id → events.jsonl text, or `null` for a folder without one). */
async function stateWith(runs: Record<string, string | null>, latest?: string): Promise<string> {
  const stateDir = await mkdtemp(join(tmpdir(), 'report-load-'));
  for (const [id, text] of Object.entries(runs)) {
    await mkdir(join(stateDir, 'logs', id), { recursive: true });
    if (text !== null) await writeFile(join(stateDir, 'logs', id, 'events.jsonl'), text);
  }
  if (latest !== undefined) await writeFile(join(stateDir, 'logs', 'LATEST'), `${latest}\n`);
  return stateDir;
}

const jsonl = failedRun.map((e) => JSON.stringify(e)).join('\n') + '\n';
const OLD = '2026-11-20T09-00-00-000Z';
const NEW = '2026-11-22T18-03-04-123Z';

describe('loading a recorded run', () => {
  it('reads the run LATEST names, else the newest folder', async () => {
    const stateDir = await stateWith({ [OLD]: jsonl, [NEW]: jsonl }, OLD);
    expect(await loadRun({ stateDir })).toMatchObject({ ok: true, run: { runId: OLD, problems: [] } });
    const withoutLatest = await stateWith({ [OLD]: jsonl, [NEW]: jsonl });
    const loaded = await loadRun({ stateDir: withoutLatest, run: 'latest' });
    expect(loaded).toMatchObject({ ok: true, run: { runId: NEW, dir: join(withoutLatest, 'logs', NEW) } });
    expect(loaded.ok && loaded.run.events).toEqual(failedRun);
  });

  it('takes a unique start of a run id, and says which runs an ambiguous one matches', async () => {
    const stateDir = await stateWith({ [OLD]: jsonl, [NEW]: jsonl });
    expect(await loadRun({ stateDir, run: '2026-11-22' })).toMatchObject({ ok: true, run: { runId: NEW } });
    expect(await loadRun({ stateDir, run: '2026-11' })).toEqual({
      ok: false,
      reason: 'unknown-run',
      message: `"2026-11" matches 2 runs (${NEW}, ${OLD}); give more of the run id`,
    });
  });

  it('takes the path of a run folder, e.g. one saved by CI', async () => {
    const stateDir = await stateWith({ [NEW]: jsonl });
    const loaded = await loadRun({ stateDir: '/nowhere', run: `./logs/${NEW}`, cwd: stateDir });
    expect(loaded).toMatchObject({ ok: true, run: { runId: NEW, dir: join(stateDir, 'logs', NEW) } });
    expect(await loadRun({ stateDir: '/nowhere', run: './missing', cwd: stateDir })).toEqual({
      ok: false,
      reason: 'unknown-run',
      message: `${join(stateDir, 'missing')} is not a run's log folder`,
    });
  });

  it('skips a cut-off or invalid line with a warning, and quietly drops event types it does not know', async () => {
    const lines = jsonl.trim().split('\n');
    lines.splice(3, 0, JSON.stringify({ type: 'node-waiting', at: 1, id: 'x', deps: 'ns' }), JSON.stringify({ type: 'node-paused', at: 2, id: 'x' }));
    lines.push('{"type":"run-fini');
    const stateDir = await stateWith({ [NEW]: lines.join('\n') });
    const loaded = await loadRun({ stateDir });
    expect(loaded).toMatchObject({
      ok: true,
      run: {
        problems: [
          'events.jsonl line 4 is not a valid event (deps: Invalid input: expected array, received string); it was skipped',
          `events.jsonl line ${failedRun.length + 3} is not JSON (a run killed while writing leaves a cut-off last line); it was skipped`,
        ],
      },
    });
    expect(loaded.ok && loaded.run.events).toEqual(failedRun);
  });

  it('explains a folder without events and a state folder without runs', async () => {
    const stateDir = await stateWith({ [NEW]: null }, NEW);
    expect(await loadRun({ stateDir })).toEqual({
      ok: false,
      reason: 'no-events',
      message: `run ${NEW} has no events.jsonl in ${join(stateDir, 'logs', NEW)}; its log folder may be from an older version, or could not be written`,
    });
    const empty = await stateWith({});
    expect(await loadRun({ stateDir: empty, run: NEW })).toEqual({
      ok: false,
      reason: 'unknown-run',
      message: `no run "${NEW}": no runs are recorded in ${join(empty, 'logs')}; pass --state-dir if they are elsewhere`,
    });
  });
});

describe('finding a node\'s log file', () => {
  it('tells apart two ids that clean up to the same file name by the header line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-logs-'));
    await writeFile(join(dir, 'wait_a.log'), '# wait/a (Wait for a), run x\n');
    await writeFile(join(dir, 'wait_a~2.log'), '# wait:a, run x\n');
    expect(await findNodeLog(dir, 'wait/a')).toBe(join(dir, 'wait_a.log'));
    expect(await findNodeLog(dir, 'wait:a')).toBe(join(dir, 'wait_a~2.log'));
    expect(await findNodeLog(dir, 'wait a')).toBeUndefined();
    expect(await findNodeLog(dir, 'other')).toBeUndefined();
  });
});
