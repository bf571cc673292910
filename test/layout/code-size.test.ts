/**
 * Files and functions stay short enough to read at once: no file over 300 lines, no function over 60
 * (scripts/code-size.ts; `npm run code-size` lists what is over).
 */
import { describe, expect, it } from 'vitest';
import { MAX_FUNCTION_LINES, oversize, oversizeIn } from '../../scripts/code-size.ts';

describe('code size', () => {
  it('finds a function over the limit, and not a describe callback', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function long() {\n${body}\n}\ndescribe('x', () => {\n${body}\n});\n`;
    expect(oversizeIn('x.ts', text)).toEqual([
      { file: 'x.ts', line: 1, what: 'function long', lines: MAX_FUNCTION_LINES + 2 },
    ]);
  });

  it('finds a file over the limit', () => {
    const text = Array.from({ length: 301 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(oversizeIn('y.ts', text)).toEqual([{ file: 'y.ts', line: 1, what: 'file', lines: 301 }]);
  });

  it('no file of the project is over 300 lines and no function over 60', () => {
    expect(oversize().map((o) => `${o.file}:${o.line}: ${o.what}, ${o.lines} lines`)).toEqual([]);
  });
});
