/**
 * A run's explicit state, and the small steps over it that the scheduler's event loop (scheduler.ts) is
 * made of: emitting (every event also goes into the run's result), the start-of-run announcements, inputs,
 * priorities, what a node's decision is asked with, skipping, and what the journal remembers.
 *
 * Deals with: one run's bookkeeping. Does not deal with: the order things happen in (scheduler.ts), the
 * rules of the decision (decide.ts), slots and locks (slots.ts).
 */
import { checkFor, decideInputOf, type DecideInput } from './decide.ts';
import { MaxHeap } from './heap.ts';
import type { Journal, JournalEntry } from './journal.ts';
import { buildStates, readInputs, type NodeInputs, type NodeState } from './node-state.ts';
import { remainingPathWeights } from './priority.ts';
import type { CheckOutcome } from './run-check.ts';
import { RunResultBuilder } from './run-result.ts';
import { Slots } from './slots.ts';
import type { EventSink, RunEvent, RunMode, SkipReason } from './types.ts';
import type { ValidGraph } from './validate.ts';

/** Options for {@link runGraph}. */
export interface RunGraphOptions {
  readonly mode: RunMode;
  /** The node ids to run (from `selectSubgraph`). */
  readonly selected: ReadonlySet<string>;
  /** At most this many nodes do work at once. */
  readonly concurrency: number;
  /**
   * At most this many checks at once. `undefined` means max(concurrency, 32): enough for every check of
   * a graph of a few dozen nodes to start together, so none waits for a slot in a no-op re-run.
   */
  readonly checkConcurrency?: number;
  /** Keep running branches that do not depend on a failure (like `make -k`). */
  readonly keepGoing?: boolean;
  /**
   * Nodes that run even when their check says done or the journal remembers them (`up --force`); `up` only.
   * `undefined` means none.
   */
  readonly force?: ReadonlySet<string>;
  /** Aborting it interrupts the run. */
  readonly signal?: AbortSignal;
  /** Where outcomes and fingerprints are remembered. `undefined` means nothing is remembered. */
  readonly journal?: Journal;
  readonly onEvent: EventSink;
  /** The clock for event times. `undefined` means `Date.now`. */
  readonly now?: () => number;
  /** How long an interrupted node may take to finish. `undefined` means NODE_GRACE_MS (10 s). */
  readonly graceMs?: number;
  /** Output lines kept for a failure's summary. `undefined` means 15. */
  readonly tailLines?: number;
}

/** The state of one run; the scheduler's loop extends it. */
export class RunState {
  protected readonly mode: RunMode;
  protected readonly now: () => number;
  protected readonly startedAt: number;
  /** The selected ids in the order they run (`down`: reversed). */
  protected readonly execOrder: string[];
  protected readonly states: Map<string, NodeState>;
  /** Aborted on interrupt; every running node and check listens on it. */
  protected readonly controller = new AbortController();
  protected readonly results = new RunResultBuilder();
  protected readonly slots: Slots<NodeState>;
  protected heap!: MaxHeap<NodeState>;
  /** Nodes pushed on the heap since the last pump. */
  protected readonly unannounced: NodeState[] = [];
  /** Nodes that ran work that may change things (not read-only ones). */
  protected readonly ran = new Set<string>();
  /** Nodes awaiting their check's answer. */
  protected resolving = 0;
  protected finished = 0;
  protected anyFailed = false;
  protected stopping = false;
  protected pumpScheduled = false;
  protected interrupted = false;

  constructor(
    protected readonly graph: ValidGraph,
    protected readonly options: RunGraphOptions,
  ) {
    this.mode = options.mode;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    const ordered = graph.order.filter((id) => options.selected.has(id));
    this.execOrder = this.mode === 'up' ? ordered : ordered.reverse();
    this.states = buildStates(graph, this.execOrder, this.mode);
    this.slots = new Slots(options.concurrency);
  }

  protected emit(event: RunEvent): void {
    this.results.add(event);
    this.options.onEvent(event);
  }

