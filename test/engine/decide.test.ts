import { describe, expect, it } from 'vitest';
import { decide, inputsChanged, type Decision, type DecideInput } from '../../engine/decide.ts';
import type { JournalEntry } from '../../engine/journal.ts';

const entry = (outcome: JournalEntry['outcome'], fingerprint = 'f1'): JournalEntry => ({ outcome, fingerprint, durationMs: 1, finishedAt: '' });
const base: DecideInput = { mode: 'up', hasDown: true, hasCheck: false, readOnly: false, stale: false, forced: false, fingerprint: 'f1' };

describe('decide', () => {
  it.each<[string, Partial<DecideInput>, Decision]>([
    ['down, nothing to undo (before anything else)', { mode: 'down', hasDown: false, inputsError: 'x', stale: true }, { kind: 'skip-no-down' }],
    ['inputs not computable (before stale, force, check)', { inputsError: 'ENOENT', stale: true, forced: true, hasCheck: true }, { kind: 'fail-inputs', error: 'ENOENT' }],
    ['stale runs without its check, even when done and forced', { stale: true, forced: true, hasCheck: true, check: { done: true } }, { kind: 'run-changed' }],
    ['forced runs without its check', { forced: true, hasCheck: true }, { kind: 'run-forced' }],
    ['forced runs although the journal remembers it', { forced: true, journal: entry('done') }, { kind: 'run-forced' }],
    ['a check not asked yet is asked first', { hasCheck: true }, { kind: 'ask-check' }],
    ['check says done', { hasCheck: true, check: { done: true, detail: 'deployed' } }, { kind: 'skip-done', detail: 'deployed' }],
    ['check says done, no detail', { hasCheck: true, check: { done: true } }, { kind: 'skip-done' }],
    ['check says not done, the journal is not asked', { hasCheck: true, check: { done: false }, journal: entry('done') }, { kind: 'run' }],
    ['no check, journal done with the same fingerprint', { journal: entry('done') }, { kind: 'skip-journal' }],
    ['no check, journal done with another fingerprint', { journal: entry('done', 'f0') }, { kind: 'run' }],
    ['no check, journal failed', { journal: entry('failed') }, { kind: 'run' }],
    ['no check, journal interrupted', { journal: entry('interrupted') }, { kind: 'run' }],
    ['no check, no journal entry', {}, { kind: 'run' }],
    ['read-only: the journal never skips it', { readOnly: true, journal: entry('done') }, { kind: 'run' }],
    ['down: the journal never skips', { mode: 'down', journal: entry('done') }, { kind: 'run' }],
    ['down with a check that says gone', { mode: 'down', hasCheck: true, check: { done: true } }, { kind: 'skip-done' }],
    ['down with a check not asked yet', { mode: 'down', hasCheck: true }, { kind: 'ask-check' }],
    ['up ignores hasDown', { hasDown: false }, { kind: 'run' }],
  ])('%s', (_name, input, expected) => {
    expect(decide({ ...base, ...input })).toEqual(expected);
  });
});

describe('inputsChanged', () => {
  it.each<[string, JournalEntry | undefined, string | undefined, boolean]>([
    ['same fingerprint', entry('done'), 'f1', false],
    ['another fingerprint', entry('done'), 'f2', true],
    ['another fingerprint after a failure', entry('failed'), 'f2', true],
    ['no journal entry', undefined, 'f2', false],
    ['no fingerprint (inputs failed)', entry('done'), undefined, false],
  ])('%s', (_name, journal, fingerprint, expected) => {
    expect(inputsChanged(journal, fingerprint)).toBe(expected);
  });
});
