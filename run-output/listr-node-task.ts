/**
 * One node's listr2 task in the live view: the task waits for the node's final event and, meanwhile, shows
 * the node's row (live-model.ts) as the task's title, spinner state and output.
 *
 * Deals with: a node's title and spinner (only nodes that check or work spin), its output lines (kept until
 * listr2 starts the task), and its end as listr2 sees it (completed, skipped, or failed by throwing), drawn
 * so that no frame shows a final title with a spinner or counts a node finished while its row still spins.
 * Does not deal with: which renderer draws (listr-renderer.ts), the footer's text, or which events reach
 * which node (listr.ts).
 */
import { ListrTaskEventType, ListrTaskState, type ListrTask, type ListrTaskWrapper } from 'listr2';
import type { RunEvent } from '../engine/types.ts';
import { stripAnsi } from './format.ts';
import { applyLiveEvent, createLiveModel, rowTitle, spins, type LiveRow, type NodeEvent } from './live-model.ts';
import type { FrameHold } from './listr-renderer.ts';

/** The events that end a node's task. */
export type FinalEvent = Extract<RunEvent, { type: 'node-done' | 'node-skipped' | 'node-failed' }>;
// The wrapper's renderer type parameters do not matter here: only title, output, skip and task.state$ are used.
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

/** What the reporter keeps of one node besides its row. */
export interface NodeView {
  readonly id: string;
  readonly row: LiveRow;
  /** Output that arrived before listr2 started the task; replayed when it does. */
  pendingOutput: string[];
  /** `undefined` until listr2 calls the task function. */
  wrapper: TaskWrapper | undefined;
  /** `undefined` until the node's done, skipped or failed event (or the run's end) arrives. */
  final: FinalEvent | undefined;
  /** The final event is in the model already, and frames are held until listr2 has the final state too. */
  finalApplied: boolean;
  settle(event: FinalEvent): void;
  readonly settled: Promise<FinalEvent>;
}

/** What every node's task shares. */
export interface NodeTaskContext {
  /** The live model the rows belong to; a final event reaches it no later than listr2 finishes the task. */
  readonly model: ReturnType<typeof createLiveModel>;
  /** Applied to every title and output line before listr2 sees it. */
  readonly redact: (text: string) => string;
  /** Held while a task's state and title change together. */
  readonly held: FrameHold;
  /** Show the latest `outputLines` output lines; else only the latest line, replaced by each new one. */
  readonly verbose: boolean;
  readonly outputLines: number;
}

/** The view of a row whose node has not finished yet. */
export function createNodeView(row: LiveRow): NodeView {
  let settle: (event: FinalEvent) => void = () => undefined;
  const settled = new Promise<FinalEvent>((resolve) => {
    settle = resolve;
  });
  const view: NodeView = {
    id: row.id,
    row,
    pendingOutput: [],
    wrapper: undefined,
    final: undefined,
    finalApplied: false,
    settled,
    settle(event) {
      if (view.final !== undefined) return;
      view.final = event;
      settle(event);
    },
  };
  return view;
}

/**
 * The node's listr2 task: it shows the row as it is, replays the output that came before, and ends with
 * the node's final event. `onAttached` is called as listr2 starts it, before it draws anything.
 */
export function nodeTask(view: NodeView, context: NodeTaskContext, onAttached: () => void): ListrTask<unknown> {
  return {
    title: context.redact(view.row.title),
    // Without --verbose, one line: the latest, replaced by the next (a progress line in place, not a log).
    rendererOptions: { outputBar: context.verbose ? context.outputLines : 1, persistentOutput: false },
    task: async (_context, wrapper: TaskWrapper) => {
      view.wrapper = wrapper;
      onAttached();
      drawNode(view, context);
      for (const line of view.pendingOutput.splice(0)) wrapper.output = line;
      finishNode(view, await view.settled, wrapper, context);
    },
  };
}

/**
 * Routes one event to its node's view: a final event settles the task (the model sees it in
 * {@link finishNode}); output is shown under the title; any other event redraws the title and spinner.
 */
