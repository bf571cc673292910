/** A small in-memory project for CLI tests: nodes whose check and run read and write one `done` set. */
import type { Project, ProjectContext } from '../../cli/project.ts';
import type { TaskNode } from '../../engine/index.ts';

/** A node done when `done` has its id; running adds it. `check: false` leaves it without a check. */
export function doneNode(done: Set<string>, id: string, deps: string[], options: { groups?: string[]; check?: boolean } = {}): TaskNode {
  return {
    id,
    title: `Create ${id}`,
    deps,
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.check === false ? {} : { check: async () => done.has(id) }),
    run: async () => void done.add(id),
  };
}

/** A project that always loads, with these nodes and context fields (no secrets, no warnings unless given). */
export function fakeProject(nodes: TaskNode[], context: Partial<ProjectContext> = {}): Project {
  return {
    description: 'a test environment',
    async load() {
      return { ok: true, context: { nodes, secrets: [], warnings: [], ...context } };
    },
  };
}
