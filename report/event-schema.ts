/**
 * What a line of `events.jsonl` must look like before the report trusts it: the engine's own event schema
 * (engine/events.ts, where RunEvent is inferred from it), checked field by field, since the file may be
 * truncated, hand-edited or written by another version (fields added since the first version are optional).
 *
 * Event types this version does not know are not errors (a newer engine may add some): they are dropped.
 */
import { runEventSchema as eventSchema, type RunEvent } from '../engine/events.ts';

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
  return { kind: 'event', event: parsed.data };
}
