/**
 * Deciding which fault fires for an invocation or binds to a new object, and using up its `times`.
 */
import { loadFaults, updateFaults } from './store.ts';
import {
  CALL_FAULT_KINDS, OBJECT_FAULT_KINDS,
  type BoundFault, type FaultScope, type FaultsFile, type ObjectFault, type StoredFault,
} from './types.ts';

/** What a fault is matched against. */
export interface InvocationRef {
  tool: 'kubectl' | 'helm';
  argv: readonly string[];
}

/** True when the fault's tool and argument pattern accept this invocation. */
export function scopeMatches(scope: FaultScope, inv: InvocationRef): boolean {
  if (scope.tool && scope.tool !== inv.tool) return false;
  if (scope.match === undefined) return true;
  const joined = inv.argv.join(' ');
  return typeof scope.match === 'string' ? joined.includes(scope.match) : new RegExp(scope.match.regex).test(joined);
}

function hasFiringsLeft(fault: StoredFault): boolean {
  return fault.remaining === null || fault.remaining > 0;
}

function consume(file: FaultsFile, id: string): StoredFault | undefined {
  const fault = file.faults.find((f) => f.id === id);
  if (!fault || !hasFiringsLeft(fault)) return undefined;
  if (fault.remaining !== null) fault.remaining -= 1;
  fault.fired += 1;
  return fault;
}

/**
 * The first call fault that matches the invocation and `accepts` (the command decides, e.g. API errors
 * only for calls that reach the cluster), with one firing used up; `onTaken` hears of it before the firing is
 * recorded. `undefined` when none fires.
 */
export async function takeCallFault(
  dir: string,
  inv: InvocationRef,
  accepts: (fault: StoredFault) => boolean,
  onTaken: (fault: StoredFault) => void,
): Promise<StoredFault | undefined> {
  const pick = (file: FaultsFile): StoredFault | undefined =>
    file.faults.find((f) => CALL_FAULT_KINDS.has(f.kind) && hasFiringsLeft(f) && scopeMatches(f as FaultScope, inv) && accepts(f));
  const candidate = pick(await loadFaults(dir));
  if (!candidate) return undefined;
  if (candidate.remaining === null) {
    candidate.fired += 1; // not persisted: unlimited faults need no lock on the hot path
    onTaken(candidate);
    return candidate;
  }
  return updateFaults(dir, (file) => {
    const again = pick(file);
    const taken = again ? consume(file, again.id) : undefined;
    // Before faults.json says it fired: whoever sees that and signals this call finds it in the audit.
    if (taken) onTaken(taken);
    return taken;
  });
}

/** Glob match with `*` wildcards. */
export function nameMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** The object a fault may bind to. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

const KINDS_FOR: Record<string, readonly string[]> = {
  'pod-oomkilled': ['Deployment', 'StatefulSet', 'Job'],
  'pod-crashloop': ['Deployment', 'StatefulSet', 'Job'],
  'pod-imagepull': ['Deployment', 'StatefulSet', 'Job'],
  'pod-unschedulable': ['Deployment', 'StatefulSet', 'Job'],
  'job-fails': ['Job'],
  'slow-ready': ['Deployment', 'StatefulSet', 'Job'],
};

/** Binds the first matching object fault to a new object (using up one firing); `undefined` when none. */
export async function bindObjectFault(dir: string, inv: InvocationRef, ref: ObjectRef): Promise<BoundFault | undefined> {
  const applies = (f: StoredFault): boolean => {
    if (!OBJECT_FAULT_KINDS.has(f.kind) || !hasFiringsLeft(f)) return false;
    const fault = f as StoredFault & ObjectFault;
    const kinds = KINDS_FOR[fault.kind];
    if (kinds && !kinds.includes(ref.kind)) return false;
    if (fault.namespace && fault.namespace !== ref.namespace) return false;
    return nameMatches(fault.object, ref.name) && scopeMatches(fault, inv);
  };
  const candidate = (await loadFaults(dir)).faults.find(applies);
  if (!candidate) return undefined;
  const fired = await updateFaults(dir, (file) => {
    const again = file.faults.find(applies);
    return again ? consume(file, again.id) : undefined;
  });
  if (!fired) return undefined;
  const f = fired as StoredFault & ObjectFault;
  return {
    id: f.id,
    kind: f.kind,
    afterMs: f.kind === 'job-fails' ? f.afterMs ?? 60_000 : undefined,
    durationMs: f.kind === 'slow-ready' ? f.durationMs : undefined,
    delayMs: f.kind === 'appear-delay' ? f.delayMs : undefined,
  };
}

/** Whether a bound fault is still in place, and when it was cleared if not. */
export interface BoundFaultState {
  active: boolean;
  /** Real epoch ms of clearing; `undefined` while active (or when the record is gone). */
  clearedMs?: number;
}

/** The state of a bound fault in the current faults.json. */
export function boundFaultState(file: FaultsFile, bound: BoundFault): BoundFaultState {
  if (file.faults.some((f) => f.id === bound.id)) return { active: true };
  return { active: false, clearedMs: file.cleared[bound.id] };
}
