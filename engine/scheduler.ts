/**
 * The scheduler: runs the selected part of a valid graph, in either direction, as an event loop over the
 * run's state (run-state.ts).
 *
 * Deals with: true DAG scheduling (a node starts the moment its last dependency finishes), the order of
 * things: a node becomes ready once, is decided (decide.ts, after its early check where it has one), queued
 * by priority, started when a slot and its locks are free (slots.ts), and releases what waits on it; failure
 * (stop, or --keep-going) and interrupts.
 * Does not deal with: printing (it emits {@link RunEvent}s) or what the nodes do.
 */
import { setMaxListeners } from 'node:events';
import { decide, type Decision } from './decide.ts';
import { prepareEarlyChecks } from './early-checks.ts';
import { executeNode, NODE_GRACE_MS, type ExecuteResult } from './execute-node.ts';
import type { NodeState } from './node-state.ts';
import { evaluateCheck, type CheckOutcome } from './run-check.ts';
import { RunState, type RunGraphOptions } from './run-state.ts';
import type { Failure, RunEvent, RunResult } from './types.ts';
import type { ValidGraph } from './validate.ts';

export type { RunGraphOptions } from './run-state.ts';

/** Runs the selection and resolves with every node's outcome; never rejects for a node's failure. */
export async function runGraph(graph: ValidGraph, options: RunGraphOptions): Promise<RunResult> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
  return new GraphRun(graph, options).run();
}

/** One run: the steps of its event loop, as methods over the run's state. */
class GraphRun extends RunState {
  #settle!: () => void;
  readonly #allSettled = new Promise<void>((resolve) => (this.#settle = resolve));

  constructor(graph: ValidGraph, options: RunGraphOptions) {
    super(graph, options);
    setMaxListeners(0, this.controller.signal);
  }

  async run(): Promise<RunResult> {
    const { signal, journal } = this.options;
    const onExternalAbort = () => this.#interrupt();
    signal?.addEventListener('abort', onExternalAbort, { once: true });
    this.announce();
    if (this.mode === 'up' && journal) this.applyInputs(await this.inputsOf(journal));
    this.markForced();
    this.heap = this.priorityHeap();
    const launchChecks = this.#prepareEarlyChecks();
    // The nodes ready at the start are those with no predecessor, taken before any of them is handled: one
    // that finishes at once (nothing to undo, skipped by the journal) makes its successors ready itself.
    const readyAtStart = this.execOrder.map((id) => this.states.get(id)!).filter((s) => s.preds.length === 0);
    for (const s of readyAtStart) void this.#onReady(s);
    // The nodes that are ready start first: launching a check starts its process at once, and a dozen of
    // those ahead of the first node would delay the whole run by their start-up.
    setImmediate(launchChecks);
    this.#maybeSettle();
    await this.#allSettled;
    signal?.removeEventListener('abort', onExternalAbort);
    return this.#finish();
  }

