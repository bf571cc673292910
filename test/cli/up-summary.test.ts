/**
 * The project's summary after `up` learns which groups are installed: done in this run, or (not selected)
 * found done by their checks.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import type { GroupStates, Project } from '../../cli/project.ts';
import { fakeIO } from './fake-io.ts';
import { doneNode, fakeProject } from './fake-project.ts';

//  ns ──► db (data) ──► app (web)
//   └───► cache (data)
function project(done: Set<string>, seen: GroupStates[]): Project {
  const node = (id: string, deps: string[], groups?: string[]) => doneNode(done, id, deps, groups ? { groups } : {});
  return fakeProject([node('ns', []), node('db', ['ns'], ['data']), node('app', ['db'], ['web']), node('cache', ['ns'], ['data'])], {
    summary: async (groups) => {
      seen.push(groups);
      return [`installed: ${groups.installed.join(', ') || '-'}; not selected: ${groups.notSelected.join(', ') || '-'}`];
    },
  });
}

describe('the summary after up', () => {
  it('is told which groups are installed and which were not selected', async () => {
    const done = new Set<string>();
    const seen: GroupStates[] = [];
    const up = async (...args: string[]) => {
      const io = await fakeIO();
      expect(await main(['up', ...args], { project: project(done, seen), io })).toBe(ExitCode.success);
      return io.out();
    };
    expect(await up('--only', 'db')).toContain('installed: -; not selected: data, web\n');
    expect(await up('--only', 'cache')).toContain('installed: data; not selected: web\n');
    expect(await up('--only', 'web')).toContain('installed: data, web; not selected: -\n');
    done.delete('cache');
    expect(await up('--only', 'web')).toContain('installed: web; not selected: data\n');
    expect(await up()).toContain('installed: data, web; not selected: -\n');
    expect(seen).toHaveLength(5);
  });
});
