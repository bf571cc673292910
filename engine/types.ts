/**
 * The engine's vocabulary: task nodes, the context they run in, and what a run returns (its events: events.ts).
 *
 * Deals with: the shape of a graph and of a run, independent of what the nodes do.
 * Does not deal with: Kubernetes, processes, terminals. Nodes never print; they call `ctx.log`.
 */

import type { Failure, RunEvent, RunMode, RunOutcome, SkipReason } from './events.ts';

export type { Failure, FailureKind, RunEvent, RunEventOf, RunMode, RunOutcome, SkipReason } from './events.ts';

/** What a node's `check` (or `downCheck`) answers: `true` means "already done, skip me". */
export type CheckResult = boolean | { done: boolean; detail?: string };

/** Handed to every `check`, `run`, `down` and `downCheck` call. */
export interface NodeContext {
  /** Aborted when the run is interrupted or the node's timeout passes; pass it to child processes. */
  readonly signal: AbortSignal;
  /** One line of output. It goes to the node's log file, to `--verbose`, and to the failure summary's tail. */
  log(line: string): void;
  /** Something the user should see even without `--verbose` (it is logged too). */
  warn(message: string): void;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** How a node's `run` is retried. `undefined` on a node means "never retried". */
export interface RetryPolicy {
  /** Retries after the first attempt (so `retries: 2` means at most 3 attempts). */
  retries: number;
  /** Delay before the first retry, in ms; grows by `factor` each time. Default 1000. */
  minTimeoutMs?: number;
  /** Upper bound of the delay, in ms. Default 30000. */
  maxTimeoutMs?: number;
  /** Backoff growth factor. Default 2. */
  factor?: number;
  /**
   * Whether this error is worth another attempt. `undefined` means every error except a
   * {@link PermanentError} (or any error with `permanent: true`) is retried.
   */
  shouldRetry?: (error: unknown) => boolean;
}

/** One step of the graph. */
export interface TaskNode {
  /** Unique, stable id: it appears in `--only`, `plan`, logs and the journal. */
  readonly id: string;
  /** A short human title for the live view. */
  readonly title: string;
  /**
   * The title in `down`, where the node's work is undone (e.g. "Uninstall ..." for an "Install ..." node).
   * `undefined` means `title` in both directions.
   */
  readonly downTitle?: string;
  /** Ids of the nodes that must finish before this one starts. */
  readonly deps: readonly string[];
  /** Names `--only` can select this node by. `undefined` means none. */
  readonly groups?: readonly string[];
  /** Idempotency check: resolves `true` when the work is already done. `undefined` means "always run". */
  check?(ctx: NodeContext): Promise<CheckResult>;
  /** Does the work. Must be safe to repeat. */
  run(ctx: NodeContext): Promise<void>;
  /** Undoes the work for `down`. `undefined` means the node has nothing to undo. */
  down?(ctx: NodeContext): Promise<void>;
  /** Resolves `true` when there is nothing left to undo. `undefined` means "always run `down`". */
  downCheck?(ctx: NodeContext): Promise<CheckResult>;
  /**
   * The inputs that make up the node's fingerprint (file contents, versions, config values).
   * Any JSON value; a change re-runs the node and everything downstream. `undefined` means no inputs.
   */
  inputs?(): unknown;
  /** Retry settings for `run` and `down`. `undefined` means no retries. */
  readonly retry?: RetryPolicy;
  /** A `run` or `down` that takes longer than this many ms is aborted and fails. `undefined` means no limit. */
  readonly timeoutMs?: number;
  /** Named locks: two nodes that share a lock name never run at the same time. */
  readonly locks?: readonly string[];
  /**
   * The node's `run` only reads (a preflight, a wait for a rollout): after it runs, the early checks of the
   * nodes that depend on it are still valid, and the journal never skips it (it verifies; it does no work
   * to remember). `undefined` means it may change things.
   */
  readonly readOnly?: boolean;
}

/** The node's title for a run in `mode`: `downTitle` in `down` when it has one. */
export function titleOf(node: Pick<TaskNode, 'title' | 'downTitle'>, mode: RunMode): string {
  return mode === 'down' ? (node.downTitle ?? node.title) : node.title;
}

/** Thrown by a node to say "retrying won't help". Any error with `permanent: true` counts the same. */
export class PermanentError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Final state of one node in a run. */
export type NodeOutcome = 'done' | 'skipped' | 'failed' | 'interrupted';

/** How one node of a run ended. */
export interface NodeResult {
  readonly outcome: NodeOutcome;
  /** Where it was skipped: why. */
  readonly reason?: SkipReason;
  /** Where it failed or was interrupted: the error's message. */
  readonly error?: string;
  /** Where it failed or was interrupted: the failure as data. */
  readonly failure?: Failure;
}

/** What a run returns. */
export interface RunResult {
  readonly outcome: RunOutcome;
  /** Per selected node: its outcome, and the skip reason where it was skipped. */
  readonly nodes: ReadonlyMap<string, NodeResult>;
  readonly durationMs: number;
}

/** Receives events as they happen. */
export type EventSink = (event: RunEvent) => void;
