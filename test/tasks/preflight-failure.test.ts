/** Preflight's failure: permanent (a PermanentError) unless the cluster alone is the trouble. */
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../engine/index.ts';
import { isRetryable } from '../../kube/tool-error.ts';
import { PreflightError, preflightFailure } from '../../tasks/preflight.ts';

describe('preflightFailure', () => {
  it.each([
    { retryable: false, permanent: true, type: PreflightError },
    { retryable: true, permanent: undefined, type: Error },
  ])('retryable $retryable: permanent $permanent', ({ retryable, permanent, type }) => {
    const error = preflightFailure(['kubectl was not found', 'the cluster does not answer'], retryable);
    expect(error).toBeInstanceOf(type);
    expect(error instanceof PermanentError).toBe(!retryable);
    expect((error as { permanent?: boolean }).permanent).toBe(permanent);
    expect(isRetryable(error)).toBe(retryable);
    expect(error.message).toBe('kubectl was not found\nthe cluster does not answer');
    if (error instanceof PreflightError) expect(error.problems).toEqual(['kubectl was not found', 'the cluster does not answer']);
  });
});
