import { describe, expect, it } from 'vitest';
import { firstLine, formatElapsed, stripAnsi } from '../../run-output/format.ts';

describe('formatElapsed', () => {
  it.each([
    [0, '00:00'],
    [1_999, '00:01'],
    [182_000, '03:02'],
    [3_722_000, '1:02:02'],
    [-1_000, '00:00'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected);
  });
});

describe('firstLine', () => {
  it('keeps the first non-empty line and marks what was left out', () => {
    expect(firstLine('\nboom\r\nat x\n')).toBe('boom …');
    expect(firstLine('boom\n')).toBe('boom');
    expect(firstLine('')).toBe('');
  });
});

describe('stripAnsi', () => {
  it('removes colours and hyperlinks', () => {
    expect(stripAnsi('\u001b[31mred\u001b[0m \u001b]8;;https://x\u0007link\u001b]8;;\u0007')).toBe('red link');
  });
});
