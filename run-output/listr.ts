/**
 * The live terminal view: one concurrent listr2 list with one task per selected node.
 *
 * listr2 only draws. Each task's function waits for its node's final event from the engine and updates the
 * task's title and output as events arrive; the engine alone decides what runs, when, and how often.
 *
 * Deals with: routing run events (the list starts on `run-started`; warnings are printed; nodes still open
 * at the run's end are settled as not started; node events go to their node's task), and the footer's text.
 * Does not deal with: one node's task (listr-node-task.ts), listr2's renderers and their options
 * (listr-renderer.ts), the rows' wording (live-model.ts), the summary, log files, or choosing between this
 * view and the plain one.
 */
import { firstLine, stripAnsi } from './format.ts';
import { createNodeView, nodeTask, onNodeEvent, type NodeTaskContext, type NodeView } from './listr-node-task.ts';
import { runList, WAITING_ICON, type FrameHold } from './listr-renderer.ts';
import { applyLiveEvent, createLiveModel, footerLine } from './live-model.ts';
import type { Reporter } from './reporter.ts';

export { WAITING_ICON };

/** Options of {@link createListrReporter}. */
export interface ListrReporterOptions {
  /** Titles by node id; a node missing here is shown by its id. */
  readonly nodes: readonly { readonly id: string; readonly title: string }[];
  /**
   * Show each running node's latest output lines under its title. Without it, a running node shows its
   * latest line only, replaced by each new one.
   */
  readonly verbose: boolean;
  /** Where the view is drawn. */
  readonly stream: NodeJS.WritableStream;
  /** Applied to every title, message and output line before listr2 sees it. */
  readonly redact: (text: string) => string;
  /**
   * Which listr2 renderer draws: `'default'` (the live view, also the `undefined` case), or `'simple'` /
   * `'test'` (one line per change, for tests).
   */
  readonly renderer?: 'default' | 'simple' | 'test';
  /** Redraw only on changes, without a spinner timer (tests). `undefined` means `false`. */
  readonly lazy?: boolean;
  /** How many output lines a running node shows with `verbose`. `undefined` means 5. */
  readonly outputLines?: number;
  /** The wall clock for the footer's elapsed time. `undefined` means `Date.now`. */
  readonly now?: () => number;
}

/** The listr2 view, with a hook for tests. */
export interface ListrReporter extends Reporter {
  /** Resolves once listr2 has called every node's task function (after `run-started`). */
  started(): Promise<void>;
}

/**
 * A live listr2 view of a run, drawn from the rows of a {@link createLiveModel} model: only nodes that check
 * or work spin; waiting ones show {@link WAITING_ICON} and what they wait for; a running node shows its latest
 * output line; a footer line gives the elapsed time and `n/total done`. The list starts on `run-started`;
 * `close()` waits until it has drawn its last frame. Nodes that never got a final event are shown as not
 * started when the run finishes (or on close).
 */
export function createListrReporter(options: ListrReporterOptions): ListrReporter {
  const model = createLiveModel(new Map(options.nodes.map((node) => [node.id, node.title])));
  const views = new Map<string, NodeView>();
  const redact = options.redact;
  const clock = options.now ?? Date.now;
  /** While above 0, the live renderer skips redraws (a state change waits for the title that goes with it). */
  const held: FrameHold = { count: 0 };
  const context: NodeTaskContext = { model, redact, held, verbose: options.verbose, outputLines: options.outputLines ?? 5 };
  const attached = countdown();
  let wallStart: number | undefined;
  let lastAt = 0;
  let running: Promise<void> | undefined;

  function start(): void {
    for (const row of model.rows.values()) if (!views.has(row.id)) views.set(row.id, createNodeView(row));
    if (views.size === 0) attached.open();
    running = runList({
      tasks: [...views.values()].map((view) => nodeTask(view, context, () => attached.tick(views.size))),
      stream: options.stream,
      renderer: options.renderer ?? 'default',
      lazy: options.lazy ?? false,
      footer: () => redact(footerLine(model, wallStart === undefined ? 0 : clock() - wallStart)),
      held,
      redact,
    });
  }

  return {
    started: () => attached.done,
    onEvent(event) {
      lastAt = event.at;
      if (event.type === 'warning') {
        // While listr2 draws, this is held back and printed under the final frame.
        options.stream.write(`${redact(`⚠ ${firstLine(stripAnsi(event.message))}`)}\n`);
      } else if (event.type === 'run-started') {
        if (running !== undefined) return;
        wallStart = clock();
        applyLiveEvent(model, event);
        start();
      } else if (event.type === 'run-finished') {
        // The rows still open become "not started" as their tasks finish (see listr-node-task.ts).
        model.durationMs = event.durationMs;
        settleRest(views, event.at);
      } else {
        const view = views.get(event.id);
        if (view !== undefined) onNodeEvent(view, event, context);
      }
    },
    async close() {
      settleRest(views, lastAt);
      await running;
    },
  };
}

/** Nodes without a final event when the run ends never started. */
function settleRest(views: ReadonlyMap<string, NodeView>, at: number): void {
  for (const view of views.values()) {
    if (view.final !== undefined) continue;
    view.settle({ type: 'node-skipped', id: view.id, reason: 'not-started', at });
  }
}

/** `done` resolves once `tick(total)` has been called `total` times, or on `open()`. */
function countdown(): { readonly done: Promise<void>; tick(total: number): void; open(): void } {
  let open: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  let count = 0;
  return {
    done,
    tick(total) {
      count += 1;
      if (count === total) open();
    },
    open: () => open(),
  };
}
