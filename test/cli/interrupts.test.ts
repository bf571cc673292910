/** Signals for a command: the first says so and aborts, every later one forces the exit (130). */
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { listenForInterrupts, type StopSignal } from '../../cli/interrupts.ts';
import { fakeIO } from './fake-io.ts';

describe('listenForInterrupts', () => {
  it.each([
    { signals: [] as StopSignal[], said: [], aborted: false, forced: [] },
    { signals: ['SIGINT'] as StopSignal[], said: ['first SIGINT'], aborted: true, forced: [] },
    { signals: ['SIGTERM', 'SIGINT'] as StopSignal[], said: ['first SIGTERM', 'again SIGINT'], aborted: true, forced: [ExitCode.interrupted] },
    {
      signals: ['SIGINT', 'SIGINT', 'SIGINT'] as StopSignal[],
      said: ['first SIGINT', 'again SIGINT', 'again SIGINT'],
      aborted: true,
      forced: [ExitCode.interrupted, ExitCode.interrupted],
    },
  ])('after $signals: says $said, aborted $aborted, forced $forced', async ({ signals, said, aborted, forced }) => {
    const io = await fakeIO();
    const heard: string[] = [];
    const interrupts = listenForInterrupts(io, {
      onFirst: (signal) => heard.push(`first ${signal}`),
      reason: (signal) => new Error(`interrupted by ${signal}`),
      onAgain: (signal) => heard.push(`again ${signal}`),
    });
    for (const signal of signals) io.signal(signal);
    expect(heard).toEqual(said);
    expect(interrupts.signal.aborted).toBe(aborted);
    if (aborted) expect((interrupts.signal.reason as Error).message).toBe(`interrupted by ${signals[0]}`);
    expect(io.forced).toEqual(forced);
    interrupts.close();
  });

  it('without a reason aborts with the default AbortError, and says nothing on a second signal unless asked', async () => {
    const io = await fakeIO();
    const interrupts = listenForInterrupts(io, { onFirst: () => {} });
    io.signal('SIGINT');
    expect((interrupts.signal.reason as Error).name).toBe('AbortError');
    io.signal('SIGINT');
    expect(io.forced).toEqual([ExitCode.interrupted]);
    expect(io.out() + io.err()).toBe('');
  });

  it('abort() stops the work without a signal, and a later signal still counts as the first', async () => {
    const io = await fakeIO();
    const heard: string[] = [];
    const interrupts = listenForInterrupts(io, { onFirst: (s) => heard.push(s), onAgain: (s) => heard.push(`again ${s}`) });
    interrupts.abort();
    expect(interrupts.signal.aborted).toBe(true);
    io.signal('SIGTERM');
    expect(heard).toEqual(['SIGTERM']);
    expect(io.forced).toEqual([]);
  });

  it('close() stops listening', async () => {
    const io = await fakeIO();
    const interrupts = listenForInterrupts(io, { onFirst: () => {} });
    interrupts.close();
    io.signal('SIGINT');
    expect(interrupts.signal.aborted).toBe(false);
  });
});
