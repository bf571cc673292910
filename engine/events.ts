/**
 * The events a run emits, defined once: as zod schemas, from which the TypeScript types are inferred.
 *
 * Deals with: the shape of every event (and of a node's failure), so the engine's type and the check the
 * run report makes on a recorded `events.jsonl` cannot drift apart. A field added after the first version
 * is optional, so runs recorded by older versions still load.
 * Does not deal with: emitting (scheduler.ts), reading files (report/event-schema.ts), wording.
 */
import { z } from 'zod';

const at = z.number().finite();
const id = z.string();
const ids = z.array(id).readonly();

/** Which way a run goes. */
export const runModeSchema = z.enum(['up', 'down']);
export type RunMode = z.infer<typeof runModeSchema>;

/**
 * Why a node did not run its work: `check` (its check said done; in `down`, already gone), `journal` (the
 * journal recorded it done with the same fingerprint, and it has no check), `no-down` (in `down`: nothing to
 * undo), `dependency-failed` (a node it depends on failed; in `down`, a dependent), `not-started` (the run
 * stopped, by a failure elsewhere or an interrupt, before it could start).
 */
export const skipReasonSchema = z.enum(['check', 'journal', 'no-down', 'dependency-failed', 'not-started']);
export type SkipReason = z.infer<typeof skipReasonSchema>;

/** How a whole run ended. */
export const runOutcomeSchema = z.enum(['success', 'failed', 'interrupted']);
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/**
 * What kind of failure ended a node: `permanent` (it said retrying won't help), `timeout` (its own time
 * limit), `interrupted` (the run was), `tool` (a process exited non-zero or was ended by a signal:
 * `exitCode` or `signal`, and `stderrTail`, say how), `error` (anything else).
 */
export const failureKindSchema = z.enum(['permanent', 'timeout', 'interrupted', 'error', 'tool']);
export type FailureKind = z.infer<typeof failureKindSchema>;

/** A node's failure as data, taken from what it threw. */
export const failureSchema = z.object({
  /** The error's message (the same text as the event's `error`). */
  message: z.string(),
  kind: failureKindSchema,
  /** The exit code of the process that failed, when the error carries one. */
  exitCode: z.number().int().optional(),
  /** The signal that ended that process, when one did (it then has no exit code). */
  signal: z.string().optional(),
  /** The last lines of that process's stderr, when the error carries it. */
  stderrTail: z.array(z.string()).readonly().optional(),
});
export type Failure = z.infer<typeof failureSchema>;

/** Every event a run reports, in the order it happens. Reporters consume them; the engine never prints. */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    at,
    mode: runModeSchema,
    nodes: ids,
    concurrency: z.number(),
    /** The groups of the nodes that have any, by id (for reports that group their nodes); added later. */
    groups: z.record(id, z.array(z.string()).readonly()).readonly().optional(),
  }),
  z.object({
    type: z.literal('node-waiting'),
    at,
    id,
    /**
     * Dependencies still pending: all of them at the start of the run, those not finished yet when the
     * node's early check ended before they did (it no longer checks, it waits). Empty when it is ready.
     */
    deps: ids,
    /** Set when a ready node waits for a named lock. */
    lock: z.string().optional(),
    /** With `lock`: the node holding it (added later). */
    holder: z.string().optional(),
    /** Set when a ready node waits for a free slot: the run's concurrency, all of whose slots are busy. */
    slot: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('node-checking'), at, id }),
  z.object({
    type: z.literal('node-started'),
    at,
    id,
    attempt: z.number(),
    /** It ran although it may be done: its inputs changed (`fingerprint`), or `up --force` asked (`force`). */
    forced: z.enum(['fingerprint', 'force']).optional(),
  }),
  z.object({ type: z.literal('node-output'), at, id, line: z.string() }),
  z.object({
    type: z.literal('node-retrying'),
    at,
    id,
    attempt: z.number(),
    maxAttempts: z.number(),
    error: z.string(),
    delayMs: z.number(),
  }),
  z.object({ type: z.literal('node-skipped'), at, id, reason: skipReasonSchema, detail: z.string().optional() }),
  z.object({ type: z.literal('node-done'), at, id, durationMs: z.number(), attempts: z.number() }),
  z.object({
    type: z.literal('node-failed'),
    at,
    id,
    durationMs: z.number(),
    error: z.string(),
    tail: z.array(z.string()).readonly(),
    attempts: z.number(),
    interrupted: z.boolean(),
    /** The failure as data (added later; the engine always sets it). */
    failure: failureSchema.optional(),
  }),
  z.object({ type: z.literal('warning'), at, message: z.string(), id: z.string().optional() }),
  z.object({ type: z.literal('run-finished'), at, outcome: runOutcomeSchema, durationMs: z.number() }),
]);

/** Everything a run reports, in the order it happens. Reporters consume these; the engine never prints. */
export type RunEvent = z.infer<typeof runEventSchema>;

/** The event of one type. */
export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
