import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { describeFailure } from '../../cli/state-folder.ts';
import { main } from '../../cli/main.ts';
import type { Project, ProjectContext } from '../../cli/project.ts';
import type { TaskNode } from '../../engine/index.ts';
import { deferred } from '../engine/fake-graph.ts';
import { fakeIO, type FakeIO } from './fake-io.ts';

//  ns ──► db ──► app
//   └───► cache
const SECRET = 'Sup3r-Secret-Value!';
function project(overrides: Partial<ProjectContext> = {}, extra: { fail?: string; gate?: Promise<void>; done?: Set<string> } = {}): Project {
  const done = extra.done ?? new Set<string>();
  const node = (id: string, deps: string[], groups?: string[]): TaskNode => ({
    id,
    title: `Create ${id}`,
    deps,
    ...(groups ? { groups } : {}),
    check: async () => done.has(id),
    async run(ctx) {
      ctx.log(`${id} using password ${SECRET}`);
      if (id === extra.fail) throw new Error(`${id} failed with ${SECRET}`);
      if (id === 'db' && extra.gate) {
        await Promise.race([
          extra.gate,
          new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
        ]);
      }
      done.add(id);
    },
    down: async () => void done.delete(id),
    downCheck: async () => !done.has(id),
  });
  return {
    description: 'a test environment',
    async load({ env }) {
      if (env.BROKEN) return { ok: false, problems: ['DB_PASSWORD: must be at least 15 characters', 'PORT: must be between 1 and 65535'] };
      return {
        ok: true,
        context: {
          nodes: [node('ns', []), node('db', ['ns'], ['data']), node('app', ['db'], ['web']), node('cache', ['ns'], ['data'])],
          secrets: [SECRET],
          warnings: [],
          summary: async () => ['All set.'],
          ...overrides,
        },
      };
    },
  };
}

