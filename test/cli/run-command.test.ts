/**
 * `up` and `down` through the CLI: journal and logs, the state folder, --force, failures, Ctrl-C, and down's
 * questions.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { describeFailure } from '../../state/folder.ts';
import { main } from '../../cli/main.ts';
import { deferred } from '../engine/fake-graph.ts';
import { fakeIO, type FakeIO } from './fake-io.ts';
import { fourTaskProject as project, SECRET } from './fake-project.ts';

describe('up and down', () => {
  it('up runs, writes a journal and logs, redacts secrets, and a second up skips everything', async () => {
    const io = await fakeIO();
    const p = project();
    expect(await main(['up'], { project: p, io })).toBe(ExitCode.success);
    expect(io.out()).toContain('All set.');
    expect(io.out()).not.toContain(SECRET);
    const journal = JSON.parse(await readFile(join(io.cwd, '.state', 'journal.json'), 'utf8'));
    expect(Object.keys(journal.nodes).sort()).toEqual(['app', 'cache', 'db', 'ns']);
    const latest = (await readFile(join(io.cwd, '.state', 'logs', 'LATEST'), 'utf8')).trim();
    const dbLog = await readFile(join(io.cwd, '.state', 'logs', latest, 'db.log'), 'utf8');
    expect(dbLog).toContain('db using password ***');

    const again = await fakeIO({ cwd: io.cwd });
    expect(await main(['up', '--json'], { project: p, io: again })).toBe(ExitCode.success);
    const summary = JSON.parse(again.out());
    expect(summary.nodes.map((n: { outcome: string }) => n.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('a state folder that cannot be created is bad input, in one line naming it and why, and nothing runs', async () => {
    const io = await fakeIO();
    const file = join(io.cwd, 'a-file');
    await writeFile(file, '');
    const done = new Set<string>();
    const p = project({}, { done });
    expect(await main(['up', '--state-dir', join(file, 'state')], { project: p, io })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(`error: cannot use the state folder ${join(file, 'state')}: ${file} is a file, not a folder; choose another with --state-dir\n`);
    const same = await fakeIO({ cwd: io.cwd });
    expect(await main(['down', '--yes', '--state-dir', 'a-file'], { project: p, io: same })).toBe(ExitCode.badInput);
    expect(same.err()).toBe(`error: cannot use the state folder ${file}: it is a file, not a folder; choose another with --state-dir\n`);
    expect(io.out() + same.out()).toBe('');
    expect(done.size).toBe(0);
  });

  it('a state folder without write permission is said as such (the reasons the file system gives)', async () => {
    // Root is never refused, and the tests run as root on CI: the reasons are checked from the errors themselves.
    const because = (code: string) => describeFailure('/x/state', Object.assign(new Error(code), { code }));
    expect(await because('EACCES')).toBe('no permission to create or write it');
    expect(await because('EPERM')).toBe('no permission to create or write it');
    expect(await because('EROFS')).toBe('the file system is read-only');
    expect(await because('ENOSPC')).toBe('no space left on the device');
  });

  it('up --force re-runs what is done: everything, or with --only the named tasks and not what they need', async () => {
    const done = new Set(['ns', 'db', 'app', 'cache']);
    const p = project({}, { done });
    const all = await fakeIO();
    expect(await main(['up', '--force', '--json'], { project: p, io: all })).toBe(ExitCode.success);
    const outcomes = (io: FakeIO) => (JSON.parse(io.out()).nodes as { id: string; outcome: string }[]).map((n) => `${n.id}:${n.outcome}`);
    expect(outcomes(all)).toEqual(['ns:done', 'db:done', 'cache:done', 'app:done']);
    const some = await fakeIO({ cwd: all.cwd });
    expect(await main(['up', '--force', '--only', 'web', '--json'], { project: p, io: some })).toBe(ExitCode.success);
    expect(outcomes(some)).toEqual(['ns:skipped', 'db:skipped', 'app:done']);
    const plain = await fakeIO({ cwd: all.cwd });
    expect(await main(['up', '--force', '--only', 'db', '--no-deps'], { project: p, io: plain })).toBe(ExitCode.success);
    expect(plain.out()).toContain('▸ db started (--force)');
    const down = await fakeIO();
    expect(await main(['down', '--force', '--yes'], { project: p, io: down })).toBe(ExitCode.badInput);
    expect(down.err()).toContain("error: unknown option '--force'");
  });

  it('a failed task exits 1 and the summary names it, redacted, with its log', async () => {
    const io = await fakeIO();
    expect(await main(['up'], { project: project({}, { fail: 'db' }), io })).toBe(ExitCode.failed);
    expect(io.out()).toContain(`db failed with ***`);
    expect(io.out()).not.toContain(SECRET);
    expect(io.out()).toMatch(/db\.log/);
  });

  it('Ctrl-C interrupts, exits 130, and the next run resumes at the interrupted task', async () => {
    const io = await fakeIO();
    const done = new Set<string>();
    const gate = deferred();
    const running = main(['up', '--only', 'web'], { project: project({}, { gate: gate.promise, done }), io });
    while (!io.out().includes('▸ db started')) await new Promise((r) => setImmediate(r));
    io.signal('SIGINT');
    expect(await running).toBe(ExitCode.interrupted);
    expect(io.err()).toContain('SIGINT: stopping');
    expect([...done]).toEqual(['ns']);

    const again = await fakeIO({ cwd: io.cwd });
    expect(await main(['up', '--only', 'web', '--json'], { project: project({}, { done }), io: again })).toBe(ExitCode.success);
    const nodes = JSON.parse(again.out()).nodes as { id: string; outcome: string }[];
    expect(nodes.map((n) => `${n.id}:${n.outcome}`)).toEqual(['ns:skipped', 'db:done', 'app:done']);
  });

  it('a second Ctrl-C forces the exit', async () => {
    const io = await fakeIO();
    const gate = deferred();
    const running = main(['up'], { project: project({}, { gate: gate.promise }), io });
    while (!io.out().includes('▸ db started')) await new Promise((r) => setImmediate(r));
    io.signal('SIGINT');
    io.signal('SIGINT');
    expect(io.forced).toEqual([ExitCode.interrupted]);
    await running;
  });

  it('down without a terminal and without --yes refuses', async () => {
    const io = await fakeIO();
    expect(await main(['down'], { project: project(), io })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(
      'error: down needs confirmation:\n  "Remove everything selected?" cannot be asked without a terminal; pass --yes to confirm\n',
    );
  });

  it('down asks, and a gated "no" keeps those tasks', async () => {
    const done = new Set(['ns', 'db', 'app', 'cache']);
    const p = project({ downQuestions: [{ question: 'Remove all?' }, { question: 'Delete the namespace?', gates: ['ns'] }] }, { done });
    const io = await fakeIO({ tty: true, input: 'y\nn\n' });
    expect(await main(['down'], { project: p, io })).toBe(ExitCode.success);
    expect([...done]).toEqual(['ns']);
    const no = await fakeIO({ tty: true, input: 'n\n' });
    done.add('db');
    expect(await main(['down'], { project: p, io: no })).toBe(ExitCode.success);
    expect(no.out()).toContain('Nothing removed.');
    expect(done.has('db')).toBe(true);
  });

  it('down --yes removes in reverse order', async () => {
    const done = new Set(['ns', 'db', 'app', 'cache']);
    const io = await fakeIO();
    expect(await main(['down', '--yes', '--json'], { project: project({}, { done }), io })).toBe(ExitCode.success);
    expect(done.size).toBe(0);
  });
});
