/**
 * The scheduler: runs the selected part of a valid graph, in either direction.
 *
 * Deals with: true DAG scheduling (a node starts the moment its last dependency finishes), the concurrency
 * cap, named locks, priorities by longest remaining path, idempotency checks (all started at once, since they
 * only read), fingerprints against the journal, failure (stop, or --keep-going), and interrupts.
 * Does not deal with: printing (it emits {@link RunEvent}s) or what the nodes do.
 */
import { setMaxListeners } from 'node:events';
import { executeNode, NODE_GRACE_MS } from './execute-node.ts';
import { fingerprintOf } from './fingerprint.ts';
import { MaxHeap } from './heap.ts';
import type { Journal } from './journal.ts';
import { remainingPathWeights } from './priority.ts';
import { evaluateCheck, type CheckOutcome } from './run-check.ts';
import type {
  EventSink,
  NodeOutcome,
  RunEvent,
  RunMode,
  RunResult,
  SkipReason,
  TaskNode,
} from './types.ts';
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
  /** How long an interrupted node may take to finish. `undefined` means {@link NODE_GRACE_MS} (10 s). */
  readonly graceMs?: number;
  /** Output lines kept for a failure's summary. `undefined` means 15. */
  readonly tailLines?: number;
}

interface NodeState {
  readonly node: TaskNode;
  readonly index: number;
  readonly preds: string[];
  readonly succs: string[];
  remaining: number;
  /**
   * Set when the node became ready (its last predecessor finished, or it had none). A node becomes ready
   * once: only then is it checked, queued and started, and only then does it release its successors.
   */
  readied: boolean;
  fingerprint?: string;
  inputsError?: string;
  stale: boolean;
  /** In `force`: runs without asking its check or the journal. */
  forced: boolean;
  earlyCheck?: Promise<CheckOutcome>;
  /**
   * Where the node is once ready and not done: in the heap (`queued`), parked behind a lock (`lock`), or
   * running. `undefined` before. Tells the pump which queued nodes still have to be told they wait for a slot.
   */
  place?: 'queued' | 'lock' | 'running';
  tail: string[];
  result?: { outcome: NodeOutcome; reason?: SkipReason; error?: string };
}