describe('the CLI shell', () => {
  it('prints help for every command and exits 0', async () => {
    for (const argv of [['--help'], ['up', '--help'], ['down', '--help'], ['plan', '--help'], ['status', '--help'], ['graph', '--help']]) {
      const io = await fakeIO();
      expect(await main(argv, { project: project(), io })).toBe(ExitCode.success);
      expect(io.out()).toContain('Usage: graph.ts');
    }
  });

  it('--version prints the version it is given, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const io = await fakeIO();
      expect(await main([flag], { project: project(), io, version: '1.2.3' })).toBe(ExitCode.success);
      expect(io.out()).toBe('1.2.3\n');
    }
  });

  it('treats an unknown command or flag as bad input', async () => {
    const io = await fakeIO();
    expect(await main(['upp'], { project: project(), io })).toBe(ExitCode.badInput);
    expect(io.err()).toContain("error: unknown command 'upp'");
    const io2 = await fakeIO();
    expect(await main(['up', '--concurrency', 'zero'], { project: project(), io: io2 })).toBe(ExitCode.badInput);
    expect(io2.err()).toContain("error: option '-c, --concurrency <n>' argument 'zero' is invalid. expected a whole number of at least 1");
  });

  it('takes the env file as --env, and as --env-file (its older name), but not both', async () => {
    const seen: (string | undefined)[] = [];
    const base = project();
    const recording: Project = { ...base, load: (options) => (seen.push(options.envFile), base.load(options)) };
    for (const argv of [['plan', '--env', 'a.env'], ['plan', '--env-file', 'b.env'], ['graph', '--env', 'c.env'], ['plan']]) {
      expect(await main(argv, { project: recording, io: await fakeIO() })).toBe(ExitCode.success);
    }
    expect(seen).toEqual(['a.env', 'b.env', 'c.env', undefined]);
    const both = await fakeIO();
    expect(await main(['up', '--env', 'a.env', '--env-file', 'b.env'], { project: recording, io: both })).toBe(ExitCode.badInput);
    expect(both.err()).toContain("error: option '--env-file <path>' cannot be used with option '--env <path>'");
  });

  it('reports every configuration problem at once and exits with the bad-input code', async () => {
    const io = await fakeIO({ env: { BROKEN: '1' } });
    expect(await main(['up'], { project: project(), io })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(
      'error: the configuration has problems:\n  DB_PASSWORD: must be at least 15 characters\n  PORT: must be between 1 and 65535\n',
    );
  });

  it('reports an unknown --only name with the valid names', async () => {
    const io = await fakeIO();
    expect(await main(['up', '--only', 'dta'], { project: project(), io })).toBe(ExitCode.badInput);
    expect(io.err()).toBe(
      'error: the selection is not valid:\n  unknown task or group "dta" (did you mean "data"?). Groups: data, web. Tasks: ns, db, cache, app\n',
    );
  });

  it('reports an invalid graph as bad input', async () => {
    const io = await fakeIO();
    const broken = project({ nodes: [{ id: 'a', title: 'a', deps: ['b'], run: async () => {} }], declaredGroups: ['datahub'] });
    expect(await main(['plan'], { project: broken, io })).toBe(ExitCode.badInput);
    expect(io.err()).toBe('error: the task graph is invalid:\n  task "a" depends on unknown task "b"\n  group "datahub" has no tasks\n');
  });

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

  it('warnings: every command prints the ordinary ones, only up prints the up-only ones (once)', async () => {
    const p = project({ warnings: ['PORT: looks wrong'], upWarnings: ['LLM_KEY: is not set'] });
    for (const argv of [['plan'], ['status'], ['graph'], ['down', '--yes']]) {
      const io = await fakeIO();
      // status exits 4: nothing in this project is done.
      expect(await main(argv, { project: p, io })).toBe(argv[0] === 'status' ? ExitCode.notDone : ExitCode.success);
      expect(io.err()).toBe('warning: PORT: looks wrong\n');
    }
    const up = await fakeIO();
    expect(await main(['up'], { project: p, io: up })).toBe(ExitCode.success);
    expect(up.err()).toBe('warning: PORT: looks wrong\nwarning: LLM_KEY: is not set\n');
  });

  it('an unexpected error is one line, redacted, without a stack trace', async () => {
    const io = await fakeIO();
    const p = project({ summary: async () => { throw new Error(`summary broke near ${SECRET}\n    at somewhere (file.ts:1:1)`); } });
    expect(await main(['up'], { project: p, io })).toBe(ExitCode.failed);
    expect(io.err()).toBe('error: summary broke near ***\n');
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

  it('plan shows steps and what is skipped, running only checks', async () => {
    const done = new Set(['ns']);
    const io = await fakeIO();
    expect(await main(['plan'], { project: project({}, { done }), io })).toBe(ExitCode.success);
    expect(io.out()).toBe(
      [
        'Plan for up: 4 tasks',
        'step  task   action',
        '   -  ns     skip: already done',
        '   1  db     run',
        '   1  cache  run',
        '   2  app    run',
        'Would run 3 of 4 tasks in 2 steps (up to 2 at once); tasks in the same step can run in parallel.',
        '',
      ].join('\n'),
    );
    expect([...done]).toEqual(['ns']);
  });

  it('plan and status print JSON with --json', async () => {
    const done = new Set(['ns']);
    const plan = await fakeIO();
    expect(await main(['plan', '--json'], { project: project({}, { done }), io: plan })).toBe(ExitCode.success);
    const parsed = JSON.parse(plan.out()) as { mode: string; plan: { id: string; action: string; step: number }[] };
    expect(parsed.mode).toBe('up');
    expect(parsed.plan.map((p) => `${p.id}:${p.action}:${p.step}`)).toEqual(['ns:skip-done:0', 'db:run:1', 'cache:run:1', 'app:run:2']);
    const status = await fakeIO();
    expect(await main(['status', '--json'], { project: project({}, { done }), io: status })).toBe(ExitCode.notDone);
    expect((JSON.parse(status.out()) as { status: { id: string; state: string }[] }).status.map((r) => `${r.id}:${r.state}`)).toEqual([
      'ns:done',
      'db:not done',
      'cache:not done',
      'app:not done',
    ]);
  });

  it('status shows each check result', async () => {
    const io = await fakeIO();
    expect(await main(['status'], { project: project({}, { done: new Set(['ns', 'db']) }), io })).toBe(ExitCode.notDone);
    expect(io.out()).toBe('✔ ns     done\n✔ db     done\n✗ cache  not done\n✗ app    not done\n2 of 4 checked tasks are done.\n');
  });

  it('graph prints Mermaid and dot', async () => {
    const io = await fakeIO();
    await main(['graph', '--only', 'web'], { project: project(), io });
    expect(io.out()).toBe('flowchart LR\n  n0["ns"]\n  n1["db"]\n  n2["app"]\n  n0 --> n1\n  n1 --> n2\n');
    const dot = await fakeIO();
    await main(['graph', '--format', 'dot', '--only', 'db'], { project: project(), io: dot });
    expect(dot.out()).toContain('"ns" -> "db";');
  });
});
