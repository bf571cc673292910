/**
 * `plan` and `status` do not pass off "could not check" as "not done": when the project's probe finds a
 * missing tool or a cluster that does not answer, they say so and exit 1. `status` exits 4 when something
 * selected is not done, 0 when everything is.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import type { Project } from '../../cli/project.ts';
import { fakeIO } from './fake-io.ts';
import { doneNode, fakeProject } from './fake-project.ts';

//  pre ──► ns ──► db
function project(done: Set<string>, probeProblems?: string[]): Project {
  const nodes = [doneNode(done, 'pre', [], { check: false }), doneNode(done, 'ns', ['pre']), doneNode(done, 'db', ['ns'])];
  return fakeProject(nodes, probeProblems ? { probe: async () => probeProblems } : {});
}

const PROBLEMS = ['helm was not found', 'the cluster does not answer: connection refused'];

describe('plan and status when the checks cannot be trusted', () => {
  for (const command of [['plan'], ['plan', '--down'], ['plan', '--json'], ['status'], ['status', '--json']]) {
    it(`${command.join(' ')} says every problem, prints no check result and exits 1`, async () => {
      const io = await fakeIO();
      expect(await main(command, { project: project(new Set(), PROBLEMS), io })).toBe(ExitCode.failed);
      expect(io.out()).toBe('');
      expect(io.err()).toBe('error: cannot check the environment:\n  helm was not found\n  the cluster does not answer: connection refused\n');
    });
  }
});

describe('status exit codes', () => {
  it('exits 4 when something selected is not done, 0 when everything is (a task without a check does not count)', async () => {
    const done = new Set(['ns']);
    const partly = await fakeIO();
    expect(await main(['status'], { project: project(done, []), io: partly })).toBe(ExitCode.notDone);
    expect(ExitCode.notDone).toBe(4);
    expect(partly.out()).toContain('1 of 2 checked tasks are done.\n');
    const only = await fakeIO();
    expect(await main(['status', '--only', 'ns'], { project: project(done, []), io: only })).toBe(ExitCode.success);
    done.add('db');
    const all = await fakeIO();
    expect(await main(['status', '--json'], { project: project(done, []), io: all })).toBe(ExitCode.success);
    // plan only shows: what would run is no failure.
    done.delete('db');
    expect(await main(['plan'], { project: project(done, []), io: await fakeIO() })).toBe(ExitCode.success);
  });
});
