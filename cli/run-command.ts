/**
 * `up` and `down`: confirm (down), open the journal, wire signals and the reporter, run the graph, exit.
 */
import { openJournal, resolveNames, runGraph, titleOf, type RunMode, type RunResult, type ValidGraph } from '../engine/index.ts';
import { redactStrings } from '../config/redact.ts';
import { pruneRunLogs } from '../run-output/prune-logs.ts';
import { chooseMode, createReporter } from '../run-output/reporter.ts';
import { ExitCode } from './exit-codes.ts';
import { openPrompter, type CliIO } from './io.ts';
import type { RunOptions } from './options.ts';
import { badInput, prepare } from './prepare.ts';
import type { Project, ProjectContext } from './project.ts';
import { createRedactor } from '../config/redact.ts';
import { acquireRunLock } from '../state/run-lock.ts';
import { groupStates } from './group-states.ts';
import { ensureStateFolder } from '../state/folder.ts';
import { listenForInterrupts } from './interrupts.ts';
import type { StateLayout } from '../state/layout.ts';

/** Runs `up` or `down` and returns the exit code. */
export async function runCommand(project: Project, io: CliIO, mode: RunMode, options: RunOptions): Promise<number> {
  const prepared = await prepare(project, io, mode, options);
  if ('exitCode' in prepared) return prepared.exitCode;
  const { context, graph, state } = prepared;
  if (mode === 'up') for (const warning of context.upWarnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  // Before down asks anything: a run that cannot keep its journal and lock must not start.
  const unusable = await ensureStateFolder(state.dir);
  if (unusable !== undefined) {
    io.stderr.write(`error: ${unusable}\n`);
    return ExitCode.badInput;
  }
  let selected = prepared.selected;
  if (mode === 'down') {
    const confirmed = await confirmDown(io, context, graph, selected, options.yes === true);
    if ('exitCode' in confirmed) return confirmed.exitCode;
    selected = confirmed.selected;
  }

  const redact = createRedactor(context.secrets);
  const lock = await acquireRunLock({ state, command: mode, onCompromised: (message) => io.stderr.write(`warning: ${message}\n`) });
  if (!lock.ok) {
    io.stderr.write(`error: ${lock.message}\n`);
    return ExitCode.busy;
  }
  if (lock.warning) io.stderr.write(`warning: ${lock.warning}\n`);
  try {
    return await runLocked({ io, mode, options, context, graph, selected, state, redact });
  } finally {
    await lock.release();
  }
}

/** Everything a locked run needs. */
interface LockedRun {
  readonly io: CliIO;
  readonly mode: RunMode;
  readonly options: RunOptions;
  readonly context: ProjectContext;
  readonly graph: ValidGraph;
  readonly selected: ReadonlySet<string>;
  readonly state: StateLayout;
  readonly redact: (text: string) => string;
}

async function runLocked({ io, mode, options, context, graph, selected, state, redact }: LockedRun): Promise<number> {
  const reporter = createReporter({
    mode: chooseMode({ isTTY: io.stdout.isTTY, env: io.env, silent: options.json === true }),
    verbose: options.verbose === true,
    nodes: graph.order.filter((id) => selected.has(id)).map((id) => ({ id, title: titleOf(graph.nodes.get(id)!, mode) })),
    stream: io.stdout,
    redact,
    stateDir: state.dir,
  });
  const journal = await openJournal(state.journal, {
    onWarning: (message) => io.stderr.write(redact(`warning: ${message}\n`)),
  });

  const interrupts = listenForInterrupts(io, {
    onFirst: (signal) => io.stderr.write(`\n${signal}: stopping — running tasks get a moment to finish cleanly (press Ctrl-C again to force)\n`),
    reason: (signal) => new Error(`interrupted by ${signal}`),
    onAgain: (signal) => io.stderr.write(`${signal} again: forcing exit\n`),
  });

  let result: RunResult | undefined;
  try {
    result = await runGraph(graph, {
      mode,
      selected,
      concurrency: options.concurrency,
      keepGoing: options.keepGoing === true,
      ...(mode === 'up' && options.force ? { force: forcedIds(graph, selected, options) } : {}),
      signal: interrupts.signal,
      journal,
      onEvent: (event) => reporter.onEvent(event),
    });
  } finally {
    interrupts.close();
    await reporter.close(result);
    await pruneRunLogs(state.dir).catch(() => []);
  }
  const exitCode =
    result.outcome === 'success' ? ExitCode.success : result.outcome === 'interrupted' ? ExitCode.interrupted : ExitCode.failed;
  if (options.json) {
    const nodes = [...result.nodes].map(([id, r]) => ({ id, ...redactStrings(r, redact) }));
    const body = { command: mode, outcome: result.outcome, exitCode, durationMs: result.durationMs, logDir: reporter.logDir, nodes };
    io.stdout.write(JSON.stringify(body, null, 2) + '\n');
  } else if (result.outcome === 'interrupted') {
    // What was done is in the journal; the interrupted task is not, so the same command picks it up again.
    io.stdout.write(`Interrupted. Run \`npx zx graph.ts ${mode}\` again to ${mode === 'up' ? 'resume' : 'finish'}.\n`);
  } else if (mode === 'up' && result.outcome === 'success' && context.summary) {
    io.stdout.write(redact((await context.summary(await groupStates(graph, result))).join('\n')) + '\n');
  }
  return exitCode;
}

/**
 * What `up --force` re-runs: the tasks named by `--only` (what they need is added as usual, and keeps its
 * check), else everything selected.
 */
function forcedIds(graph: ValidGraph, selected: ReadonlySet<string>, options: RunOptions): ReadonlySet<string> {
  if (!options.only || options.only.length === 0) return selected;
  return new Set([...resolveNames(graph, options.only, [])].filter((id) => selected.has(id)));
}

/**
 * Asks `down`'s questions (or takes `--yes`). A "no" to an ungated question stops; a "no" to a gated one
 * keeps those nodes, and everything they depend on, out of the down.
 */
async function confirmDown(
  io: CliIO,
  context: ProjectContext,
  graph: ValidGraph,
  selected: ReadonlySet<string>,
  yes: boolean,
): Promise<{ selected: ReadonlySet<string> } | { exitCode: number }> {
  const questions = context.downQuestions ?? [{ question: 'Remove everything selected?' }];
  const result = new Set(selected);
  let prompter: ReturnType<typeof openPrompter> | undefined;
  try {
    for (const { question: asked, gates } of questions) {
      const affected = gates?.filter((id) => result.has(id));
      if ((gates && affected!.length === 0) || yes) continue;
      const question = typeof asked === 'function' ? asked(result) : asked;
      if (!io.stdin.isTTY) {
        return badInput(io, 'down needs confirmation', [
          `"${question}" cannot be asked without a terminal; pass --yes to confirm`,
        ]);
      }
      prompter ??= openPrompter(io);
      if (await prompter.ask(question)) continue;
      if (!gates) {
        io.stdout.write('Nothing removed.\n');
        return { exitCode: ExitCode.success };
      }
      for (const id of keepWithUpstream(graph, affected!)) result.delete(id);
    }
  } finally {
    prompter?.close();
  }
  return { selected: result };
}

/** The ids and everything they depend on: what must stay if they stay. */
function keepWithUpstream(graph: ValidGraph, ids: readonly string[]): Set<string> {
  const keep = new Set(ids);
  const queue = [...ids];
  for (let head = 0; head < queue.length; head++) {
    for (const dep of graph.nodes.get(queue[head]!)!.deps) {
      if (!keep.has(dep)) {
        keep.add(dep);
        queue.push(dep);
      }
    }
  }
  return keep;
}
