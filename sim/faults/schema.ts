/**
 * Validates fault specs at the edge (the harness), so faults.json only ever holds well-formed faults.
 */
import { z } from 'zod';
import type { FaultSpec } from './types.ts';

const scope = {
  tool: z.enum(['kubectl', 'helm']).optional(),
  match: z.union([z.string(), z.object({ regex: z.string() })]).optional(),
  times: z.number().int().positive().optional(),
  id: z.string().min(1).optional(),
};
const target = { object: z.string().min(1), namespace: z.string().min(1).optional() };

const faultSchema = z.discriminatedUnion('kind', [
  z.object({ ...scope, kind: z.enum(['connection-refused', 'tls-handshake-timeout', 'etcd-leader-changed', 'conflict', 'unreachable', 'forbidden', 'hang', 'killed']) }).strict(),
  z.object({ ...scope, kind: z.literal('slow'), delayMs: z.number().nonnegative() }).strict(),
  z.object({ ...scope, kind: z.literal('release-fails'), message: z.string().optional() }).strict(),
  z.object({ ...scope, ...target, kind: z.enum(['pod-oomkilled', 'pod-crashloop', 'pod-imagepull', 'pod-unschedulable']) }).strict(),
  z.object({ ...scope, ...target, kind: z.literal('job-fails'), afterMs: z.number().nonnegative().optional() }).strict(),
  z.object({ ...scope, ...target, kind: z.literal('slow-ready'), durationMs: z.number().nonnegative() }).strict(),
  z.object({ ...scope, ...target, kind: z.literal('appear-delay'), delayMs: z.number().nonnegative() }).strict(),
  z.object({
    kind: z.literal('release-pending'),
    release: z.string().min(1),
    namespace: z.string().min(1),
    status: z.enum(['pending-install', 'pending-upgrade', 'pending-rollback']),
    id: z.string().min(1).optional(),
  }).strict(),
]);

/** Returns the spec when valid; throws an Error listing every problem otherwise. */
export function validateFaultSpec(spec: unknown): FaultSpec {
  const parsed = faultSchema.safeParse(spec);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'fault'}: ${i.message}`);
    throw new Error(`invalid fault: ${problems.join('; ')}`);
  }
  const match = 'match' in parsed.data ? parsed.data.match : undefined;
  if (typeof match === 'object') new RegExp(match.regex); // throws on a bad pattern, at injection time
  return parsed.data as FaultSpec;
}