  /** `run-started`, then `node-waiting` with all its dependencies for every node that has any. */
  protected announce(): void {
    const groups = Object.fromEntries(this.execOrder.flatMap((id) => {
      const of = this.graph.nodes.get(id)!.groups ?? [];
      return of.length > 0 ? [[id, of] as const] : [];
    }));
    const { mode, concurrency } = this.options;
    this.emit({ type: 'run-started', at: this.now(), mode, nodes: this.execOrder, concurrency, groups });
    for (const id of this.execOrder) {
      const s = this.states.get(id)!;
      if (s.preds.length > 0) this.emit({ type: 'node-waiting', at: this.now(), id, deps: s.preds });
    }
  }

  /**
   * Fingerprints and staleness, read by {@link applyInputs}: only `up` with a journal needs them (to find
   * changed inputs, and to record them).
   */
  protected inputsOf(journal: Journal): Promise<Map<string, NodeInputs>> {
    return readInputs(this.execOrder, (id) => this.graph.nodes.get(id)!, (id) => this.states.get(id)!.preds, journal);
  }

  protected applyInputs(found: ReadonlyMap<string, NodeInputs>): void {
    for (const [id, inputs] of found) Object.assign(this.states.get(id)!, inputs);
  }

  /** The nodes `up --force` names run without asking their check or the journal. */
  protected markForced(): void {
    if (this.mode !== 'up') return;
    for (const id of this.options.force ?? []) if (this.states.has(id)) this.states.get(id)!.forced = true;
  }

  /** Ready nodes by longest remaining path (weighted by the journal's durations), then execution order. */
  protected priorityHeap(): MaxHeap<NodeState> {
    const { journal } = this.options;
    const priority = remainingPathWeights(
      this.execOrder,
      (id) => this.states.get(id)!.succs,
      (id) => Math.max(1, journal?.get(id)?.durationMs ?? 1),
    );
    return new MaxHeap<NodeState>((a, b) => {
      const pa = priority.get(a.node.id)!;
      const pb = priority.get(b.node.id)!;
      return pa !== pb ? pa > pb : a.index < b.index;
    });
  }

  /** The node's check for the run's mode. */
  protected checkOf(s: NodeState) {
    return checkFor(s.node, this.mode);
  }

  protected logTo(s: NodeState): (line: string) => void {
    const tailLines = this.options.tailLines ?? 15;
    return (line) => {
      s.tail.push(line);
      if (s.tail.length > tailLines) s.tail.shift();
      this.emit({ type: 'node-output', at: this.now(), id: s.node.id, line });
    };
  }

  protected warnTo(s: NodeState): (message: string) => void {
    return (message) => {
      this.logTo(s)(`warning: ${message}`);
      this.emit({ type: 'warning', at: this.now(), id: s.node.id, message });
    };
  }

  /** What {@link decide} is asked with for `s`; `check` once its check answered. */
  protected decideInput(s: NodeState, check?: CheckOutcome): DecideInput {
    return decideInputOf(s.node, s, this.options, check);
  }

  /** `s` ended: done, skipped, failed or interrupted. */
  protected markFinished(s: NodeState): void {
    s.finished = true;
    this.finished++;
  }

  protected skip(s: NodeState, reason: SkipReason, detail?: string): NodeState {
    this.markFinished(s);
    this.emit({ type: 'node-skipped', at: this.now(), id: s.node.id, reason, ...(detail === undefined ? {} : { detail }) });
    if (reason === 'check') this.record(s, 'done', this.options.journal?.get(s.node.id)?.durationMs ?? 0);
    return s;
  }

  /** What the journal remembers: `up` records every end, `down` forgets what it took down. */
  protected record(s: NodeState, outcome: JournalEntry['outcome'], durationMs: number): void {
    const { journal } = this.options;
    if (!journal) return;
    const id = s.node.id;
    if (this.mode === 'down') {
      if (outcome === 'done') journal.delete(id);
      return;
    }
    journal.set(id, { outcome, fingerprint: s.fingerprint ?? '', durationMs, finishedAt: new Date().toISOString() });
  }
}
