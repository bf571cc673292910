/**
 * The read-only commands: `plan`, `status` and `graph`. They run checks at most, never work.
 */
import { openJournal, planRun, type PlanOptions, type PlannedAction, type PlannedNode } from '../engine/index.ts';
import { ExitCode } from './exit-codes.ts';
import { formatGraph, type GraphFormat } from './graph-format.ts';
import type { CliIO } from './io.ts';
import type { SelectOptions } from './options.ts';
import { prepare, type Prepared } from './prepare.ts';
import type { Project } from './project.ts';

const ACTION_TEXT: Record<PlannedAction, string> = {
  run: 'run',
  'run-changed': 'run (inputs changed)',
  'run-forced': 'run (--force)',
  'skip-done': 'skip: already done',
  'skip-journal': 'skip: done in an earlier run',
  'skip-no-down': 'skip: nothing to undo',
  'fail-inputs': 'fail: its inputs could not be computed',
};

/** `plan`: what would run, in order, with the steps that can run in parallel. */
export async function planCommand(project: Project, io: CliIO, options: SelectOptions & { down?: boolean; json?: boolean }) {
  const mode = options.down ? 'down' : 'up';
  const prepared = await prepare(project, io, mode, options);
  if ('exitCode' in prepared) return prepared.exitCode;
  const journal = await openJournal(prepared.state.journal, { onWarning: (m) => io.stderr.write(`warning: ${m}\n`) });
  const plan = await probedPlan(prepared, io, { mode, selected: prepared.selected, journal });
  if ('exitCode' in plan) return plan.exitCode;
  io.stdout.write(options.json ? JSON.stringify({ mode, plan }, null, 2) + '\n' : formatPlan(mode, plan));
  return ExitCode.success;
}

/** The plan as a table plus a one-line total. */
export function formatPlan(mode: 'up' | 'down', plan: readonly PlannedNode[]): string {
  const width = Math.max(4, ...plan.map((p) => p.id.length));
  const lines = [`Plan for ${mode}: ${plan.length} task${plan.length === 1 ? '' : 's'}`, `step  ${'task'.padEnd(width)}  action`];
  for (const p of plan) {
    const step = p.step === 0 ? '-' : String(p.step);
    const detail = p.detail ? ` (${p.detail})` : '';
    lines.push(`${step.padStart(4)}  ${p.id.padEnd(width)}  ${ACTION_TEXT[p.action]}${detail}`);
  }
  const runs = plan.filter((p) => p.step > 0);
  const steps = Math.max(0, ...runs.map((p) => p.step));
  const widest = Math.max(0, ...Array.from({ length: steps }, (_, i) => runs.filter((p) => p.step === i + 1).length));
  lines.push(
    runs.length === 0
      ? 'Nothing to do: everything selected is already done.'
      : `Would run ${runs.length} of ${plan.length} tasks in ${steps} step${steps === 1 ? '' : 's'} (up to ${widest} at once); tasks in the same step can run in parallel.`,
  );
  return lines.join('\n') + '\n';
}

/** `status`: each task's check result. */
export async function statusCommand(project: Project, io: CliIO, options: SelectOptions & { json?: boolean }) {
  const prepared = await prepare(project, io, 'up', options);
  if ('exitCode' in prepared) return prepared.exitCode;
  const plan = await probedPlan(prepared, io, { mode: 'up', selected: prepared.selected });
  if ('exitCode' in plan) return plan.exitCode;
  const rows = plan.map((p) => {
    const hasCheck = !!prepared.graph.nodes.get(p.id)!.check;
    const state = !hasCheck ? 'no check' : p.action === 'skip-done' ? 'done' : 'not done';
    return { id: p.id, title: p.title, state, ...(p.detail ? { detail: p.detail } : {}) };
  });
  const exitCode = rows.some((r) => r.state === 'not done') ? ExitCode.notDone : ExitCode.success;
  if (options.json) {
    io.stdout.write(JSON.stringify({ status: rows }, null, 2) + '\n');
    return exitCode;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  const mark = { done: '✔', 'not done': '✗', 'no check': '·' } as const;
  for (const r of rows) {
    const state = r.state as keyof typeof mark;
    io.stdout.write(`${mark[state]} ${r.id.padEnd(width)}  ${r.state}${r.detail ? ` (${r.detail})` : ''}\n`);
  }
  const done = rows.filter((r) => r.state === 'done').length;
  io.stdout.write(`${done} of ${rows.filter((r) => r.state !== 'no check').length} checked tasks are done.\n`);
  return exitCode;
}

/**
 * The plan, from checks that can be trusted: the project's probe runs alongside them, and when it finds a
 * missing tool or a cluster that does not answer, the checks are stopped and that is what is said (exit 1),
 * not a list of "not done".
 */
async function probedPlan(prepared: Prepared, io: CliIO, options: Omit<PlanOptions, 'signal'>): Promise<PlannedNode[] | { exitCode: number }> {
  const controller = new AbortController();
  const planning = planRun(prepared.graph, { ...options, signal: controller.signal });
  const stop = async (reason: unknown) => {
    controller.abort(reason);
    await planning.catch(() => undefined);
  };
  let problems: readonly string[];
  try {
    problems = (await prepared.context.probe?.()) ?? [];
  } catch (error) {
    await stop(error);
    throw error;
  }
  if (problems.length === 0) return planning;
  await stop(new Error('the checks cannot be trusted'));
  io.stderr.write(`error: cannot check the environment:\n${problems.map((p) => `  ${p}\n`).join('')}`);
  return { exitCode: ExitCode.failed };
}

/** `graph`: the DAG as Mermaid or dot. */
export async function graphCommand(project: Project, io: CliIO, options: SelectOptions & { format: GraphFormat }) {
  // Drawing the graph needs no cluster, no kube context, no secret and no complete configuration.
  const prepared = await prepare(project, io, 'up', options, { verify: false, purpose: 'graph' });
  if ('exitCode' in prepared) return prepared.exitCode;
  io.stdout.write(formatGraph(prepared.graph, prepared.selected, options.format));
  return ExitCode.success;
}