export function onNodeEvent(view: NodeView, event: NodeEvent, context: NodeTaskContext): void {
  if (view.final !== undefined) return;
  const before = view.row.output;
  // A final event reaches the model in finishNode(), together with listr2's task.
  if (event.type !== 'node-done' && event.type !== 'node-skipped' && event.type !== 'node-failed') applyLiveEvent(context.model, event);
  switch (event.type) {
    case 'node-output':
      if (context.verbose) showOutput(view, context.redact(stripAnsi(event.line)), context.outputLines);
      else if (view.row.output !== undefined && view.row.output !== before) showOutput(view, context.redact(view.row.output), context.outputLines);
      return;
    case 'node-done':
    case 'node-skipped':
    case 'node-failed':
      // The counts change now (the next node may start before listr2 gets to this one's end: a frame in
      // between would count both running), and no frame is drawn until the task shows its end.
      if (view.wrapper !== undefined) {
        applyLiveEvent(context.model, event);
        context.held.count += 1;
        view.finalApplied = true;
      }
      view.settle(event);
      return;
    default:
      drawNode(view, context);
  }
}

/** The row's title on its task, with a spinner only while the node checks or works. */
function drawNode(view: NodeView, context: NodeTaskContext): void {
  const wrapper = view.wrapper;
  if (wrapper === undefined || view.final !== undefined) return;
  const state = wrapper.task.state;
  const spin = spins(view.row.state);
  // The live renderer draws on every change: the state alone would show a frame with the old title.
  context.held.count += 1;
  try {
    if (!spin && state === ListrTaskState.STARTED) wrapper.task.state$ = ListrTaskState.WAITING;
    if (spin && state === ListrTaskState.WAITING) wrapper.task.state$ = ListrTaskState.STARTED;
  } finally {
    context.held.count -= 1;
  }
  wrapper.title = context.redact(rowTitle(view.row));
}

/** An output line on the task, or kept (the last `outputLines` of them) until listr2 starts it. */
function showOutput(view: NodeView, line: string, outputLines: number): void {
  if (view.wrapper === undefined) {
    view.pendingOutput.push(line);
    view.pendingOutput.splice(0, view.pendingOutput.length - outputLines);
  } else {
    view.wrapper.output = line;
  }
}

/**
 * Applies the node's final event to the model (unless it arrived while the task ran: then it is there already,
 * with frames held since), as listr2 is about to finalize its task, and draws
 * no frame until listr2 has set the final state: a frame never counts a node finished in the footer while
 * its row still spins, nor shows a final title with a spinner.
 */
function finishNode(view: NodeView, event: FinalEvent, wrapper: TaskWrapper, context: NodeTaskContext): void {
  if (!view.finalApplied) applyLiveEvent(context.model, event);
  const text = context.redact(rowTitle(view.row));
  // Several tasks may finish at once: each holds the drawing until its own final state is set.
  const release = holdUntilStateChange(wrapper, context.held);
  // The hold taken when the final event arrived is now covered by the one above.
  if (view.finalApplied) context.held.count -= 1;
  switch (event.type) {
    case 'node-done':
      // listr2 marks a task completed only from the started state.
      if (wrapper.task.state === ListrTaskState.WAITING) {
        wrapper.task.off(ListrTaskEventType.STATE, release);
        wrapper.task.state$ = ListrTaskState.STARTED;
        wrapper.task.once(ListrTaskEventType.STATE, release);
      }
      wrapper.title = text;
      return;
    case 'node-skipped':
      wrapper.skip(text);
      return;
    case 'node-failed':
      // Throwing is how listr2 marks a task failed; exitOnError: false keeps the other tasks going.
      throw new Error(text);
  }
}

/**
 * Holds the drawing until the task's next state change (or the next turn of the event loop, should listr2
 * not change the state after all). Returns the release, listening for that change.
 */
function holdUntilStateChange(wrapper: TaskWrapper, held: FrameHold): () => void {
  held.count += 1;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.count -= 1;
  };
  wrapper.task.once(ListrTaskEventType.STATE, release);
  // Should listr2 not change the state after all, drawing resumes anyway.
  setImmediate(release);
  return release;
}