  /**
   * Early checks for every node whose decision may need its check (decide's rules: it has one, its inputs
   * did not change, it is not forced, and in `down` it has something to undo); the returned function
   * launches them.
   */
  #prepareEarlyChecks(): () => void {
    const mode = this.mode;
    return prepareEarlyChecks({
      queue: this.execOrder
        .map((id) => this.states.get(id)!)
        .filter((s) => this.checkOf(s) && !s.stale && !s.forced && !(mode === 'down' && !s.node.down)),
      limit: this.options.checkConcurrency ?? Math.max(this.options.concurrency, 32),
      signal: this.controller.signal,
      emit: (event) => this.emit(event),
      now: this.now,
      checkOf: (s) => this.checkOf(s)!.bind(s.node),
      logTo: (s) => this.logTo(s),
      warnTo: (s) => this.warnTo(s),
      // Checked before it is ready: it no longer checks, it waits for what it needs.
      onChecked: (s) => {
        if (!s.readied && !s.finished && !this.stopping) this.#emitWaitingForDeps(s);
      },
    });
  }

  /** `node-waiting` with the dependencies not finished yet. */
  #emitWaitingForDeps(s: NodeState): void {
    const deps = s.preds.filter((p) => !this.states.get(p)!.finished);
    if (deps.length > 0) this.emit({ type: 'node-waiting', at: this.now(), id: s.node.id, deps });
  }

  /** The one way into a node's decision, queue and work: it lets each node through once. */
  async #onReady(s: NodeState): Promise<void> {
    if (s.readied) return;
    s.readied = true;
    if (s.finished || this.stopping) return this.#maybeSettle();
    let decision = decide(this.decideInput(s));
    if (decision.kind === 'ask-check') {
      this.resolving++;
      let check = await s.earlyCheck!;
      // An early "done" may be out of date once something it depends on has actually run.
      if (check.done && s.preds.some((p) => this.ran.has(p))) check = await this.#recheck(s);
      this.resolving--;
      decision = decide(this.decideInput(s, check));
      if (decision.kind !== 'skip-done' && this.stopping) return this.#maybeSettle();
    }
    this.#act(s, decision);
  }

  #recheck(s: NodeState): Promise<CheckOutcome> {
    this.emit({ type: 'node-checking', at: this.now(), id: s.node.id });
    return evaluateCheck(this.checkOf(s)!.bind(s.node), this.controller.signal, this.logTo(s), this.warnTo(s));
  }

  #act(s: NodeState, decision: Decision): void {
    switch (decision.kind) {
      case 'skip-no-down':
        return this.#complete(this.skip(s, 'no-down'));
      case 'skip-done':
        return this.#complete(this.skip(s, 'check', decision.detail));
      case 'skip-journal':
        return this.#complete(this.skip(s, 'journal'));
      case 'fail-inputs':
        return this.#fail(s, { message: `could not compute its inputs: ${decision.error}`, kind: 'error' }, 1);
      default:
        return this.#enqueue(s);
    }
  }

  /** Queues a ready node; the pump runs once all nodes that became ready at this moment are queued. */
  #enqueue(s: NodeState): void {
    this.#push(s);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.#pump();
    });
  }

  /** Every way into the heap: the pump tells the node it waits for a slot if it does not start at once. */
  #push(s: NodeState): void {
    s.place = 'queued';
    this.heap.push(s);
    this.unannounced.push(s);
  }

  /** Starts queued nodes while slots are free; parks those whose lock is held. */
  #pump(): void {
    while (!this.stopping && this.slots.free && this.heap.size > 0) {
      const s = this.heap.pop()!;
      const busy = this.slots.busyLock(s.node.locks);
      if (busy === undefined) {
        this.#start(s);
        continue;
      }
      this.slots.park(busy.lock, s);
      s.place = 'lock';
      this.emit({ type: 'node-waiting', at: this.now(), id: s.node.id, deps: [], lock: busy.lock, holder: busy.holder });
    }
    // Queued nodes the pump could not start wait for a free slot (those already told stay told).
    for (const s of this.unannounced.splice(0)) {
      if (s.place === 'queued' && !this.stopping && !s.finished) {
        this.emit({ type: 'node-waiting', at: this.now(), id: s.node.id, deps: [], slot: this.options.concurrency });
      }
    }
    this.#maybeSettle();
  }

  #start(s: NodeState): void {
    const id = s.node.id;
    this.slots.take(id, s.node.locks);
    s.place = 'running';
    const work = this.mode === 'up' ? s.node.run : s.node.down!;
    const begun = this.now();
    const forced = s.stale ? ('fingerprint' as const) : s.forced ? ('force' as const) : undefined;
    this.emit({ type: 'node-started', at: begun, id, attempt: 1, ...(forced ? { forced } : {}) });
    void executeNode({
      id,
      work: work.bind(s.node),
      retry: s.node.retry,
      timeoutMs: s.node.timeoutMs,
      runSignal: this.controller.signal,
      graceMs: this.options.graceMs ?? NODE_GRACE_MS,
      log: this.logTo(s),
      warn: this.warnTo(s),
      emit: (event) => {
        // The failure summary's "Last output" is the last attempt's: earlier ones are in the node's log.
        if (event.type === 'node-retrying') s.tail.length = 0;
        this.emit(event);
      },
      now: this.now,
    }).then((result) => this.#ended(s, result, begun));
  }

  /** A node's work ended: free its slot and locks, record how it went, start what can start. */
  #ended(s: NodeState, result: ExecuteResult, begun: number): void {
    for (const waiter of this.slots.give(s.node.locks)) this.#push(waiter);
    const durationMs = this.now() - begun;
    if (result.ok) {
      if (!s.node.readOnly) this.ran.add(s.node.id);
      this.markFinished(s);
      this.emit({ type: 'node-done', at: this.now(), id: s.node.id, durationMs, attempts: result.attempts });
      this.record(s, 'done', durationMs);
      this.#complete(s);
    } else {
      this.#fail(s, result.failure, result.attempts, durationMs);
    }
    this.#pump();
  }

  #fail(s: NodeState, failure: Failure, attempts: number, durationMs = 0): void {
    const interrupted = failure.kind === 'interrupted';
    this.markFinished(s);
    const { id } = s.node;
    const error = failure.message;
    this.emit({ type: 'node-failed', at: this.now(), id, durationMs, error, tail: [...s.tail], attempts, interrupted, failure });
    this.record(s, interrupted ? 'interrupted' : 'failed', durationMs);
    if (!interrupted) {
      this.anyFailed = true;
      if (!this.options.keepGoing) this.stopping = true;
      this.#skipDownstream(s);
    }
    this.#maybeSettle();
  }

  /** Marks every node that (transitively) waits on `s` as skipped because of it. */
  #skipDownstream(s: NodeState): void {
    const queue = [...s.succs];
    for (let head = 0; head < queue.length; head++) {
      const t = this.states.get(queue[head]!)!;
      if (t.finished) continue;
      this.skip(t, 'dependency-failed', `needs "${s.node.id}"`);
      queue.push(...t.succs);
    }
  }

  /** A node finished without failing: release whatever waited on it. */
  #complete(s: NodeState): void {
    for (const succId of s.succs) {
      const t = this.states.get(succId)!;
      t.remaining--;
      if (t.remaining === 0) void this.#onReady(t);
    }
    this.#maybeSettle();
  }

  #interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.stopping = true;
    this.controller.abort(this.options.signal?.reason ?? new Error('interrupted'));
    this.#maybeSettle();
  }

  #maybeSettle(): void {
    if (this.slots.running > 0 || this.resolving > 0 || this.pumpScheduled) return;
    // Nothing is running or resolving a check: with every node finished, or no new node allowed to start,
    // nothing can change any more.
    if (this.finished >= this.execOrder.length || this.stopping) this.#settle();
  }

  /** What did not start is skipped; the journal is flushed; `run-finished`; the result the events built. */
  async #finish(): Promise<RunResult> {
    for (const id of this.execOrder) {
      const s = this.states.get(id)!;
      if (!s.finished) this.skip(s, 'not-started');
    }
    const outcome = this.interrupted ? 'interrupted' : this.anyFailed ? 'failed' : 'success';
    try {
      await this.options.journal?.flush();
    } catch (error) {
      this.emit({ type: 'warning', at: this.now(), message: (error as Error).message });
    }
    const durationMs = this.now() - this.startedAt;
    this.emit({ type: 'run-finished', at: this.now(), outcome, durationMs });
    return this.results.result();
  }
}
