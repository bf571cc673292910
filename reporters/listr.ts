/**
 * The live terminal view: one concurrent listr2 list with one task per selected node.
 *
 * listr2 only draws. Each task's function waits for its node's final event from the engine and updates the
 * task's title and output as events arrive; the engine alone decides what runs, when, and how often.
 *
 * Deals with: mapping the live model's rows (live-model.ts) to listr2 task titles, states, output, skips and
 * failures, and drawing the model's footer.
 * Does not deal with: the summary, log files, or choosing between this view and the plain one.
 */
import {
  DefaultRenderer,
  Listr,
  ListrDefaultRendererLogLevels,
  ListrLogger,
  ListrTaskEventType,
  ListrTaskState,
  ProcessOutput,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';
import type { RunEvent } from '../engine/types.ts';
import { firstLine, stripAnsi } from './format.ts';
import { applyLiveEvent, createLiveModel, footerLine, rowTitle, spins, type LiveRow } from './live-model.ts';
import type { Reporter } from './reporter.ts';

type FinalEvent = Extract<RunEvent, { type: 'node-done' | 'node-skipped' | 'node-failed' }>;
// The wrapper's renderer type parameters do not matter here: only title, output, skip and task.state$ are used.
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

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

/** What the reporter keeps of one node besides its row. */
interface NodeView {
  readonly id: string;
  readonly row: LiveRow;
  /** Output that arrived before listr2 started the task; replayed when it does. */
  pendingOutput: string[];
  /** `undefined` until listr2 calls the task function. */
  wrapper: TaskWrapper | undefined;
  /** `undefined` until the node's done, skipped or failed event (or the run's end) arrives. */
  final: FinalEvent | undefined;
  settle(event: FinalEvent): void;
  readonly settled: Promise<FinalEvent>;
}

/** The listr2 view, with a hook for tests. */
export interface ListrReporter extends Reporter {
  /** Resolves once listr2 has called every node's task function (after `run-started`). */
  started(): Promise<void>;
}

/** The mark of a node that waits (for dependencies, a lock or a slot): not a spinner. */
export const WAITING_ICON = '◌';

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
  const outputLines = options.outputLines ?? 5;
  const clock = options.now ?? Date.now;
  let wallStart: number | undefined;
  let lastAt = 0;
  let running: Promise<void> | undefined;
  let attached = 0;
  let markStarted: () => void = () => undefined;
  const allStarted = new Promise<void>((resolve) => {
    markStarted = resolve;
  });

  /** While above 0, the live renderer skips redraws (a state change waits for the title that goes with it). */
  const held = { count: 0 };
  const footer = (): string => redact(footerLine(model, wallStart === undefined ? 0 : clock() - wallStart));

  function draw(view: NodeView): void {
    const wrapper = view.wrapper;
    if (wrapper === undefined || view.final !== undefined) return;
    const state = wrapper.task.state;
    const spin = spins(view.row.state);
    // The live renderer draws on every change: the state alone would show a frame with the old title.
    held.count += 1;
    try {
      if (!spin && state === ListrTaskState.STARTED) wrapper.task.state$ = ListrTaskState.WAITING;
      if (spin && state === ListrTaskState.WAITING) wrapper.task.state$ = ListrTaskState.STARTED;
    } finally {
      held.count -= 1;
    }
    wrapper.title = redact(rowTitle(view.row));
  }

  /**
   * Applies the node's final event to the model only now, as listr2 is about to finalize its task, and draws
   * no frame until listr2 has set the final state: a frame never counts a node finished in the footer while
   * its row still spins, nor shows a final title with a spinner.
   */
  function finish(view: NodeView, event: FinalEvent, wrapper: TaskWrapper): void {
    applyLiveEvent(model, event);
    const text = redact(rowTitle(view.row));
    // Several tasks may finish at once: each holds the drawing until its own final state is set.
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

  function createView(row: LiveRow): NodeView {
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
      settled,
      settle(event) {
        if (view.final !== undefined) return;
        view.final = event;
        settle(event);
      },
    };
    return view;
  }

  function showOutput(view: NodeView, line: string): void {
    if (view.wrapper === undefined) {
      view.pendingOutput.push(line);
      view.pendingOutput.splice(0, view.pendingOutput.length - outputLines);
    } else {
      view.wrapper.output = line;
    }
  }

  function taskFor(view: NodeView): ListrTask<unknown> {
    return {
      title: redact(view.row.title),
      // Without --verbose, one line: the latest, replaced by the next (a progress line in place, not a log).
      rendererOptions: { outputBar: options.verbose ? outputLines : 1, persistentOutput: false },
      task: async (_context, wrapper: TaskWrapper) => {
        view.wrapper = wrapper;
        attached += 1;
        if (attached === views.size) markStarted();
        draw(view);
        for (const line of view.pendingOutput.splice(0)) wrapper.output = line;
        finish(view, await view.settled, wrapper);
      },
    };
  }

  function start(): void {
    for (const row of model.rows.values()) if (!views.has(row.id)) views.set(row.id, createView(row));
    if (views.size === 0) markStarted();
    const logger = new ListrLogger({
      useIcons: true,
      // ProcessOutput wants tty streams, but only ever calls write() on them.
      processOutput: new ProcessOutput(options.stream as NodeJS.WriteStream, options.stream as NodeJS.WriteStream, {
        leaveEmptyLine: false,
      }),
    });
    const tasks = [...views.values()].map(taskFor);
    const common = {
      concurrent: true,
      exitOnError: false,
      // The CLI owns SIGINT: the engine aborts nodes and reports them; listr2 must not exit the process.
      registerSignalListeners: false,
      // The reporter already chose this view (chooseMode); listr2 must not second-guess it from process.stdout.
      fallbackRendererCondition: false,
      silentRendererCondition: false,
    } as const;
    const renderer = options.renderer ?? 'default';
    const list =
      renderer === 'default'
        ? new Listr<unknown, typeof LiveRenderer>(tasks, {
            ...common,
            renderer: withFooter(footer, held),
            rendererOptions: {
              logger,
              lazy: options.lazy ?? false,
              formatOutput: 'truncate',
              collapseErrors: true,
              collapseSkips: true,
              showSkipMessage: true,
              suffixSkips: false,
              suffixRetries: false,
              showErrorMessage: true,
              icon: { [ListrDefaultRendererLogLevels.WAITING]: WAITING_ICON },
            },
          })
        : renderer === 'simple'
          ? new Listr<unknown, 'simple'>(tasks, { ...common, renderer: 'simple', rendererOptions: { logger } })
          : new Listr<unknown, 'test'>(tasks, {
              ...common,
              renderer: 'test',
              // One JSON line per change, naming the task by its first title; messages on the same stream.
              rendererOptions: { logger, task: ['path'], messagesToStderr: [] },
            });
    running = list.run().then(
      () => undefined,
      // exitOnError: false means this should not happen; if the renderer itself breaks, the run goes on undrawn.
      (error: unknown) => {
        options.stream.write(`listr2 view stopped: ${redact(error instanceof Error ? error.message : String(error))}\n`);
      },
    );
  }

  /** Nodes without a final event when the run ends never started. */
  function settleRest(at: number): void {
    for (const view of views.values()) {
      if (view.final !== undefined) continue;
      view.settle({ type: 'node-skipped', id: view.id, reason: 'not-started', at });
    }
  }

  return {
    started: () => allStarted,
    onEvent(event) {
      lastAt = event.at;
      if (event.type === 'warning') {
        // While listr2 draws, this is held back and printed under the final frame.
        options.stream.write(`${redact(`⚠ ${firstLine(stripAnsi(event.message))}`)}\n`);
        return;
      }
      if (event.type === 'run-started') {
        if (running !== undefined) return;
        wallStart = clock();
        applyLiveEvent(model, event);
        start();
        return;
      }
      if (event.type === 'run-finished') {
        // The rows still open become "not started" as their tasks finish (see finish).
        model.durationMs = event.durationMs;
        settleRest(event.at);
        return;
      }
      const view = views.get(event.id);
      if (view === undefined || view.final !== undefined) return;
      const before = view.row.output;
      // A final event reaches the model in finish(), together with listr2's task.
      if (event.type !== 'node-done' && event.type !== 'node-skipped' && event.type !== 'node-failed') applyLiveEvent(model, event);
      switch (event.type) {
        case 'node-output':
          if (options.verbose) showOutput(view, redact(stripAnsi(event.line)));
          else if (view.row.output !== undefined && view.row.output !== before) showOutput(view, redact(view.row.output));
          return;
        case 'node-done':
        case 'node-skipped':
        case 'node-failed':
          view.settle(event);
          return;
        default:
          draw(view);
      }
    },
    async close() {
      settleRest(lastAt);
      await running;
    },
  };
}

/**
 * listr2's live renderer, declared usable without a TTY on process.stdout: the reporter draws on the stream
 * it was given once chooseMode picked `tty`, whatever process.stdout is.
 */
class LiveRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

/**
 * A {@link LiveRenderer} that draws `footer()` under the tasks, in every frame and in the final one, and
 * draws no frame while `held.count` is above 0.
 */
function withFooter(footer: () => string, held: { readonly count: number }): typeof LiveRenderer {
  return class extends LiveRenderer {
    override update(): void {
      if (held.count === 0) super.update();
    }

    override create(options?: Parameters<DefaultRenderer['create']>[0]): string {
      const frame = super.create(options);
      const line = footer();
      return frame === '' ? line : `${frame}\n\n${line}`;
    }
  };
}