/** Runs the selection and resolves with every node's outcome; never rejects for a node's failure. */
export async function runGraph(graph: ValidGraph, options: RunGraphOptions): Promise<RunResult> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  }
  const { mode, journal, keepGoing = false } = options;
  const now = options.now ?? Date.now;
  const emit = (event: RunEvent) => options.onEvent(event);
  const tailLines = options.tailLines ?? 15;
  const startedAt = now();

  const ordered = graph.order.filter((id) => options.selected.has(id));
  const execOrder = mode === 'up' ? ordered : ordered.reverse();
  const states = buildStates(graph, execOrder, mode);
  const runController = new AbortController();
  // Every running node and check listens on this signal (and their child processes do too).
  setMaxListeners(0, runController.signal);
  const onExternalAbort = () => interrupt();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  const groups = Object.fromEntries(execOrder.flatMap((id) => {
    const of = graph.nodes.get(id)!.groups ?? [];
    return of.length > 0 ? [[id, of] as const] : [];
  }));
  emit({ type: 'run-started', at: now(), mode, nodes: execOrder, concurrency: options.concurrency, groups });
  for (const id of execOrder) {
    const s = states.get(id)!;
    if (s.preds.length > 0) emit({ type: 'node-waiting', at: now(), id, deps: s.preds });
  }
  // Fingerprints only matter against a journal (to find changed inputs, and to record them).
  if (mode === 'up' && journal) await computeFingerprints(states, execOrder, journal);
  if (mode === 'up') for (const id of options.force ?? []) if (states.has(id)) states.get(id)!.forced = true;

  const priority = remainingPathWeights(
    execOrder,
    (id) => states.get(id)!.succs,
    (id) => Math.max(1, journal?.get(id)?.durationMs ?? 1),
  );
  const heap = new MaxHeap<NodeState>((a, b) => {
    const pa = priority.get(a.node.id)!;
    const pb = priority.get(b.node.id)!;
    return pa !== pb ? pa > pb : a.index < b.index;
  });
  /** Lock name → id of the node holding it. */
  const lockHolders = new Map<string, string>();
  const lockWaiters = new Map<string, NodeState[]>();
  /** Nodes pushed on the heap since the last pump. */
  const unannounced: NodeState[] = [];
  const ran = new Set<string>();
  let running = 0;
  let resolving = 0;
  let finished = 0;
  let stopping = false;
  let pumpScheduled = false;
  let interrupted = false;
  let settle!: () => void;
  const allSettled = new Promise<void>((resolve) => (settle = resolve));

  const checkFn = (s: NodeState) => (mode === 'up' ? s.node.check : s.node.downCheck);
  const log = (s: NodeState) => (line: string) => {
    s.tail.push(line);
    if (s.tail.length > tailLines) s.tail.shift();
    emit({ type: 'node-output', at: now(), id: s.node.id, line });
  };
  const warn = (s: NodeState) => (message: string) => {
    log(s)(`warning: ${message}`);
    emit({ type: 'warning', at: now(), id: s.node.id, message });
  };
  const launchChecks = prepareEarlyChecks();
  // The nodes ready at the start are those with no predecessor, taken before any of them is handled: one
  // that finishes at once (nothing to undo, skipped by the journal) makes its successors ready itself.
  const readyAtStart = execOrder.map((id) => states.get(id)!).filter((s) => s.preds.length === 0);
  for (const s of readyAtStart) void onReady(s);
  // The nodes that are ready start first: launching a check starts its process at once, and a dozen of
  // those ahead of the first node would delay the whole run by their start-up.
  setImmediate(launchChecks);
  maybeSettle();
  await allSettled;
  options.signal?.removeEventListener('abort', onExternalAbort);

  for (const id of execOrder) {
    const s = states.get(id)!;
    if (!s.result) skip(s, 'not-started');
  }
  const outcome = interrupted ? 'interrupted' : [...states.values()].some((s) => s.result?.outcome === 'failed') ? 'failed' : 'success';
  try {
    await journal?.flush();
  } catch (error) {
    emit({ type: 'warning', at: now(), message: (error as Error).message });
  }
  const durationMs = now() - startedAt;
  emit({ type: 'run-finished', at: now(), outcome, durationMs });
  return {
    outcome,
    durationMs,
    nodes: new Map(execOrder.map((id) => [id, states.get(id)!.result!])),
  };

  /** Gives every checked node the promise of its early check; the returned function launches them. */
  function prepareEarlyChecks(): () => void {
    const limit = options.checkConcurrency ?? Math.max(options.concurrency, 32);
    const queue = execOrder
      .map((id) => states.get(id)!)
      .filter((s) => checkFn(s) && !s.stale && !s.forced && !(mode === 'down' && !s.node.down));
    let active = 0;
    let next = 0;
    const waiting = new Map<NodeState, (outcome: CheckOutcome) => void>();
    const launch = () => {
      while (active < limit && next < queue.length) {
        const s = queue[next++]!;
        active++;
        emit({ type: 'node-checking', at: now(), id: s.node.id });
        void evaluateCheck(checkFn(s)!.bind(s.node), runController.signal, log(s), warn(s)).then((outcome) => {
          active--;
          // Checked before it is ready: it no longer checks, it waits for what it needs.
          if (!s.readied && !s.result && !stopping) emitWaitingForDeps(s);
          waiting.get(s)!(outcome);
          launch();
        });
      }
    };
    for (const s of queue) s.earlyCheck = new Promise<CheckOutcome>((resolve) => waiting.set(s, resolve));
    return launch;
  }

  /** `node-waiting` with the dependencies not finished yet. */
  function emitWaitingForDeps(s: NodeState): void {
    const deps = s.preds.filter((p) => !states.get(p)!.result);
    if (deps.length > 0) emit({ type: 'node-waiting', at: now(), id: s.node.id, deps });
  }

  /** The one way into a node's check, queue and work: it lets each node through once. */
  async function onReady(s: NodeState): Promise<void> {
    if (s.readied) return;
    s.readied = true;
    if (s.result || stopping) return maybeSettle();
    const id = s.node.id;
    if (mode === 'down' && !s.node.down) return complete(skip(s, 'no-down'));
    if (s.inputsError !== undefined) return fail(s, `could not compute its inputs: ${s.inputsError}`, 1, false);
    if (s.stale || s.forced) return enqueue(s);
    const check = checkFn(s);
    if (check) {
      resolving++;
      let outcome = await s.earlyCheck!;
      // An early "done" may be out of date once something it depends on has actually run.
      if (outcome.done && s.preds.some((p) => ran.has(p))) {
        emit({ type: 'node-checking', at: now(), id });
        outcome = await evaluateCheck(check.bind(s.node), runController.signal, log(s), warn(s));
      }
      resolving--;
      if (outcome.done) return complete(skip(s, 'check', outcome.detail));
      if (stopping) return maybeSettle();
      return enqueue(s);
    }
    const entry = journal?.get(id);
    // A read-only node (a preflight) did no work the journal could remember: it verifies, so it always runs.
    if (mode === 'up' && !s.node.readOnly && entry?.outcome === 'done' && entry.fingerprint === s.fingerprint) {
      return complete(skip(s, 'journal'));
    }
    enqueue(s);
  }

  /** Queues a ready node; the pump runs once all nodes that became ready at this moment are queued. */
  function enqueue(s: NodeState): void {
    push(s);
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      pump();
    });
  }

  /** Every way into the heap: the pump tells the node it waits for a slot if it does not start at once. */
  function push(s: NodeState): void {
    s.place = 'queued';
    heap.push(s);
    unannounced.push(s);
  }

  function pump(): void {
    while (!stopping && running < options.concurrency && heap.size > 0) {
      const s = heap.pop()!;
      const busy = s.node.locks?.find((lock) => lockHolders.has(lock));
      if (busy !== undefined) {
        let list = lockWaiters.get(busy);
        if (!list) lockWaiters.set(busy, (list = []));
        list.push(s);
        s.place = 'lock';
        emit({ type: 'node-waiting', at: now(), id: s.node.id, deps: [], lock: busy, holder: lockHolders.get(busy)! });
        continue;
      }
      start(s);
    }
    // Queued nodes the pump could not start wait for a free slot (those already told stay told).
    for (const s of unannounced.splice(0)) {
      if (s.place === 'queued' && !stopping && !s.result) {
        emit({ type: 'node-waiting', at: now(), id: s.node.id, deps: [], slot: options.concurrency });
      }
    }
    maybeSettle();
  }

  function start(s: NodeState): void {
    running++;
    s.place = 'running';
    for (const lock of s.node.locks ?? []) lockHolders.set(lock, s.node.id);
    const id = s.node.id;
    const work = mode === 'up' ? s.node.run : s.node.down!;
    const begun = now();
    const forced = s.stale ? ('fingerprint' as const) : s.forced ? ('force' as const) : undefined;
    emit({ type: 'node-started', at: begun, id, attempt: 1, ...(forced ? { forced } : {}) });
    void executeNode({
      id,
      work: work.bind(s.node),
      retry: s.node.retry,
      timeoutMs: s.node.timeoutMs,
      runSignal: runController.signal,
      graceMs: options.graceMs ?? NODE_GRACE_MS,
      log: log(s),
      warn: warn(s),
      emit,
      now,
    }).then((result) => {
      running--;
      releaseLocks(s);
      const durationMs = now() - begun;
      if (result.ok) {
        if (!s.node.readOnly) ran.add(id);
        s.result = { outcome: 'done' };
        finished++;
        emit({ type: 'node-done', at: now(), id, durationMs, attempts: result.attempts });
        record(s, 'done', durationMs);
        complete(s);
      } else {
        fail(s, result.error, result.attempts, result.interrupted, durationMs);
      }
      pump();
    });
  }

  function releaseLocks(s: NodeState): void {
    for (const lock of s.node.locks ?? []) {
      lockHolders.delete(lock);
      const waiters = lockWaiters.get(lock);
      if (waiters) {
        lockWaiters.delete(lock);
        for (const w of waiters) push(w);
      }
    }
  }

  function fail(s: NodeState, error: string, attempts: number, wasInterrupted: boolean, durationMs = 0): void {
    const id = s.node.id;
    s.result = { outcome: wasInterrupted ? 'interrupted' : 'failed', error };
    finished++;
    emit({ type: 'node-failed', at: now(), id, durationMs, error, tail: [...s.tail], attempts, interrupted: wasInterrupted });
    record(s, wasInterrupted ? 'interrupted' : 'failed', durationMs);
    if (!wasInterrupted) {
      if (!keepGoing) stopping = true;
      skipDownstream(s);
    }
    maybeSettle();
  }

  /** Marks every node that (transitively) waits on `s` as skipped because of it. */
  function skipDownstream(s: NodeState): void {
    const queue = [...s.succs];
    for (let head = 0; head < queue.length; head++) {
      const t = states.get(queue[head]!)!;
      if (t.result) continue;
      skip(t, 'dependency-failed', `needs "${s.node.id}"`);
      queue.push(...t.succs);
    }
  }

  function skip(s: NodeState, reason: SkipReason, detail?: string): NodeState {
    s.result = { outcome: 'skipped', reason };
    finished++;
    emit({ type: 'node-skipped', at: now(), id: s.node.id, reason, ...(detail === undefined ? {} : { detail }) });
    if (reason === 'check') record(s, 'done', journal?.get(s.node.id)?.durationMs ?? 0);
    return s;
  }

  /** A node finished without failing: release whatever waited on it. */
  function complete(s: NodeState): void {
    for (const succId of s.succs) {
      const t = states.get(succId)!;
      t.remaining--;
      if (t.remaining === 0) void onReady(t);
    }
    maybeSettle();
  }

  function record(s: NodeState, outcome: 'done' | 'failed' | 'interrupted', durationMs: number): void {
    if (!journal) return;
    const id = s.node.id;
    if (mode === 'down') {
      if (outcome === 'done') journal.delete(id);
      return;
    }
    journal.set(id, { outcome, fingerprint: s.fingerprint ?? '', durationMs, finishedAt: new Date().toISOString() });
  }

  function interrupt(): void {
    if (interrupted) return;
    interrupted = true;
    stopping = true;
    runController.abort(options.signal?.reason ?? new Error('interrupted'));
    maybeSettle();
  }

  function maybeSettle(): void {
    if (running > 0 || resolving > 0 || pumpScheduled) return;
    // Nothing is running or resolving a check: with every node finished, or no new node allowed to start,
    // nothing can change any more.
    if (finished >= execOrder.length || stopping) settle();
  }
}

