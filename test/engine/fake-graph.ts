/**
 * In-process fake nodes whose completion the test controls, and an event recorder to await and assert on.
 * No sleeps: tests wait for events, then open gates.
 */
import type { CheckResult, NodeContext, RunEvent, TaskNode } from '../../engine/index.ts';

/** A promise with its resolve/reject exposed. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Records events and lets a test wait for one. */
export class Recorder {
  readonly events: RunEvent[] = [];
  readonly #waiters: { match: (e: RunEvent) => boolean; done: Deferred<RunEvent> }[] = [];

  readonly sink = (event: RunEvent): void => {
    this.events.push(event);
    for (const w of [...this.#waiters]) {
      if (w.match(event)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.done.resolve(event);
      }
    }
  };

  /** Resolves with the first past or future event that matches. */
  waitFor(match: (e: RunEvent) => boolean): Promise<RunEvent> {
    const past = this.events.find(match);
    if (past) return Promise.resolve(past);
    const done = deferred<RunEvent>();
    this.#waiters.push({ match, done });
    return done.promise;
  }

  started(id: string): Promise<RunEvent> {
    return this.waitFor((e) => e.type === 'node-started' && e.id === id);
  }

  /** Ids in the order they emitted events of `type`. */
  order(type: RunEvent['type']): string[] {
    return this.events.filter((e) => e.type === type).map((e) => (e as { id: string }).id);
  }

  /** The largest number of nodes that were running at the same moment. */
  maxConcurrency(ids?: readonly string[]): number {
    let running = 0;
    let max = 0;
    for (const e of this.events) {
      if (!('id' in e) || e.id === undefined || (ids && !ids.includes(e.id))) continue;
      if (e.type === 'node-started') max = Math.max(max, ++running);
      if (e.type === 'node-done' || e.type === 'node-failed') running--;
    }
    return max;
  }

  /** Ids that were running when `id` started. */
  runningWhenStarted(id: string): string[] {
    const running = new Set<string>();
    for (const e of this.events) {
      if (e.type === 'node-started') {
        if (e.id === id) return [...running];
        running.add(e.id);
      }
      if (e.type === 'node-done' || e.type === 'node-failed') running.delete(e.id);
    }
    return [];
  }
}

/** A fake node's behaviour. */
export interface FakeSpec {
  deps?: string[];
  groups?: string[];
  locks?: string[];
  /** `true`/`false`: the check's answer; `undefined`: no check. */
  done?: boolean;
  /** Gated: run (and down) waits until the test calls `gate(id).resolve()`. Otherwise it finishes at once. */
  gated?: boolean;
  /** Fail the first N attempts with this message. */
  failTimes?: number;
  failMessage?: string;
  permanent?: boolean;
  inputs?: unknown;
  retries?: number;
  timeoutMs?: number;
  /** Whether `down` exists; its check answers `goneAlready`. */
  down?: boolean;
  goneAlready?: boolean;
}

/** Builds fake nodes from specs; counts runs and exposes gates. */
export class FakeGraph {
  readonly runs = new Map<string, number>();
  readonly downs = new Map<string, number>();
  readonly checks = new Map<string, number>();
  readonly #gates = new Map<string, Deferred>();
  readonly specs: Record<string, FakeSpec>;

  constructor(specs: Record<string, FakeSpec>) {
    this.specs = specs;
  }

  gate(id: string): Deferred {
    let g = this.#gates.get(id);
    if (!g) this.#gates.set(id, (g = deferred()));
    return g;
  }

  /** Waits until the test opens the node's gate, or the node is aborted. */
  async #waitForGate(id: string, ctx: NodeContext): Promise<void> {
    const abort = new Promise<never>((_, reject) =>
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }),
    );
    await Promise.race([this.gate(id).promise, abort]);
  }

  nodes(): TaskNode[] {
    return Object.entries(this.specs).map(([id, spec]) => this.node(id, spec));
  }

  node(id: string, spec: FakeSpec): TaskNode {
    const bump = (m: Map<string, number>) => m.set(id, (m.get(id) ?? 0) + 1);
    const graph = this;
    return {
      id,
      title: `Task ${id}`,
      deps: spec.deps ?? [],
      ...(spec.groups ? { groups: spec.groups } : {}),
      ...(spec.locks ? { locks: spec.locks } : {}),
      ...(spec.retries !== undefined ? { retry: { retries: spec.retries, minTimeoutMs: 1, maxTimeoutMs: 2 } } : {}),
      ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
      ...(spec.done !== undefined
        ? {
            async check(): Promise<CheckResult> {
              bump(graph.checks);
              return graph.specs[id]!.done!;
            },
          }
        : {}),
      inputs: () => graph.specs[id]!.inputs ?? null,
      async run(ctx: NodeContext) {
        const attempt = bump(graph.runs).get(id)!;
        ctx.log(`${id} attempt ${attempt}`);
        const current = graph.specs[id]!;
        if (attempt <= (current.failTimes ?? 0)) {
          const error = new Error(current.failMessage ?? `${id} broke`);
          if (current.permanent) Object.assign(error, { permanent: true });
          throw error;
        }
        if (current.gated) await graph.#waitForGate(id, ctx);
        current.done = current.done === undefined ? undefined : true;
      },
      ...(spec.down
        ? {
            async down(ctx: NodeContext) {
              bump(graph.downs);
              if (graph.specs[id]!.gated) await graph.#waitForGate(id, ctx);
            },
            async downCheck() {
              return graph.specs[id]!.goneAlready ?? false;
            },
          }
        : {}),
    };
  }
}

/** A plain node for validation and selection tests: it does nothing when run. */
export function plainNode(id: string, deps: string[] = [], groups?: string[]): TaskNode {
  return { id, title: id, deps, ...(groups ? { groups } : {}), run: async () => {} };
}
