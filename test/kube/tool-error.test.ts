/**
 * What a kubectl or helm failure carries as plain data (kube/tool-error.ts): the command, how the tool
 * ended (exit code, or signal, or neither when it did not start), the tail of its stderr, its kind, and
 * whether it is retryable; a failure that is not retryable is permanent for the engine.
 */
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../engine/index.ts';
import { STDERR_TAIL_CHARS, STDERR_TAIL_LINES, ToolError, isRetryable, stderrTail, type ToolFailure } from '../../kube/tool-error.ts';

const get = { tool: 'kubectl', args: ['get', 'pods', '-n', 'ns', '--context', 'minikube'] } as const;

describe('ToolError: the data of each kind', () => {
  it.each<{ name: string; failure: ToolFailure; want: Partial<ToolError> }>([
    {
      name: 'transient',
      failure: { ...get, exitCode: 1, stderr: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n' },
      want: { kind: 'transient', retryable: true, permanent: false, exitCode: 1, signal: undefined },
    },
    {
      name: 'conflict',
      failure: { ...get, exitCode: 1, stderr: 'Error from server (Conflict): the object has been modified' },
      want: { kind: 'conflict', retryable: true, permanent: false, exitCode: 1 },
    },
    {
      name: 'not-found',
      failure: { ...get, exitCode: 1, stderr: 'Error from server (NotFound): pods "x" not found' },
      want: { kind: 'not-found', retryable: false, permanent: true, exitCode: 1 },
    },
    {
      name: 'pending-operation',
      failure: { tool: 'helm', args: ['upgrade'], exitCode: 1, stderr: 'Error: another operation (install/upgrade/rollback) is in progress' },
      want: { kind: 'pending-operation', retryable: false, permanent: true },
    },
    {
      name: 'timeout',
      failure: { ...get, exitCode: 1, stderr: 'error: timed out waiting for the condition' },
      want: { kind: 'timeout', retryable: false, permanent: true },
    },
    {
      name: 'missing-tool from its exit code',
      failure: { ...get, exitCode: 127, stderr: 'kubectl: not found' },
      want: { kind: 'missing-tool', retryable: false, permanent: true, exitCode: 127 },
    },
    {
      name: 'missing-tool that did not start',
      failure: { ...get, stderr: 'spawn kubectl ENOENT', kind: 'missing-tool' },
      want: { kind: 'missing-tool', retryable: false, permanent: true, exitCode: undefined, signal: undefined },
    },
    {
      name: 'killed by a signal',
      failure: { ...get, signal: 'SIGKILL', stderr: '' },
      want: { kind: 'permanent', retryable: false, permanent: true, exitCode: undefined, signal: 'SIGKILL', stderr: '' },
    },
    {
      name: 'permanent',
      failure: { ...get, exitCode: 1, stderr: 'Error from server (Forbidden): pods is forbidden' },
      want: { kind: 'permanent', retryable: false, permanent: true, exitCode: 1 },
    },
  ])('$name', ({ failure, want }) => {
    const error = new ToolError(failure);
    expect(error).toMatchObject(want);
    expect(error.command).toBe([failure.tool, ...failure.args].join(' '));
    expect(isRetryable(error)).toBe(error.retryable);
    // Plain data: the fields survive a JSON round trip as they are.
    const data = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(data).toMatchObject({ tool: failure.tool, command: error.command, kind: error.kind, retryable: error.retryable, permanent: error.permanent });
  });

  it.each<{ failure: ToolFailure; message: string }>([
    { failure: { ...get, exitCode: 1, stderr: 'boom\n' }, message: 'kubectl get pods failed (exit 1): boom' },
    { failure: { ...get, exitCode: 1, stderr: '' }, message: 'kubectl get pods failed (exit 1): (no error output)' },
    { failure: { ...get, signal: 'SIGKILL', stderr: '' }, message: 'kubectl get pods failed (exit 137): (killed by SIGKILL)' },
    { failure: { ...get, signal: 'SIGTERM', stderr: 'partial\n' }, message: 'kubectl get pods failed (exit 143): partial' },
    { failure: { ...get, stderr: 'spawn EACCES' }, message: 'kubectl get pods failed (did not start): spawn EACCES' },
  ])('message: $message', ({ failure, message }) => {
    expect(new ToolError(failure).message).toBe(message);
  });

  it('is not a PermanentError but counts as one through its permanent field', () => {
    const error = new ToolError({ ...get, exitCode: 1, stderr: 'forbidden' });
    expect(error).not.toBeInstanceOf(PermanentError);
    expect(error.permanent).toBe(true);
    expect(isRetryable(new PermanentError('x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(true);
  });
});

describe('stderrTail', () => {
  it.each([
    { name: 'short stderr as it is', stderr: 'a\nb\n', want: 'a\nb\n' },
    { name: 'the last lines of a long one', stderr: Array.from({ length: STDERR_TAIL_LINES + 5 }, (_, i) => `line ${i}`).join('\n') + '\n', want: Array.from({ length: STDERR_TAIL_LINES }, (_, i) => `line ${i + 5}`).join('\n') + '\n' },
    { name: 'the last characters of a huge line', stderr: 'x'.repeat(STDERR_TAIL_CHARS) + 'tail', want: 'x'.repeat(STDERR_TAIL_CHARS - 4) + 'tail' },
  ])('$name', ({ stderr, want }) => {
    expect(stderrTail(stderr)).toBe(want);
  });
});
