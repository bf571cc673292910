/**
 * The steps every command takes before touching anything: load the project (config), validate the graph,
 * resolve the selection. Any problem here is bad input, reported all at once, and nothing runs.
 */
import { selectSubgraph, validateGraph, type RunMode, type ValidGraph } from '../engine/index.ts';
import { ExitCode } from './exit-codes.ts';
import type { CliIO } from './io.ts';
import type { SelectOptions } from './options.ts';
import type { Project, ProjectContext } from './project.ts';
import { resolveStateDir, stateLayout, type StateLayout } from '../state/layout.ts';

/** A project ready to run: its context, the valid graph, the selected ids and the state folder's layout. */
export interface Prepared {
  readonly context: ProjectContext;
  readonly graph: ValidGraph;
  readonly selected: ReadonlySet<string>;
  /** Resolved here, once per command; everything after uses it. */
  readonly state: StateLayout;
}

/** Loads and validates; on bad input prints every problem and returns the exit code instead. */
export async function prepare(
  project: Project,
  io: CliIO,
  mode: RunMode,
  options: SelectOptions,
  { verify = true, purpose }: { verify?: boolean; purpose?: 'graph' } = {},
): Promise<Prepared | { exitCode: number }> {
  const state = stateLayout(resolveStateDir(io, options));
  const loaded = await project.load({
    env: io.env,
    cwd: io.cwd,
    stateDir: state.dir,
    ...(options.envFile ? { envFile: options.envFile } : {}),
    ...(purpose ? { purpose } : {}),
  });
  if (!loaded.ok) {
    for (const warning of loaded.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
    return badInput(io, 'the configuration has problems', loaded.problems);
  }
  const { context } = loaded;
  for (const warning of context.warnings) io.stderr.write(`warning: ${warning}\n`);
  const validation = validateGraph(context.nodes, { declaredGroups: context.declaredGroups ?? [] });
  if (!validation.ok) return badInput(io, 'the task graph is invalid', validation.problems.map((p) => p.message));
  const selection = selectSubgraph(validation.graph, {
    mode,
    ...(options.only ? { only: options.only } : {}),
    ...(options.from ? { from: options.from } : {}),
    noDeps: options.deps === false,
  });
  if (!selection.ok) return badInput(io, 'the selection is not valid', selection.problems);
  if (verify && context.verify) {
    const problems = await context.verify();
    if (problems.length > 0) return badInput(io, 'the environment has problems', problems);
  }
  return { context, graph: validation.graph, selected: selection.ids, state };
}

/** Prints a heading and one line per problem; returns the bad-input exit code. */
export function badInput(io: CliIO, heading: string, problems: readonly string[]): { exitCode: number } {
  io.stderr.write(`error: ${heading}:\n${problems.map((p) => `  ${p}\n`).join('')}`);
  return { exitCode: ExitCode.badInput };
}
