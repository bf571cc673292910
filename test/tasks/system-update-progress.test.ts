import { describe, expect, it } from 'vitest';
import type { Kubectl, KubeObject } from '../../kube/kubectl.ts';
import { prepareSystemUpdateReport, reportSystemUpdate } from '../../tasks/system-update-progress.ts';

const job = (uid: string, status: Record<string, unknown>): KubeObject => ({ metadata: { name: 'datahub-system-update', uid }, status });
const complete = { conditions: [{ type: 'Complete', status: 'True' }], succeeded: 1 };

/** A kubectl whose `get` answers from a script, one answer per poll; the reporter reads nothing else. */
function scripted(answers: (KubeObject | undefined)[], done: AbortController): Kubectl {
  let i = 0;
  return {
    async get() {
      const answer = answers[Math.min(i, answers.length - 1)];
      if (++i >= answers.length) done.abort();
      return answer;
    },
  } as unknown as Kubectl;
}

async function progressLines(answers: (KubeObject | undefined)[], previousUid: string | undefined): Promise<string[]> {
  const lines: string[] = [];
  const stop = new AbortController();
  const ctx = { signal: stop.signal, log: (l: string) => lines.push(l), warn: () => {}, attempt: 1 };
  await reportSystemUpdate(scripted(answers, stop), { namespace: 'datahub-01', pollMs: 1, reportMs: 0, previousUid, helmReturned: stop.signal }, ctx);
  return lines.map((l) => l.replace(/\d+(\.\d+)?(ms|s)/g, 'T'));
}

describe('system-update progress', () => {
  it('does not mistake the Complete Job of an earlier revision for this one', async () => {
    const lines = await progressLines(
      [job('old', complete), job('old', complete), job('new', { active: 1 }), job('new', complete), job('new', complete)],
      'old',
    );
    expect(lines[0]).toBe('datahub-system-update: not started yet (T into the install)');
    expect(lines).toContain('datahub-system-update: running for T (active 1, failed 0); this is normal on a first install (5-10 min)');
    expect(lines.at(-1)).toBe('datahub-system-update: complete after T');
    expect(lines.indexOf('datahub-system-update: complete after T')).toBeGreaterThan(lines.findIndex((l) => l.includes('running')));
  });

  it('says when the Job failed', async () => {
    const lines = await progressLines([job('x', { active: 1 }), job('x', { failed: 6, conditions: [{ type: 'Failed', status: 'True' }] })], undefined);
    expect(lines.at(-1)).toBe('datahub-system-update: failed (6 failed pods) after T');
  });
});

describe('system-update progress when helm returns before a poll saw the hook end', () => {
  const run = async (final: KubeObject | undefined, previousUid: string | undefined) => {
    const lines: string[] = [];
    const helmReturned = new AbortController();
    helmReturned.abort();
    const ctx = { signal: new AbortController().signal, log: (l: string) => lines.push(l), warn: () => {}, attempt: 1 };
    const kubectl = { get: async () => final } as unknown as Kubectl;
    await reportSystemUpdate(kubectl, { namespace: 'datahub-01', pollMs: 1_000_000, reportMs: 0, previousUid, helmReturned: helmReturned.signal }, ctx);
    return lines.map((l) => l.replace(/\d+(\.\d+)?(ms|s)/g, 'T'));
  };

  it('reads the Job once more and says how it ended', async () => {
    expect(await run(job('new', complete), 'old')).toEqual(['datahub-system-update: complete after T']);
  });

  it('says nothing of an earlier revision’s Job, or of one its delete policy removed', async () => {
    expect(await run(job('old', complete), 'old')).toEqual([]);
    expect(await run(undefined, undefined)).toEqual([]);
  });
});

describe('system-update progress prepared per run', () => {
  it('each run notes the Job as it was before its own helm started, in the report it returns', async () => {
    let current: KubeObject | undefined = job('first', complete);
    const kubectl = { get: async () => current } as unknown as Kubectl;
    const lines: string[] = [];
    const ctx = { signal: new AbortController().signal, log: (l: string) => lines.push(l), warn: () => {}, attempt: 1 };
    const options = { namespace: 'datahub-01', pollMs: 1_000_000, reportMs: 0 };
    const firstRun = await prepareSystemUpdateReport(kubectl, options, ctx);
    current = job('second', complete);
    const secondRun = await prepareSystemUpdateReport(kubectl, options, ctx);
    const helmReturned = AbortSignal.abort();
    // For the first run, the Job now there is not the one it noted: its own, and it completed.
    await firstRun(helmReturned);
    expect(lines.map((l) => l.replace(/\d+(\.\d+)?(ms|s)/g, 'T'))).toEqual(['datahub-system-update: complete after T']);
    // For the second run, the same Job is the one it noted before its helm started: not its own.
    lines.length = 0;
    await secondRun(helmReturned);
    expect(lines).toEqual([]);
  });
});
