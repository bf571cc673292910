/**
 * What a line of `events.jsonl` must look like before the report trusts it: the engine's RunEvent union,
 * checked field by field, since the file may be truncated, hand-edited or written by another version.
 *
 * Event types this version does not know are not errors (a newer engine may add some): they are dropped.
 */
import { z } from 'zod';
import type { RunEvent } from '../engine/types.ts';

const at = z.number().finite();
const id = z.string();
const skipReason = z.enum(['check', 'journal', 'no-down', 'dependency-failed', 'not-started']);

const eventSchema = z.discriminatedUnion('type', [
  // `groups` is missing from runs recorded before it existed.
  z.object({ type: z.literal('run-started'), at, mode: z.enum(['up', 'down']), nodes: z.array(id), concurrency: z.number(), groups: z.record(id, z.array(z.string())).optional() }),
  // `holder` (the node holding the lock) is not emitted by the engine yet; read it when it is.
  z.object({ type: z.literal('node-waiting'), at, id, deps: z.array(id), lock: z.string().optional(), holder: z.string().optional(), slot: z.number().int().positive().optional() }),
  z.object({ type: z.literal('node-checking'), at, id }),
  z.object({ type: z.literal('node-started'), at, id, attempt: z.number(), forced: z.enum(['fingerprint', 'force']).optional() }),
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
  z.object({ type: z.literal('node-skipped'), at, id, reason: skipReason, detail: z.string().optional() }),
  z.object({ type: z.literal('node-done'), at, id, durationMs: z.number(), attempts: z.number() }),
  z.object({
    type: z.literal('node-failed'),
    at,
    id,
    durationMs: z.number(),
    error: z.string(),
    tail: z.array(z.string()),
    attempts: z.number(),
    interrupted: z.boolean(),
  }),
  z.object({ type: z.literal('warning'), at, message: z.string(), id: z.string().optional() }),
  z.object({
    type: z.literal('run-finished'),
    at,
    outcome: z.enum(['success', 'failed', 'interrupted']),
    durationMs: z.number(),
  }),
]);

const KNOWN_TYPES = new Set(eventSchema.options.map((option) => option.shape.type.value));

/** How one line parsed: an event, a line to ignore quietly, or a problem worth a warning. */
export type ParsedLine = { kind: 'event'; event: RunEvent } | { kind: 'ignored' } | { kind: 'problem'; message: string };

/** Parses one line of `events.jsonl`. */
export function parseEventLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'problem', message: 'is not JSON (a run killed while writing leaves a cut-off last line)' };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && !KNOWN_TYPES.has(type as RunEvent['type'])) return { kind: 'ignored' };
  const parsed = eventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { kind: 'problem', message: `is not a valid event (${where}${issue?.message ?? 'unknown problem'})` };
  }
  return { kind: 'event', event: parsed.data as RunEvent };
}
