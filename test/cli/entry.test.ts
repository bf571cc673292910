/**
 * The real entry point, `node graph.ts`, as a separate process: what Node itself does with the command line
 * (it reads `--env-file` even after the script's name) can only be seen from outside.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/chart-tools.ts';

/** Runs `node graph.ts <args>` in the project root with a bare environment (no DATASPOKE_* from the shell). */
function graphTs(args: readonly string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, ['graph.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '--import tsx', CI: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('node graph.ts', () => {
  it('--env with a file that does not exist is the tool\'s own bad input, naming the path', () => {
    const run = graphTs(['status', '--env', '/nonexistent']);
    expect(run.err).toBe(
      'error: the configuration has problems:\n  /nonexistent: file not found; copy env/.env.example to /nonexistent and fill in your values\n',
    );
    expect(run.code).toBe(2);
  });

  it('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string };
    const run = graphTs(['--version']);
    expect([run.code, run.out, run.err]).toEqual([0, `${version}\n`, '']);
  });
});
