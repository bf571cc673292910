/**
 * The CLI shell: help, version, parsing and bad input, warnings, unexpected errors, and the read-only
 * commands (plan, status, graph). Runs (up, down, Ctrl-C) are in run-command.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import type { Project } from '../../cli/project.ts';
import { fakeIO } from './fake-io.ts';
import { fourTaskProject as project, SECRET } from './fake-project.ts';

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
