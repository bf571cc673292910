/**
 * The supervisor against a fake `kubectl port-forward` (see fake-kubectl.ts): listening, restarting with
 * backoff, giving up, and stopping.
 */
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortForwardError, superviseForward, type ForwardEvent } from '../../kube/port-forward.ts';
import { ToolError } from '../../kube/tool-error.ts';
import { recorded, until, within } from '../until.ts';
import { fakeKubectl, freePort } from './fake-kubectl.ts';

/** Reads what the server on `port` says, or rejects when nothing listens. */
function greet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

/** The events the supervisor reports, and a wait for a state of them that re-checks on each new event. */
function eventLog() {
  const log = recorded<ForwardEvent>();
  return {
    events: log.items,
    onEvent: (e: ForwardEvent) => log.push(e),
    until: (predicate: (events: ForwardEvent[]) => boolean, what: string) => until(() => predicate(log.items), { what, on: [log.trigger] }),
  };
}

const target = (localPort: number) => ({ namespace: 'ns-1', service: 'svc-a', localPort, remotePort: 8080 });
/** Backoff waits recorded instead of slept. */
const recordDelays = (delays: number[]) => async (ms: number) => void delays.push(ms);

describe('superviseForward', () => {
  it('starts kubectl with the context, reports listening, and stops on abort', async () => {
    const fake = await fakeKubectl();
    const port = await freePort();
    const controller = new AbortController();
    const { events, onEvent, until: eventsUntil } = eventLog();
    const running = superviseForward(target(port), { context: 'ctx-1', env: fake.env, signal: controller.signal, onEvent });
    await eventsUntil((e) => e.length > 0, 'the first event');
    expect(events).toEqual([{ type: 'listening', restarts: 0 }]);
    expect(await greet(port)).toBe('hello');
    controller.abort();
    await running;
    await expect(greet(port)).rejects.toThrow(/ECONNREFUSED/);
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse((await readFile(`${fake.dir}/argv`, 'utf8')).trim())).toEqual([
      'port-forward', '-n', 'ns-1', 'svc/svc-a', `${port}:8080`, '--context', 'ctx-1',
    ]);
  });

  it('restarts a forward that drops, and it listens again', async () => {
    const fake = await fakeKubectl({ FAKE_DROP_AFTER_MS: '100' });
    const port = await freePort();
    const controller = new AbortController();
    const { events, onEvent, until: eventsUntil } = eventLog();
    const delays: number[] = [];
    const running = superviseForward(target(port), {
      context: 'ctx-1', env: fake.env, signal: controller.signal, onEvent, delay: recordDelays(delays),
    });
    await eventsUntil((e) => e.some((x) => x.type === 'listening' && x.restarts === 1), 'the forward to listen again');
    expect(events.map((e) => e.type)).toEqual(['listening', 'dropped', 'listening']);
    const dropped = events[1] as Extract<ForwardEvent, { type: 'dropped' }>;
    expect(dropped.exit).toMatchObject({ reason: 'exited', code: 1, lastError: 'E0101 00:00:00 portforward.go:413] lost connection to pod' });
    expect(delays).toEqual([1000]);
    expect(await greet(port)).toBe('hello');
    controller.abort();
    await running;
    expect(await fake.starts()).toBe(2);
  });

  it('backs off exponentially and gives up after maxFailures failures in a row', async () => {
    const fake = await fakeKubectl({ FAKE_FAIL_STARTS: '99' });
    const delays: number[] = [];
    const events: ForwardEvent[] = [];
    const error = await superviseForward(target(await freePort()), {
      context: 'c', env: fake.env, signal: new AbortController().signal, onEvent: (e) => events.push(e),
      delay: recordDelays(delays), maxFailures: 4, initialDelayMs: 100, maxDelayMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortForwardError);
    expect((error as PortForwardError).message).toBe('the port-forward failed 4 times in a row');
    expect((error as PortForwardError).exit.lastError).toBe('error: lost connection to pod');
    expect(delays).toEqual([100, 200, 300]);
    expect(events.map((e) => e.type)).toEqual(['dropped', 'dropped', 'dropped']);
    expect(await fake.starts()).toBe(4);
  });

  it('counts failures again after a forward that stayed up', async () => {
    // Starts 1-2 fail at once; start 3 listens for "a minute" (the clock jumps when it listens), then drops.
    let clock = 0;
    const fake = await fakeKubectl({ FAKE_FAIL_STARTS: '2', FAKE_DROP_AFTER_MS: '50' });
    const controller = new AbortController();
    const log = eventLog();
    const events = log.events;
    const onEvent = (e: ForwardEvent) => {
      if (e.type === 'listening') clock += 60_000;
      log.onEvent(e);
    };
    const running = superviseForward(target(await freePort()), {
      context: 'c', env: fake.env, signal: controller.signal, onEvent, delay: async () => {}, now: () => clock, maxFailures: 3,
    });
    await Promise.race([log.until((e) => e.filter((x) => x.type === 'listening').length === 2, 'the second listening'), running]);
    controller.abort();
    await running;
    const failures = events.filter((e) => e.type === 'dropped').map((e) => (e as { failures: number }).failures);
    expect(failures).toEqual([1, 2, 1]);
  });

  it('gives up at once when the local port is taken', async () => {
    const fake = await fakeKubectl();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await superviseForward(target(port), { context: 'c', env: fake.env, signal: new AbortController().signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortForwardError);
      expect((error as PortForwardError).reason).toBe('port-in-use');
      expect(await fake.starts()).toBe(1);
    } finally {
      blocker.close();
    }
  });

  it('reports a missing kubectl as a missing-tool ToolError', async () => {
    const error = await superviseForward(target(await freePort()), {
      context: 'c', env: { ...process.env, KUBECTL: '/nonexistent/kubectl' }, signal: new AbortController().signal,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).kind).toBe('missing-tool');
    expect((error as ToolError).message).toBe(
      '/nonexistent/kubectl was not found or is not executable: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path',
    );
  });

  it('waits for beforeStart, and stops while waiting', async () => {
    const fake = await fakeKubectl();
    const controller = new AbortController();
    let waiting!: () => void;
    const beforeStartCalled = new Promise<void>((resolve) => (waiting = resolve));
    const running = superviseForward(target(await freePort()), {
      context: 'c', env: fake.env, signal: controller.signal,
      beforeStart: (signal) => {
        waiting();
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    await within(beforeStartCalled, { what: 'beforeStart to be called' });
    controller.abort();
    await running;
    expect(await fake.starts()).toBe(0);
  });
});
