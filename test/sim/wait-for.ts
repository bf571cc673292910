/**
 * Waiting for a state of the simulated cluster without sleeping: the simulator's own `kubectl wait`
 * blocks until the condition holds, waking when its timelines say the next change is due (and when
 * another process changes the state). Its `--timeout` is only a safety net that fails the test.
 *
 * Deals with: a test waiting for an object's state. Does not deal with: asserting it (the test does).
 */
import type { SimCluster } from '../../sim/harness.ts';

/** What {@link waitFor} waits for. */
export interface WaitForOptions {
  /** `pod`, `configmap/late-config`, `namespace/dummy-data1`, ... */
  readonly resource: string;
  /** `-l` selector, for objects whose names are generated (pods). */
  readonly selector?: string;
  readonly namespace?: string;
  /**
   * kubectl's `--for`: `jsonpath={.status.phase}=Running`, `condition=complete`, `delete`, `create`.
   */
  readonly for: string;
  /** Virtual safety net (`--timeout`); 10 minutes unless given. */
  readonly timeout?: string;
}

/** Resolves once the condition holds; throws with kubectl's answer when it does not within the timeout. */
export async function waitFor(sim: SimCluster, options: WaitForOptions): Promise<void> {
  const args = [
    'wait', `--for=${options.for}`, options.resource,
    ...(options.selector ? ['-l', options.selector] : []),
    ...(options.namespace ? ['-n', options.namespace] : []),
    `--timeout=${options.timeout ?? '10m'}`, '--context', 'minikube',
  ];
  const result = await sim.run('kubectl', args);
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.exitCode}): ${result.stderr}`);
}

/** The `--for` that waits until a pod's first container is waiting with `reason`. */
export const waitingReason = (reason: string): string => `jsonpath={.status.containerStatuses[0].state.waiting.reason}=${reason}`;
