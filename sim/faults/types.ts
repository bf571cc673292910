/**
 * The fault catalogue: what tests can inject, as stored in faults.json.
 *
 * Three families:
 * - call faults fire when an invocation starts (API errors, slowness, hangs, kills, failing releases);
 * - object faults bind to a matching object when a call creates it (stuck pods, failing or slow jobs,
 *   late objects) and last until cleared, even after their `times` are used up;
 * - state faults are applied once, when injected (a release left pending as after a killed helm).
 */

/** Which invocations a call or object fault applies to. */
export interface FaultScope {
  /** Only this tool; `undefined` means kubectl and helm. */
  tool?: 'kubectl' | 'helm';
  /**
   * A substring the invocation's arguments (joined by single spaces, tool name excluded) must contain, or
   * `{ regex }` for a regular expression. `undefined` matches every invocation.
   */
  match?: string | { regex: string };
  /** How many times the fault fires (calls hit, or objects bound); `undefined` means until cleared. */
  times?: number;
  /** A caller-chosen id; `undefined` means one is generated. */
  id?: string;
}

/** Faults that make an API call fail the way an unhealthy API server does (exit 1, real texts). */
export type ApiErrorKind =
  | 'connection-refused'
  | 'tls-handshake-timeout'
  | 'etcd-leader-changed'
  /** 409: "the object has been modified; please apply your changes to the latest version and try again". Mutating calls only. */
  | 'conflict'
  /** Same texts as connection-refused; meant to be left in place ("the cluster is down"). */
  | 'unreachable'
  /** 403: RBAC denies the call ("User \"developer\" cannot list resource \"secrets\" ... at the cluster scope"). */
  | 'forbidden';

/** A fault that fires when a matching invocation starts. */
export type CallFault =
  | (FaultScope & { kind: ApiErrorKind })
  /** Adds `delayMs` virtual ms before the command runs. */
  | (FaultScope & { kind: 'slow'; delayMs: number })
  /** The command never returns (until killed). */
  | (FaultScope & { kind: 'hang' })
  /** The process dies with SIGKILL mid-way: helm after recording the pending revision, kubectl at once. */
  | (FaultScope & { kind: 'killed' })
  /** `helm upgrade --install` creates the objects, then fails with `message` and records the revision failed. */
  | (FaultScope & { kind: 'release-fails'; message?: string });

/** Which objects an object fault binds to. */
export interface ObjectTarget {
  /** Object name, `*` as a wildcard ("elasticsearch-*"). Pods match by their workload's name. */
  object: string;
  /** Only in this namespace; `undefined` means any. */
  namespace?: string;
}

/** Pod faults: the workload's pods never become ready while the fault is in place. */
export type PodFaultKind = 'pod-oomkilled' | 'pod-crashloop' | 'pod-imagepull' | 'pod-unschedulable';

/** A fault that binds to an object when a matching call creates it. */
export type ObjectFault =
  | (FaultScope & ObjectTarget & { kind: PodFaultKind })
  /** The Job fails with BackoffLimitExceeded `afterMs` virtual ms after it starts (default 60 000). */
  | (FaultScope & ObjectTarget & { kind: 'job-fails'; afterMs?: number })
  /** The workload or Job takes `durationMs` virtual ms to become ready instead of the catalog's time. */
  | (FaultScope & ObjectTarget & { kind: 'slow-ready'; durationMs: number })
  /** The object is invisible to reads for `delayMs` virtual ms after its creation. */
  | (FaultScope & ObjectTarget & { kind: 'appear-delay'; delayMs: number });

/** A fault applied to the state when injected: the release's next revision is left pending. */
export interface ReleasePendingFault {
  kind: 'release-pending';
  release: string;
  namespace: string;
  status: 'pending-install' | 'pending-upgrade' | 'pending-rollback';
  /** A caller-chosen id; `undefined` means one is generated. */
  id?: string;
}

/** Everything `injectFault` accepts. */
export type FaultSpec = CallFault | ObjectFault | ReleasePendingFault;

/** Kinds of object faults. */
export type ObjectFaultKind = ObjectFault['kind'];

/** A fault as kept in faults.json. */
export type StoredFault = FaultSpec & {
  id: string;
  /** Firings left; `null` means unlimited. An object fault at 0 still holds the objects it bound. */
  remaining: number | null;
  /** How many times it fired so far. */
  fired: number;
  createdMs: number;
};

/** faults.json. */
export interface FaultsFile {
  faults: StoredFault[];
  /** Real epoch ms at which each cleared fault was removed (objects bound to it heal from then). */
  cleared: Record<string, number>;
}

/** An object fault as recorded on the object it bound to. */
export interface BoundFault {
  id: string;
  kind: ObjectFaultKind;
  /** job-fails: virtual ms from start to failure. */
  afterMs?: number;
  /** slow-ready: virtual ms to ready. */
  durationMs?: number;
  /** appear-delay: virtual ms before the object is visible. */
  delayMs?: number;
}

export const CALL_FAULT_KINDS: ReadonlySet<string> = new Set([
  'connection-refused', 'tls-handshake-timeout', 'etcd-leader-changed', 'conflict', 'unreachable', 'forbidden',
  'slow', 'hang', 'killed', 'release-fails',
]);

export const OBJECT_FAULT_KINDS: ReadonlySet<string> = new Set([
  'pod-oomkilled', 'pod-crashloop', 'pod-imagepull', 'pod-unschedulable', 'job-fails', 'slow-ready', 'appear-delay',
]);
