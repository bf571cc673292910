/**
 * How kubectl and helm are started, seen from outside the CLI: the CLI runs as its own process, as a user
 * starts it from a terminal.
 *
 * - A terminal's Ctrl-C goes to the whole foreground process group. The tools run in groups of their own, so
 *   only the CLI decides when they stop (SIGTERM, then SIGKILL after a grace period), not the terminal.
 * - No tool is started through a shell: shell start-up files (`BASH_ENV`) never run.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import type { SimClusterOptions } from '../../sim/harness.ts';
import { REPO_ROOT } from '../config/chart-tools.ts';
import { devEnvHarness, FAST, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { cliWatch, fired, line, until } from './reliability-harness.ts';

const SLOW: SimClusterOptions = { timeScale: 0.005, latencyMs: [100, 300] };

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

interface ChildRun {
  readonly pid: number;
  out(): string;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** Starts the CLI (test/reliability/child-cli.ts) as a process group of its own, like a shell's foreground job. */
function startChildCli(harness: DevEnvHarness, args: readonly string[], env: Record<string, string> = {}): ChildRun {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'test/reliability/child-cli.ts'), ...args, '--env', harness.envFile, '--state-dir', harness.stateDir], {
    cwd: REPO_ROOT,
    env: { ...harness.sim.env, NODE_OPTIONS: '--import tsx', CI: 'true', TEST_CHARTS_DIR: harness.chartsDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { pid: child.pid!, out: () => out, done };
}

describe('tools run in process groups of their own', () => {
  it('Ctrl-C in a terminal (SIGINT to the whole group): helm gets SIGTERM from the CLI, not the terminal\'s SIGINT; exit 130 and how to resume', async () => {
    h = await devEnvHarness(SLOW);
    // helm hangs until it is signalled: the audit log records the signal that ended it.
    const hang = await h.sim.injectFault({ kind: 'hang', tool: 'helm', match: 'upgrade --install datahub-prerequisites', times: 1 });
    const running = startChildCli(h, ['up', '--only', 'datahub']);
    try {
      await until(() => fired(h!, hang), { what: 'helm to be installing', on: cliWatch(h) });
      process.kill(-running.pid, 'SIGINT');
      const stopped = await running.done;

      expect(stopped.code, stopped.out + stopped.err).toBe(ExitCode.interrupted);
      expect(stopped.err).toContain('SIGINT: stopping');
      expect(stopped.out).toMatch(/\] ✖ release:datahub-prerequisites interrupted after \S+: interrupted by SIGINT\n/);
      expect(stopped.out).toMatch(/\nInterrupted\. Run `npx zx graph\.ts up` again to resume\.\n$/);
      const upgrades = (await h.sim.audit()).filter((e) => line(e).startsWith('helm upgrade --install datahub-prerequisites'));
      expect(upgrades.map((e) => [e.signal, e.exitCode, e.faults])).toEqual([['SIGTERM', 143, [hang]]]);
    } finally {
      try {
        process.kill(-running.pid, 'SIGKILL');
      } catch {
        // ended
      }
    }
  });

  it('no shell runs: BASH_ENV\'s script never runs, and a bash first on PATH is never called', async () => {
    h = await devEnvHarness(FAST);
    const dir = await mkdtemp(join(tmpdir(), 'no-shell-'));
    const marker = join(dir, 'bash-env-ran');
    const bashCalled = join(dir, 'bash-called');
    await writeFile(join(dir, 'bash-env.sh'), `echo ran >> ${marker}\n`);
    await writeFile(join(dir, 'bash'), `#!/bin/sh\necho "$@" >> ${bashCalled}\nexec /bin/bash "$@"\n`);
    await chmod(join(dir, 'bash'), 0o755);
    const run = await startChildCli(h, ['up', '--only', 'secret:mysql'], {
      BASH_ENV: join(dir, 'bash-env.sh'),
      PATH: `${dir}:${h.sim.env.PATH}`,
    }).done;

    expect(run.code, run.out + run.err).toBe(ExitCode.success);
    expect((await h.sim.audit()).some((e) => e.tool === 'kubectl' && e.stdin)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(bashCalled)).toBe(false);
  });
});
