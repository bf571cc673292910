/**
 * The live terminal view: one concurrent listr2 list with one task per selected node.
 *
 * listr2 only draws. Each task's function waits for its node's final event from the engine and updates the
 * task's title and output as events arrive; the engine alone decides what runs, when, and how often.
 *
 * Deals with: mapping node events to listr2 task titles, states, output, skips and failures.
 * Does not deal with: the summary, log files, or choosing between this view and the plain one.
 */
import {
  DefaultRenderer,
  Listr,
  ListrLogger,
  ListrTaskState,
  ProcessOutput,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';
import type { RunEvent, RunMode } from '../engine/types.ts';
import { describeSkip, firstLine, formatDuration, stripAnsi } from './format.ts';
import type { Reporter } from './reporter.ts';

type FinalEvent = Extract<RunEvent, { type: 'node-done' | 'node-skipped' | 'node-failed' }>;
// The wrapper's renderer type parameters do not matter here: only title, output, skip and task.state$ are used.
type TaskWrapper = ListrTaskWrapper<unknown, any, any>;

/** Options of {@link createListrReporter}. */
export interface ListrReporterOptions {
  /** Titles by node id; a node missing here is shown by its id. */
  readonly nodes: readonly { readonly id: string; readonly title: string }[];
  /** Show each running node's latest output lines under its title. */
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
}

/** What the view knows of one node. */
interface NodeView {
  readonly id: string;
  readonly title: string;
  /** Shown after the title (`waiting for Namespaces`, `retry 2/5 in 4s: …`); `undefined` means the title alone. */
  status: string | undefined;
  /** Waiting nodes are drawn as pending (not started) rather than with a spinner. */
  waiting: boolean;
  /** From the last retry event; `undefined` until the node retries. */
  maxAttempts: number | undefined;
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

/**
 * A live listr2 view of a run. The list starts on `run-started`; `close()` waits until it has drawn its last
 * frame. Nodes that never got a final event are shown as not started when the run finishes (or on close).
 */
export function createListrReporter(options: ListrReporterOptions): ListrReporter {
  const titles = new Map(options.nodes.map((node) => [node.id, node.title]));
  const views = new Map<string, NodeView>();
  const redact = options.redact;
  const outputLines = options.outputLines ?? 5;
  let mode: RunMode = 'up';
  let lastAt = 0;
  let running: Promise<void> | undefined;
  let attached = 0;
  let markStarted: () => void = () => undefined;
  const allStarted = new Promise<void>((resolve) => {
    markStarted = resolve;
  });

  const titleOf = (id: string): string => titles.get(id) ?? id;

  function draw(view: NodeView): void {
    const wrapper = view.wrapper;
    if (wrapper === undefined || view.final !== undefined) return;
    const state = wrapper.task.state;
    if (view.waiting && state === ListrTaskState.STARTED) wrapper.task.state$ = ListrTaskState.WAITING;
    if (!view.waiting && state === ListrTaskState.WAITING) wrapper.task.state$ = ListrTaskState.STARTED;
    wrapper.title = redact(view.status === undefined ? view.title : `${view.title} — ${view.status}`);
  }

  function finish(view: NodeView, event: FinalEvent, wrapper: TaskWrapper): void {
    switch (event.type) {
      case 'node-done': {
        // listr2 marks a task completed only from the started state.
        if (wrapper.task.state === ListrTaskState.WAITING) wrapper.task.state$ = ListrTaskState.STARTED;
        const attempts = event.attempts > 1 ? `, ${event.attempts} attempts` : '';
        wrapper.title = redact(`${view.title} (${formatDuration(event.durationMs)}${attempts})`);
        return;
      }
      case 'node-skipped':
        wrapper.skip(redact(`${view.title} — skipped: ${describeSkip(event.reason, mode)}`));
        return;
      case 'node-failed': {
        const verb = event.interrupted ? 'interrupted' : 'failed';
        const attempts = event.attempts > 1 ? `${event.attempts} attempts, ` : '';
        const error = stripAnsi(firstLine(event.error));
        // Throwing is how listr2 marks a task failed; exitOnError: false keeps the other tasks going.
        throw new Error(
          redact(`${view.title} — ${verb} after ${attempts}${formatDuration(event.durationMs)}${error ? `: ${error}` : ''}`),
        );
      }
    }
  }

  function createView(id: string): NodeView {
    let settle: (event: FinalEvent) => void = () => undefined;
    const settled = new Promise<FinalEvent>((resolve) => {
      settle = resolve;
    });
    const view: NodeView = {
      id,
      title: titleOf(id),
      status: undefined,
      waiting: true,
      maxAttempts: undefined,
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

  function taskFor(view: NodeView): ListrTask<unknown> {
    return {
      title: redact(view.title),
      rendererOptions: { outputBar: options.verbose ? outputLines : false, persistentOutput: false },
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

  function start(ids: readonly string[]): void {
    for (const id of ids) if (!views.has(id)) views.set(id, createView(id));
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
            renderer: LiveRenderer,
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
      view.settle({ type: 'node-skipped', id: view.id, reason: 'not-started', at });
    }
  }

  return {
    started: () => allStarted,
    onEvent(event) {
      lastAt = event.at;
      if (event.type === 'run-started') {
        mode = event.mode;
        if (running === undefined) start(event.nodes);
        return;
      }
      if (event.type === 'warning') {
        // While listr2 draws, this is held back and printed under the final frame.
        options.stream.write(`${redact(`⚠ ${firstLine(stripAnsi(event.message))}`)}\n`);
        return;
      }
      if (event.type === 'run-finished') {
        settleRest(event.at);
        return;
      }
      const view = views.get(event.id);
      if (view === undefined || view.final !== undefined) return;
      switch (event.type) {
        case 'node-waiting':
          view.waiting = true;
          view.status = describeWaitTitled(event.deps, event.lock, titleOf);
          break;
        case 'node-checking':
          view.waiting = false;
          view.status = 'checking';
          break;
        case 'node-started': {
          view.waiting = false;
          const notes = [
            ...(event.attempt > 1 ? [`attempt ${event.attempt}${view.maxAttempts ? `/${view.maxAttempts}` : ''}`] : []),
            ...(event.forced === 'fingerprint' ? ['inputs changed'] : event.forced === 'force' ? ['--force'] : []),
          ];
          view.status = notes.length > 0 ? notes.join(', ') : undefined;
          break;
        }
        case 'node-retrying':
          view.waiting = false;
          view.maxAttempts = event.maxAttempts;
          view.status =
            `retry ${event.attempt}/${event.maxAttempts} in ${formatDuration(event.delayMs)}: ` +
            stripAnsi(firstLine(event.error));
          break;
        case 'node-output': {
          if (!options.verbose) return;
          const line = redact(stripAnsi(event.line));
          if (view.wrapper === undefined) {
            view.pendingOutput.push(line);
            view.pendingOutput.splice(0, view.pendingOutput.length - outputLines);
          } else {
            view.wrapper.output = line;
          }
          return;
        }
        case 'node-done':
        case 'node-skipped':
        case 'node-failed':
          view.settle(event);
          return;
      }
      draw(view);
    },
    async close() {
      settleRest(lastAt);
      await running;
    },
  };
}

/** `waiting for Namespaces, CRDs` (titles, as on screen), `waiting for lock helm`, `waiting for a free slot`. */
function describeWaitTitled(deps: readonly string[], lock: string | undefined, titleOf: (id: string) => string): string {
  if (lock !== undefined) return `waiting for lock ${lock}`;
  if (deps.length > 0) return `waiting for ${deps.map(titleOf).join(', ')}`;
  return 'waiting for a free slot';
}

/**
 * listr2's live renderer, declared usable without a TTY on process.stdout: the reporter draws on the stream
 * it was given once chooseMode picked `tty`, whatever process.stdout is.
 */
class LiveRenderer extends DefaultRenderer {
  static override nonTTY = true;
}
