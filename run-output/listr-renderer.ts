/**
 * How listr2 draws the live view: which renderer, with which options, on which stream, and the footer line
 * under the tasks.
 *
 * Deals with: listr2's renderers (`default` with its icons, collapsing and footer; `simple` and `test` for
 * tests), the options every list shares (concurrent, no exit on error, no signal handlers, no second-guessing
 * of the terminal), holding frames back while a task's state and title change together, and reporting a
 * renderer that breaks.
 * Does not deal with: the tasks themselves (listr-node-task.ts) or run events (listr.ts).
 */
import {
  DefaultRenderer,
  Listr,
  ListrDefaultRendererLogLevels,
  ListrLogger,
  ProcessOutput,
  type ListrTask,
} from 'listr2';

/** The mark of a node that waits (for dependencies, a lock or a slot): not a spinner. */
export const WAITING_ICON = '◌';

/** While `count` is above 0, the live renderer draws no frame (a state change waits for the title that goes with it). */
export interface FrameHold {
  count: number;
}

/** Options of {@link runList}. */
export interface RunListOptions {
  /** One task per node, in the run's order. */
  readonly tasks: ListrTask<unknown>[];
  /** Where the list is drawn. */
  readonly stream: NodeJS.WritableStream;
  /** `'default'` (the live view), or `'simple'` / `'test'` (one line per change, for tests). */
  readonly renderer: 'default' | 'simple' | 'test';
  /** Redraw only on changes, without a spinner timer (tests); the live renderer only. */
  readonly lazy: boolean;
  /** The line drawn under the tasks by the live renderer, in every frame. */
  readonly footer: () => string;
  /** Frames the live renderer holds back. */
  readonly held: FrameHold;
  /** Applied to the message of a renderer that breaks. */
  readonly redact: (text: string) => string;
}

/**
 * Draws the tasks until each has finished. Resolves then; never rejects: should the renderer itself break,
 * one line says so on the stream and the run goes on undrawn.
 */
export function runList(options: RunListOptions): Promise<void> {
  return createList(options)
    .run()
    .then(
      () => undefined,
      // exitOnError: false means this should not happen; if the renderer itself breaks, the run goes on undrawn.
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        options.stream.write(`listr2 view stopped: ${options.redact(message)}\n`);
      },
    );
}

/** The listr2 list of `options.tasks`, drawn by the chosen renderer. */
function createList(options: RunListOptions): Listr<unknown, any, any> {
  const logger = new ListrLogger({
    useIcons: true,
    // ProcessOutput wants tty streams, but only ever calls write() on them.
    processOutput: new ProcessOutput(options.stream as NodeJS.WriteStream, options.stream as NodeJS.WriteStream, {
      leaveEmptyLine: false,
    }),
  });
  const common = {
    concurrent: true,
    exitOnError: false,
    // The CLI owns SIGINT: the engine aborts nodes and reports them; listr2 must not exit the process.
    registerSignalListeners: false,
    // The reporter already chose this view (chooseMode); listr2 must not second-guess it from process.stdout.
    fallbackRendererCondition: false,
    silentRendererCondition: false,
  } as const;
  const tasks = options.tasks;
  if (options.renderer === 'simple') {
    return new Listr<unknown, 'simple'>(tasks, { ...common, renderer: 'simple', rendererOptions: { logger } });
  }
  if (options.renderer === 'test') {
    return new Listr<unknown, 'test'>(tasks, {
      ...common,
      renderer: 'test',
      // One JSON line per change, naming the task by its first title; messages on the same stream.
      rendererOptions: { logger, task: ['path'], messagesToStderr: [] },
    });
  }
  return new Listr<unknown, typeof LiveRenderer>(tasks, {
    ...common,
    renderer: withFooter(options.footer, options.held),
    rendererOptions: {
      logger,
      lazy: options.lazy,
      formatOutput: 'truncate',
      collapseErrors: true,
      collapseSkips: true,
      showSkipMessage: true,
      suffixSkips: false,
      suffixRetries: false,
      showErrorMessage: true,
      icon: { [ListrDefaultRendererLogLevels.WAITING]: WAITING_ICON },
    },
  });
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
