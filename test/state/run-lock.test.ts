import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import type { Project } from '../../cli/project.ts';
import { deferred } from '../engine/fake-graph.ts';
import { fakeIO } from '../cli/fake-io.ts';

function gatedProject(gate: Promise<void>, started: () => void): Project {
  return {
    description: 'lock test',
    async load() {
      return {
        ok: true,
        context: {
          secrets: [],
          warnings: [],
          nodes: [{ id: 'slow', title: 'slow', deps: [], run: async () => (started(), await gate) }],
        },
      };
    },
  };
}

describe('one run at a time', () => {
  it('a second up against the same state folder refuses at once, naming the running process', async () => {
    const gate = deferred();
    const running = deferred();
    const first = await fakeIO();
    const firstRun = main(['up'], { project: gatedProject(gate.promise, running.resolve), io: first });
    await running.promise;
    const second = await fakeIO({ cwd: first.cwd });
    expect(await main(['up'], { project: gatedProject(Promise.resolve(), () => {}), io: second })).toBe(ExitCode.busy);
    expect(second.err()).toMatch(
      new RegExp(`^error: another run is in progress in .*\\.state: pid ${process.pid} on ${hostname()} \\(up, started .*\\)\\. Wait for it to finish, or stop it \\(Ctrl-C in its terminal\\)\\.\\n$`),
    );
    gate.resolve();
    expect(await firstRun).toBe(ExitCode.success);
    const third = await fakeIO({ cwd: first.cwd });
    expect(await main(['up'], { project: gatedProject(Promise.resolve(), () => {}), io: third })).toBe(ExitCode.success);
  });

  it('a lock left by a crashed run (dead pid) is taken over with a warning', async () => {
    const io = await fakeIO();
    const state = join(io.cwd, '.state');
    await mkdir(join(state, 'run.lock'), { recursive: true });
    const now = new Date();
    await utimes(join(state, 'run.lock'), now, now);
    await writeFile(join(state, 'run.lock.json'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: 'up', startedAt: 'earlier' }));
    expect(await main(['up'], { project: gatedProject(Promise.resolve(), () => {}), io })).toBe(ExitCode.success);
    expect(io.err()).toContain(
      `warning: a previous run (pid ${2 ** 22 + 12345}, up, started earlier) ended without releasing the run lock; taking it over`,
    );
  });
});
