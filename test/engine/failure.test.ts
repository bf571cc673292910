import { describe, expect, it } from 'vitest';
import { failureOf, TimeoutError } from '../../engine/failure.ts';
import { PermanentError, type Failure } from '../../engine/index.ts';

/** Shaped like kube/tool-error.ts's ToolError: the engine reads the fields, not the class. */
const toolError = (exitCode: number, stderr: string, permanent: boolean) =>
  Object.assign(new Error(`helm upgrade failed (exit ${exitCode}): ${stderr.trim()}`), { exitCode, stderr, permanent });

describe('failureOf', () => {
  it.each<[string, unknown, boolean, Failure]>([
    ['a plain error', new Error('boom'), false, { message: 'boom', kind: 'error' }],
    ['a thrown string', 'boom', false, { message: 'boom', kind: 'error' }],
    ['a PermanentError', new PermanentError('Forbidden'), false, { message: 'Forbidden', kind: 'permanent' }],
    ['any error with permanent: true', Object.assign(new Error('no'), { permanent: true }), false, { message: 'no', kind: 'permanent' }],
    ['the node timeout', new TimeoutError(20), false, { message: 'timed out after 20ms', kind: 'timeout' }],
    ['an interrupt wins over everything', new TimeoutError(20), true, { message: 'timed out after 20ms', kind: 'interrupted' }],
    [
      'a process that exited non-zero: its exit code and last stderr lines',
      toolError(1, 'l1\nl2\n\nl3\nl4\nl5\nl6\n', true),
      false,
      { message: 'helm upgrade failed (exit 1): l1\nl2\n\nl3\nl4\nl5\nl6', kind: 'tool', exitCode: 1, stderrTail: ['l2', 'l3', 'l4', 'l5', 'l6'] },
    ],
    ['a process with no stderr', toolError(2, '', false), false, { message: 'helm upgrade failed (exit 2): ', kind: 'tool', exitCode: 2 }],
    [
      'a process a signal ended: its signal, no exit code',
      Object.assign(new Error('helm upgrade failed (exit 137): (killed by SIGKILL)'), { exitCode: undefined, signal: 'SIGKILL', stderr: 'Release "x" pending\n' }),
      false,
      { message: 'helm upgrade failed (exit 137): (killed by SIGKILL)', kind: 'tool', signal: 'SIGKILL', stderrTail: ['Release "x" pending'] },
    ],
    ['a process that did not start (no exit code, no signal) is no process failure', Object.assign(new Error('helm not found'), { exitCode: undefined, stderr: '' }), false, { message: 'helm not found', kind: 'error' }],
    [
      'a permanent error wrapping a process error keeps its kind and the exit code',
      Object.assign(new Error('release failed\nwhy'), { permanent: true, cause: toolError(1, 'Error: UPGRADE FAILED', true) }),
      false,
      { message: 'release failed\nwhy', kind: 'permanent', exitCode: 1, stderrTail: ['Error: UPGRADE FAILED'] },
    ],
    ['an exit code without stderr is not a process error', Object.assign(new Error('x'), { exitCode: 1 }), false, { message: 'x', kind: 'error' }],
  ])('%s', (_name, error, interrupted, expected) => {
    expect(failureOf(error, interrupted)).toEqual(expected);
  });
});
