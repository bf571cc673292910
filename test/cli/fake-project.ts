/**
 * Small in-memory projects for CLI tests: nodes whose check and run read and write one `done` set, and a
 * four-task project with a secret, a failing task and a gated one.
 */
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

/** The secret the four-task project's tasks print; output and logs must show it as `***`. */
export const SECRET = 'Sup3r-Secret-Value!';

/**
 *   ns ──► db (data) ──► app (web)
 *    └───► cache (data)
 * Four tasks in two groups whose runs log {@link SECRET}: `extra.fail` names a task that throws, `extra.gate`
 * holds `db` until it settles (or the run is interrupted), `extra.done` is the set the checks read.
 */
export function fourTaskProject(
  overrides: Partial<ProjectContext> = {},
  extra: { fail?: string; gate?: Promise<void>; done?: Set<string> } = {},
): Project {
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
