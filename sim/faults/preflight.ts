/**
 * What happens before a command does its work: the call faults that fire on it, and the API latency.
 */
import type { Invocation } from '../core/invocation.ts';
import { takeCallFault } from './match.ts';
import type { ApiErrorKind, StoredFault } from './types.ts';

/** What the command is, for deciding which faults apply. */
export interface PreflightOptions {
  /** The call talks to the API server (API errors and latency apply). */
  cluster: boolean;
  /** The call changes the cluster (conflicts apply). */
  mutating: boolean;
  /** helm upgrade/install: a `killed` fault is returned to the command (it dies after recording pending). */
  releaseOperation?: boolean;
}

/** A fault the command itself must act on. */
export type PreflightFault =
  | { kind: 'api-error'; error: ApiErrorKind }
  | { kind: 'killed' }
  | { kind: 'release-fails'; message: string };

const API_ERRORS = new Set(['connection-refused', 'tls-handshake-timeout', 'etcd-leader-changed', 'conflict', 'unreachable', 'forbidden']);

/**
 * Fires the matching call fault (sleeping for `slow`, never returning for `hang`, dying for `killed`)
 * and waits out the rest of the call's latency. Returns the fault the command must turn into its own output, if any.
 */
export async function preflight(inv: Invocation, options: PreflightOptions): Promise<PreflightFault | undefined> {
  // Real ms since this process started (performance.now() counts from there): its start-up so far.
  const startUpMs = performance.now();
  const fault = await takeCallFault(inv.env.dir, inv, (f: StoredFault) => {
    if (API_ERRORS.has(f.kind)) return options.cluster && (f.kind !== 'conflict' || options.mutating);
    if (f.kind === 'release-fails') return options.releaseOperation === true;
    return true;
  }, (taken) => inv.firedFaults.push(taken.id));
  let result: PreflightFault | undefined;
  if (fault) {
    if (fault.kind === 'slow') await inv.clock.sleepVirtual(fault.delayMs, inv.interrupted);
    else if (fault.kind === 'hang') {
      await inv.clock.sleepReal(Infinity, inv.interrupted);
      await new Promise<never>(() => undefined);
    } else if (fault.kind === 'killed') {
      if (!options.releaseOperation) await inv.killSelf();
      result = { kind: 'killed' };
    } else if (fault.kind === 'release-fails') {
      result = { kind: 'release-fails', message: fault.message ?? 'context deadline exceeded' };
    } else result = { kind: 'api-error', error: fault.kind as ApiErrorKind };
  }
  if (options.cluster) {
    // The latency is the whole call as its caller sees it, as "a kubectl call takes 100-300 ms" means:
    // a real kubectl spends part of it starting up, and so does this process. Only what start-up has not
    // used yet is waited out (a `slow` fault's delay comes on top).
    const [min, max] = inv.env.latencyMs;
    await inv.clock.sleepReal(inv.clock.real(min + Math.random() * (max - min)) - startUpMs, inv.interrupted);
  }
  return result;
}
