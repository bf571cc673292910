/**
 * `port-forward [datahub|dataspoke|example]`: forwards the dev environment's Services to this machine and keeps
 * the forwards up until Ctrl-C. Replaces the spec's `datahub-port-forward.sh` and `dataspoke-port-forward.sh`.
 *
 * Deals with: choosing the forwards, waiting until each Service has a Ready pod (a forward to a pod that is
 * not Ready is the spec's "connection refused" trouble), printing what listens where, and exit codes.
 * Does not deal with: the kubectl children (see `kube/port-forward.ts`).
 *
 * Exit codes: 0 when stopped with Ctrl-C (or SIGTERM), which is the normal way to end a foreground forward;
 * 1 when kubectl is missing, the cluster does not answer, or any forward gave up; 2 for bad input.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExtraHandler } from './main.ts';
import type { CliIO } from './io.ts';
import { ExitCode } from './exit-codes.ts';
import { listenForInterrupts, type Interrupts } from './interrupts.ts';
import { badInput } from './prepare.ts';
import { didYouMean } from '../engine/did-you-mean.ts';
import { formatDuration } from '../engine/duration.ts';
import { loadConfig } from '../config/load.ts';
import { portForwards, type PortForward, type PortForwardTarget } from '../config/port-forwards.ts';
import { createKubectl, labelSelector, type Kubectl, type KubeObject } from '../kube/kubectl.ts';
import { PortForwardError, SIGNAL_SETTLE_MS, superviseForward, type ForwardEvent, type RestartPolicy } from '../kube/port-forward.ts';
import { ToolError } from '../kube/tool-error.ts';

const TARGETS: readonly PortForwardTarget[] = ['datahub', 'dataspoke', 'example'];
/** Forwards whose far end speaks HTTP, shown as a URL the user can open. */
const HTTP_IDS = new Set(['datahub/ui', 'datahub/gms', 'dataspoke/qdrant-http']);

/** Timings of the command; tests shorten them. Every field `undefined` means the default. */
export interface PortForwardCommandOptions {
  /** How long to wait for a Service to have a Ready pod before giving up on it. Default 5 minutes. */
  readonly readyTimeoutMs?: number;
  /** How often to look again while waiting. Default 2000. */
  readonly pollMs?: number;
  /** Restart backoff and give-up policy of each forward (see `kube/port-forward.ts` for the defaults). */
  readonly restart?: RestartPolicy;
}

/** The `port-forward` command with default timings. */
export const portForwardCommand: ExtraHandler = createPortForwardCommand();

/** The `port-forward` command with the given timings. */
export function createPortForwardCommand(timings: PortForwardCommandOptions = {}): ExtraHandler {
  return {
    name: 'port-forward',
    description: 'forward the environment\'s services to localhost until Ctrl-C (restarts forwards that drop)',
    argument: { name: 'target', description: 'which services to forward; all when left out', choices: TARGETS },
    usesStateDir: false,
    run: (args, options, io) => runPortForward(args, options, io, timings),
  };
}

