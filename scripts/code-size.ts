/**
 * Which files and functions are too long to read at once: a file over {@link MAX_FILE_LINES} lines, a
 * function over {@link MAX_FUNCTION_LINES} (test-suite callbacks such as `describe(..., () => {...})` are
 * containers, not functions, and are not counted). `node scripts/code-size.ts` lists them; the layout test
 * keeps the list empty.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 60;

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const SKIP = new Set(['node_modules', '.git', '.state']);
const SUITE_CALLS = /^(describe|it|test|beforeAll|afterAll|beforeEach|afterEach)$/;

/** One thing over its limit. */
export interface Oversize {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly lines: number;
}

/** Every `.ts` file of the project, relative to its root. */
export function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

interface AstNode {
  readonly type?: string;
  readonly start: number;
  readonly end: number;
  readonly body?: unknown;
  readonly id?: { name?: string } | null;
  readonly callee?: { name?: string; object?: { name?: string } };
  readonly [key: string]: unknown;
}

/** The files and functions of one file's text that are over their limits. */
export function oversizeIn(file: string, text: string): Oversize[] {
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const found: Oversize[] = [];
  const fileLines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (fileLines > MAX_FILE_LINES) found.push({ file, line: 1, what: 'file', lines: fileLines });
  const visit = (node: unknown, parent: AstNode | undefined): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child) => visit(child, parent));
    const n = node as AstNode;
    if (n.type?.includes('Function') && n.body) {
      const lines = lineAt(n.end) - lineAt(n.start) + 1;
      const callee = parent?.type === 'CallExpression' ? (parent.callee?.name ?? parent.callee?.object?.name) : undefined;
      if (lines > MAX_FUNCTION_LINES && !SUITE_CALLS.test(callee ?? '')) {
        found.push({ file, line: lineAt(n.start), what: `function ${n.id?.name ?? '(anonymous)'}`, lines });
      }
    }
    for (const value of Object.values(n)) if (typeof value === 'object') visit(value, n);
  };
  visit(parseAst(text, { lang: 'ts' }), undefined);
  return found;
}

/** Everything in the project over its limit. */
export function oversize(): Oversize[] {
  return sourceFiles().flatMap((file) => oversizeIn(file, readFileSync(join(ROOT, file), 'utf8')));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const found = oversize();
  for (const o of found) console.log(`${o.file}:${o.line}: ${o.what}, ${o.lines} lines`);
  process.exitCode = found.length > 0 ? 1 : 0;
}
