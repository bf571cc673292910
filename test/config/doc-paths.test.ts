/**
 * Every file the README or the run summary points a reader at is in the repository (a pointer to a page
 * that only exists elsewhere is a dead end), and the summary points at the page on running the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryLines } from '../../project/summary.ts';
import { PROJECT_ROOT } from '../../config/project-root.ts';
import { GOOD_CONFIG } from './env-fixtures.ts';

/** Top-level folders of the repository: a backticked word under one of them is a path in the tree. */
const TREE = ['bench', 'charts', 'cli', 'config', 'docs', 'engine', 'env', 'kube', 'manifests', 'project', 'report', 'run-output', 'scripts', 'sim', 'state', 'tasks', 'test'];
/** Paths a reader makes (from a file in the tree), so the tree has no copy of them. */
const MADE_BY_THE_READER = new Set(['env/.env']);

/** The repository paths named in `text` (from `file`, relative to the project root): links and backticked paths. */
function namedPaths(text: string, file = 'README.md'): string[] {
  const base = join(file, '..');
  const paths = new Set<string>();
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
    paths.add(join(base, target!.split('#')[0]!));
  }
  for (const [, word] of text.matchAll(/`([^`\s]+)`/g)) {
    const top = word!.split('/')[0]!;
    if ((TREE.includes(top) && word!.includes('/')) || /^[\w.-]+\.md$/.test(word!)) paths.add(word!);
  }
  // Bare Markdown file names in prose ("see DEV_ENV.md").
  for (const [word] of text.matchAll(/(?<![\w/.-])[\w/-]+\.md\b/g)) paths.add(word);
  return [...paths].map((p) => p.replace(/\/$/, '')).filter((p) => !MADE_BY_THE_READER.has(p));
}

const missing = (paths: readonly string[]) => paths.filter((p) => !existsSync(join(PROJECT_ROOT, p)));

describe('paths named for the reader', () => {
  it('the run summary names only files in the repository, and points at the page on running the app', () => {
    const text = summaryLines(GOOD_CONFIG).join('\n');
    const paths = namedPaths(text);
    expect(paths).toContain('docs/running-dataspoke-locally.md');
    expect(missing(paths)).toEqual([]);
  });

  it('the README names only files in the repository, and links the page on running the app', () => {
    const text = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const paths = namedPaths(text);
    expect(paths).toContain('docs/running-dataspoke-locally.md');
    expect(paths.length).toBeGreaterThan(10);
    expect(missing(paths)).toEqual([]);
  });

  it('the page on running the app names only files in the repository', () => {
    const file = 'docs/running-dataspoke-locally.md';
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    expect(missing(namedPaths(text, file))).toEqual([]);
    expect(text).not.toMatch(/\/work\/shared|DEV_ENV\.md/);
  });
});