function buildStates(graph: ValidGraph, execOrder: readonly string[], mode: RunMode): Map<string, NodeState> {
  const inSelection = new Set(execOrder);
  const states = new Map<string, NodeState>();
  execOrder.forEach((id, index) => {
    const node = graph.nodes.get(id)!;
    const deps = [...new Set(node.deps)].filter((d) => inSelection.has(d));
    const dependents = graph.dependents.get(id)!.filter((d) => inSelection.has(d));
    const preds = mode === 'up' ? deps : dependents;
    const succs = mode === 'up' ? dependents : deps;
    states.set(id, { node, index, preds, succs, remaining: preds.length, readied: false, stale: false, forced: false, tail: [] });
  });
  return states;
}

/** Fingerprints every node and marks as stale those whose inputs changed since the journal saw them, and their downstream. */
async function computeFingerprints(states: Map<string, NodeState>, execOrder: readonly string[], journal?: Journal) {
  for (const id of execOrder) {
    const s = states.get(id)!;
    try {
      const inputs = s.node.inputs?.();
      s.fingerprint = fingerprintOf((inputs instanceof Promise ? await inputs : inputs) ?? null);
    } catch (error) {
      s.inputsError = (error as Error).message;
    }
    const entry = journal?.get(id);
    const changed = entry !== undefined && s.fingerprint !== undefined && entry.fingerprint !== s.fingerprint;
    s.stale = changed || s.preds.some((p) => states.get(p)!.stale);
  }
}