async function runPortForward(args: readonly string[], options: Record<string, unknown>, io: CliIO, timings: PortForwardCommandOptions): Promise<number> {
  const chosen = args[0];
  if (chosen !== undefined && !(TARGETS as readonly string[]).includes(chosen)) {
    return badInput(io, 'the port-forward target is not valid', [
      `"${chosen}" is not a target${didYouMean(chosen, TARGETS)}; choose datahub, dataspoke or example, or give none for all three`,
    ]).exitCode;
  }
  const targets = chosen === undefined ? TARGETS : [chosen as PortForwardTarget];
  const envFile = typeof options.envFile === 'string' ? options.envFile : undefined;
  const loaded = loadConfig({ ...(envFile === undefined ? {} : { envFile }), env: io.env, cwd: io.cwd });
  for (const warning of loaded.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  if (!loaded.ok) return badInput(io, 'the configuration has problems', loaded.problems).exitCode;

  const { config } = loaded;
  const all = portForwards(config);
  const forwards = targets.flatMap((target) => all[target].map((pf) => ({ target, pf })));
  const interrupts = listenForInterrupts(io, { onFirst: () => io.stdout.write('stopping port-forwards…\n') });
  // Every forward, its kubectl calls and its waits listen on this one signal: ten forwards pass Node's
  // default of ten listeners, and its leak warning would only confuse the user.
  setMaxListeners(10 + forwards.length * 5, interrupts.signal);
  const run: ForwardRun = { io, timings, context: config.kubeContext, kubectl: createKubectl({ context: config.kubeContext, env: io.env }), interrupts };
  try {
    const reachable = await checkCluster(run.kubectl, run.context, interrupts.signal, io);
    if (interrupts.signal.aborted) return ExitCode.success;
    if (!reachable) return ExitCode.failed;
    io.stdout.write(`port-forwarding ${targets.join(', ')} (kube context "${run.context}"); press Ctrl-C to stop\n`);
    return await superviseAll(run, forwards);
  } finally {
    interrupts.close();
  }
}

/** What every forward of one `port-forward` shares. */
interface ForwardRun {
  readonly io: CliIO;
  readonly timings: PortForwardCommandOptions;
  /** The kube context of `.env`. */
  readonly context: string;
  readonly kubectl: Kubectl;
  readonly interrupts: Interrupts;
}

/** Runs every forward until Ctrl-C (exit 0) or until each has stopped, one of them failed (exit 1). */
async function superviseAll(run: ForwardRun, forwards: readonly { target: PortForwardTarget; pf: PortForward }[]): Promise<number> {
  const { io } = run;
  const format = lineFormatter(forwards.map((f) => f.pf), forwards.map((f) => `${f.target}/${f.pf.id}`));
  const fatal = { said: false };
  const outcomes = await Promise.all(forwards.map(({ target, pf }) => superviseOne(run, pf, format(`${target}/${pf.id}`, pf), fatal)));
  const failed = outcomes.filter((o) => o === 'failed').length;
  if (failed > 0) {
    if (!fatal.said) io.stderr.write(`error: ${failed} of ${forwards.length} port-forwards failed (see above)\n`);
    return ExitCode.failed;
  }
  io.stdout.write(`stopped ${forwards.length} port-forward${forwards.length === 1 ? '' : 's'}\n`);
  return ExitCode.success;
}

/**
 * Keeps one forward up until the run stops; says why it failed, if it did. A failure every forward would meet
 * (kubectl missing) is said once, in `fatal`, and stops the others.
 */
async function superviseOne(run: ForwardRun, pf: PortForward, line: string, fatal: { said: boolean }): Promise<'stopped' | 'failed'> {
  const { io, interrupts } = run;
  const { signal } = interrupts;
  try {
    await superviseForward(pf, {
      ...run.timings.restart,
      context: run.context,
      env: io.env,
      signal,
      beforeStart: (s) => waitUntilReady(run.kubectl, pf, s, run.timings, (reason) => {
        io.stdout.write(`waiting for ${pf.label} (svc/${pf.service}) to be ready… (${reason})\n`);
      }),
      onEvent: (event) => report(io, event, pf, line),
    });
    return 'stopped';
  } catch (error) {
    await settle(signal);
    if (signal.aborted && !fatal.said) return 'stopped';
    if (error instanceof ToolError && error.kind === 'missing-tool') {
      // Every forward would say the same: say it once and stop the others.
      if (!fatal.said) io.stderr.write(`error: ${error.message}\n`);
      fatal.said = true;
      interrupts.abort();
      return 'failed';
    }
    io.stderr.write(`error: ${describeFailure(error, pf, run.context)}\n`);
    return 'failed';
  }
}

/**
 * Gives a Ctrl-C a moment to arrive before a failure is reported: the terminal sends it to the kubectl
 * children too, and their failure may be seen before our own signal handler runs.
 */
async function settle(signal: AbortSignal): Promise<void> {
  await sleep(SIGNAL_SETTLE_MS, undefined, { signal }).catch(() => undefined);
}

/** Fails fast, with one line, when kubectl is missing or the cluster does not answer. */
async function checkCluster(kubectl: Kubectl, context: string, signal: AbortSignal, io: CliIO): Promise<boolean> {
  try {
    await kubectl.versions({ signal });
    return true;
  } catch (error) {
    await settle(signal);
    if (signal.aborted) return false;
    if (error instanceof ToolError && error.kind === 'missing-tool') {
      io.stderr.write(`error: ${error.message}\n`);
    } else {
      const cause = error instanceof ToolError ? error.stderr.trim().split('\n').at(-1) : (error as Error).message.split('\n', 1)[0];
      io.stderr.write(
        `error: the cluster of kube context "${context}" (DATASPOKE_DEV_KUBE_CLUSTER) does not answer: ${cause}; start it (e.g. minikube start) and try again\n`,
      );
    }
    return false;
  }
}

function report(io: CliIO, event: ForwardEvent, pf: PortForward, line: string): void {
  if (event.type === 'listening') {
    io.stdout.write(event.restarts === 0 ? `${line}\n` : `${pf.label}: port-forward back on localhost:${pf.localPort} (restart ${event.restarts})\n`);
    return;
  }
  const { exit } = event;
  const why =
    exit.reason === 'no-listen' ? 'kubectl did not start listening'
    : exit.signal !== null ? `kubectl was ended by ${exit.signal}`
    : exit.lastError !== '' ? exit.lastError
    : `kubectl exited with code ${exit.code}`;
  io.stderr.write(`warning: ${pf.label}: port-forward dropped (${why}); restarting in ${formatDuration(event.retryInMs)}\n`);
}

/** `DataHub UI     http://localhost:9002  → svc/datahub-datahub-frontend:9002 (datahub-01)`, columns aligned. */
function lineFormatter(all: readonly PortForward[], keys: readonly string[]): (key: string, pf: PortForward) => string {
  const address = (key: string, pf: PortForward) => (HTTP_IDS.has(key) ? `http://localhost:${pf.localPort}` : `localhost:${pf.localPort}`);
  const labelWidth = Math.max(...all.map((pf) => pf.label.length));
  const addressWidth = Math.max(...all.map((pf, i) => address(keys[i]!, pf).length));
  return (key, pf) =>
    `${pf.label.padEnd(labelWidth)}  ${address(key, pf).padEnd(addressWidth)}  → svc/${pf.service}:${pf.remotePort} (${pf.namespace})`;
}

function describeFailure(error: unknown, pf: PortForward, context: string): string {
  const pods = `kubectl get pods -n ${pf.namespace} --context ${context}`;
  if (error instanceof PortForwardError && error.reason === 'port-in-use') {
    return `${pf.label}: local port ${pf.localPort} is already in use (an earlier port-forward still running?); stop what holds it or set ${pf.variable} to a free port`;
  }
  if (error instanceof PortForwardError) {
    const last = error.exit.lastError !== '' ? `; kubectl said: ${error.exit.lastError}` : '';
    return `${pf.label} (svc/${pf.service}): ${error.message}, giving up${last}. Check the pods: ${pods}`;
  }
  const what = `${pf.label} (svc/${pf.service}): ${(error as Error).message.split('\n', 1)[0]}`;
  return error instanceof NotReadyError ? `${what}. Check the pods: ${pods}; if the environment is not up yet, run: npx zx graph.ts up` : what;
}

/** Why a Service cannot take a forward yet, or `undefined` when it has a Ready pod. */
async function notReadyReason(kubectl: Kubectl, pf: PortForward, signal: AbortSignal): Promise<string | undefined> {
  const service = await kubectl.get({ kind: 'service', name: pf.service, namespace: pf.namespace }, { signal });
  if (!service) return `service ${pf.service} not found in namespace ${pf.namespace}`;
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
  // A Service without a selector has hand-made endpoints: nothing to check, kubectl will tell.
  if (Object.keys(selector).length === 0) return undefined;
  const pods = await kubectl.list({ kinds: 'pods', namespace: pf.namespace, selector: labelSelector(selector) }, { signal });
  if (pods.some(isReadyPod)) return undefined;
  return pods.length === 0 ? 'no pod behind the service yet' : `0 of ${pods.length} pod${pods.length === 1 ? '' : 's'} Ready`;
}

function isReadyPod(pod: KubeObject): boolean {
  const status = pod.status as { phase?: string; conditions?: { type?: string; status?: string }[] } | undefined;
  if ((pod.metadata as { deletionTimestamp?: string }).deletionTimestamp) return false;
  return status?.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Polls until the Service has a Ready pod; `onWaiting` hears each new reason to wait. Resolves early when
 * `signal` aborts. Rejects after `readyTimeoutMs`, or on a kubectl failure other than a transient one.
 */
async function waitUntilReady(
  kubectl: Kubectl,
  pf: PortForward,
  signal: AbortSignal,
  timings: PortForwardCommandOptions,
  onWaiting: (reason: string) => void,
): Promise<void> {
  const timeoutMs = timings.readyTimeoutMs ?? 5 * 60_000;
  const pollMs = timings.pollMs ?? 2000;
  const deadline = Date.now() + timeoutMs;
  let said: string | undefined;
  for (;;) {
    let reason: string | undefined;
    try {
      reason = await notReadyReason(kubectl, pf, signal);
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof ToolError) || error.kind !== 'transient') throw error;
      reason = `the cluster did not answer: ${error.stderr.trim().split('\n').at(-1)}`;
    }
    if (reason === undefined) return;
    if (reason !== said) onWaiting(reason);
    said = reason;
    if (Date.now() >= deadline) throw new NotReadyError(`not ready after ${formatDuration(timeoutMs)} (${reason})`);
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
  }
}

/** A Service that had no Ready pod within the wait. */
class NotReadyError extends Error {}
