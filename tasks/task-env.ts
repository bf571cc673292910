/**
 * What every DataSpoke task is built from: the validated config, the kube adapters, and where files live.
 */
import type { StateLayout } from '../state/layout.ts';
import type { DevEnvConfig } from '../config/config.ts';
import type { Helm } from '../kube/helm.ts';
import type { Kubectl } from '../kube/kubectl.ts';
import { isRetryable } from '../kube/tool-error.ts';
import type { RetryPolicy } from '../engine/index.ts';
import type { NamespaceObjects } from './namespace-objects.ts';
import type { NamespaceReleases } from './namespace-releases.ts';
import type { SharedReads } from '../kube/read-cache.ts';

/** Inputs shared by the task builders. */
export interface TaskEnv {
  readonly config: DevEnvConfig;
  readonly kubectl: Kubectl;
  readonly helm: Helm;
  /** Reads the checks share; forgotten whenever kubectl or helm changes something. */
  readonly reads: SharedReads;
  /** One listing per namespace of the kinds the checks there read. */
  readonly objects: NamespaceObjects;
  /** One `helm list` per namespace: each release's status and chart version. */
  readonly releases: NamespaceReleases;
  /** Absolute paths of the project's charts/ and manifests/ folders, and the state folder's layout. */
  readonly paths: { readonly root: string; readonly charts: string; readonly manifests: string; readonly state: StateLayout };
  /** How often the DataHub system-update Job is polled and reported, in ms (10 s and 30 s by default). */
  readonly progress: { readonly pollMs: number; readonly reportMs: number };
}

/** Transient API trouble and conflicts are retried; everything else fails at once with the tool's words. */
export const KUBE_RETRY: RetryPolicy = { retries: 4, minTimeoutMs: 1000, maxTimeoutMs: 8000, shouldRetry: isRetryable };

/** The annotation holding the hash of what we applied, so a check can tell "same content" without reading it back. */
export const CONTENT_HASH_ANNOTATION = 'dataspoke.io/dev-env-content-hash';

/** Labels on everything the dev environment creates itself. */
export const MANAGED_LABELS = { 'app.kubernetes.io/managed-by': 'dataspoke-dev-env' } as const;
