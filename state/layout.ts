/**
 * The state folder's layout: where it is, and every path under it.
 *
 *   <state>/journal.json                what earlier runs finished (engine/journal)
 *   <state>/run.lock, run.lock.json     one run at a time, and who holds it (state/run-lock)
 *   <state>/logs/LATEST                 the newest run's id
 *   <state>/logs/<runId>/               one folder per run (run-output/log-files, report/load-run):
 *       events.jsonl, run.log, <node>.log (<node>~2.log, ... when two ids clean up to the same name),
 *       report.html (`report --format html`)
 *   <state>/charts/<chart>              working copies of the charts helm builds (tasks/chart-deps)
 *   <state>/values/<release>.generated.yaml   values files made for helm (tasks/release)
 *
 * Deals with: resolving the folder once per command (`--state-dir`, else `.state` in the project root) and
 * naming what is in it. Pure: nothing here touches the disk.
 * Does not deal with: creating or checking the folder (folder.ts), or what the files hold.
 */
import { join, resolve } from 'node:path';

/** The folder's name when `--state-dir` is not given. */
export const DEFAULT_STATE_DIR = '.state';

/** The files every run folder has, beside one log per node. */
export const RUN_FILES = { events: 'events.jsonl', runLog: 'run.log' } as const;

/** The paths of one run's log folder. */
export interface RunFolder {
  readonly dir: string;
  /** Every event as JSON, one per line: what `report` reads. */
  readonly events: string;
  /** Every event as a plain line. */
  readonly runLog: string;
  /** Where `report --format html` writes by default. */
  readonly htmlReport: string;
  /** A file in the folder, by name (e.g. a node's log from {@link nodeLogName}). */
  file(name: string): string;
}

/** Every path under a state folder. */
export interface StateLayout {
  /** The state folder itself (absolute). */
  readonly dir: string;
  readonly journal: string;
  /** The run lock (a directory proper-lockfile makes) and the file naming its holder. */
  readonly lock: string;
  readonly lockInfo: string;
  /** The folder holding one folder per run. */
  readonly logs: string;
  /** The file naming the newest run. */
  readonly latestRun: string;
  /** A run's log folder. */
  run(runId: string): RunFolder;
  /** The working copy of a chart. */
  chartCopy(chart: string): string;
  /** The folder of generated values files, and one of them. */
  readonly valuesDir: string;
  valuesFile(release: string): string;
}

/** Where a command keeps its state: the folder given by `--state-dir`, resolved once. */
export interface StateDirOptions {
  /** `--state-dir`, relative to `cwd`. `undefined` means {@link DEFAULT_STATE_DIR} in `root`. */
  readonly stateDir?: string | undefined;
}

/** The absolute state folder: `--state-dir` relative to where the user is, else `.state` in the project root. */
export function resolveStateDir(where: { cwd: string; root?: string | undefined }, options: StateDirOptions): string {
  return options.stateDir === undefined ? resolve(where.root ?? where.cwd, DEFAULT_STATE_DIR) : resolve(where.cwd, options.stateDir);
}

/** The layout of the state folder `dir` (absolute). */
export function stateLayout(dir: string): StateLayout {
  const logs = join(dir, 'logs');
  const valuesDir = join(dir, 'values');
  return {
    dir,
    journal: join(dir, 'journal.json'),
    lock: join(dir, 'run.lock'),
    lockInfo: join(dir, 'run.lock.json'),
    logs,
    latestRun: join(logs, 'LATEST'),
    run: (runId) => runFolder(join(logs, runId)),
    chartCopy: (chart) => join(dir, 'charts', chart),
    valuesDir,
    valuesFile: (release) => join(valuesDir, `${release}.generated.yaml`),
  };
}

/** The layout of a run's log folder `dir`, wherever it is (`report` also reads one given by its path). */
export function runFolder(dir: string): RunFolder {
  return {
    dir,
    events: join(dir, RUN_FILES.events),
    runLog: join(dir, RUN_FILES.runLog),
    htmlReport: join(dir, 'report.html'),
    file: (name) => join(dir, name),
  };
}

/**
 * The name of a node's log in its run folder: `<base>.log`, or `<base>~<n>.log` for the `n`th id (from 2)
 * that cleans up to the same `base`.
 */
export function nodeLogName(base: string, n = 1): string {
  return n === 1 ? `${base}.log` : `${base}~${n}.log`;
}
