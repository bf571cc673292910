/**
 * What the generic CLI needs from a project (the DataSpoke dev environment, or a test graph).
 *
 * Deals with: loading configuration and building nodes, with bad input reported before anything runs.
 * Does not deal with: running (the engine) or drawing (the reporters).
 */
import type { TaskNode } from '../engine/index.ts';

/** A question `down` asks before it removes anything; `--yes` answers yes to all of them. */
export interface DownQuestion {
  /**
   * The question, or a function of what `down` will remove (the selected ids, less what an earlier "no"
   * kept), so it names only that.
   */
  readonly question: string | ((selected: ReadonlySet<string>) => string);
  /** Node ids that are removed only when the answer is yes. `undefined` means "the whole down". */
  readonly gates?: readonly string[];
}

/** How the graph's groups stand after a successful `up`. */
export interface GroupStates {
  /** Groups whose every task is done: in this run, or (not selected) found done by its check. */
  readonly installed: readonly string[];
  /** Groups with a task this run did not select and that its check does not find done. */
  readonly notSelected: readonly string[];
}

/** A loaded, validated project, ready to run. */
export interface ProjectContext {
  readonly nodes: readonly TaskNode[];
  /** Group names the README promises; a group with no member is a graph problem. */
  readonly declaredGroups?: readonly string[];
  /** Every secret value, so output and logs can be redacted. */
  readonly secrets: readonly string[];
  /** Problems worth a line that do not stop the run; every command prints them. */
  readonly warnings: readonly string[];
  /**
   * Warnings that only `up` prints, once per run: settings the environment does not need but its users will
   * (e.g. the app's LLM key); repeating them on every `plan` or `status` would only be noise. `undefined`
   * means none.
   */
  readonly upWarnings?: readonly string[];
  /** Questions `down` asks, in order. `undefined` means one generic question. */
  readonly downQuestions?: readonly DownQuestion[];
  /**
   * Lines printed after a successful `up` (where things are, how to reach them), given how the groups
   * stand: a partial `up` must not speak of what it did not install.
   */
  summary?(groups: GroupStates): Promise<readonly string[]>;
  /**
   * What keeps the checks from being trusted: a missing tool, a cluster that does not answer. One line per
   * problem, none when all is well. `plan` and `status` ask it while their checks run, and stop with exit 1
   * when there is any (every check would say "not done"). `undefined` means the checks can always run.
   */
  probe?(): Promise<readonly string[]>;
  /**
   * Checks of the surroundings that read local settings only (e.g. that the kube context exists); each
   * problem is bad input. Run after the command line is known to be valid, never for `graph`.
   */
  verify?(): Promise<readonly string[]>;
}

/** Options every command passes to {@link Project.load}. */
export interface LoadOptions {
  /** `--env` (or `--env-file`): the environment file to read. `undefined` means the project's default. */
  readonly envFile?: string;
  /** The process environment (it overrides the file). */
  readonly env: NodeJS.ProcessEnv;
  /** The directory the command was started in (relative paths are resolved against it). */
  readonly cwd: string;
  /** The absolute state folder (journal, logs, generated files). */
  readonly stateDir: string;
  /**
   * `graph`: only the nodes' ids, dependencies and titles are needed, so a missing or incomplete configuration
   * must not stop it and no secret is read. `undefined` means a command that runs or checks the nodes.
   */
  readonly purpose?: 'graph';
}

/** A project the CLI can drive. */
export interface Project {
  /** Used in help texts, e.g. "the DataSpoke dev environment". */
  readonly description: string;
  /** Reads and validates configuration and builds the nodes. Must not touch the cluster. */
  load(
    options: LoadOptions,
  ): Promise<
    | { ok: true; context: ProjectContext }
    /** `warnings`: lines that help explain the problems (e.g. a misspelt variable); `undefined` means none. */
    | { ok: false; problems: readonly string[]; warnings?: readonly string[] }
  >;
}
