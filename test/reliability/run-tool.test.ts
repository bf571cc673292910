/**
 * The process runner on its own (kube/run-tool.ts), with small stand-in tools: arguments and stdin arrive
 * as given, a tool that is not executable is named as such, a tool killed by a signal reports which one (as
 * a shell does, 128+n, in its message), an
 * interrupted tool that ignores SIGTERM is killed, and no tool outlives the CLI that started it.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/chart-tools.ts';
import { runTool } from '../../kube/run-tool.ts';
import { ToolError } from '../../kube/tool-error.ts';
import { until } from './reliability-harness.ts';

async function script(body: string, mode = 0o755): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'run-tool-'));
  const path = join(dir, 'tool');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, mode);
  return path;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runTool', () => {
  it('passes arguments as they are and input on stdin only', async () => {
    const tool = await script('for a in "$@"; do printf "[%s]\\n" "$a"; done; cat');
    const result = await runTool('kubectl', { args: ['a b', '$HOME', "it's", '`x`'], input: 'secret\n', env: { ...process.env, KUBECTL: tool } });
    expect(result.stdout).toBe("[a b]\n[$HOME]\n[it's]\n[`x`]\nsecret\n");
  });

  it('a tool that is there but not executable: says so, as a missing tool', async () => {
    const tool = await script('exit 0', 0o644);
    const error = await runTool('helm', { args: ['version'], env: { ...process.env, HELM: tool } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).kind).toBe('missing-tool');
    expect([(error as ToolError).exitCode, (error as ToolError).signal, (error as ToolError).permanent]).toEqual([undefined, undefined, true]);
    expect((error as ToolError).message).toBe(
      `${tool} is not executable: install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path`,
    );
  });

  it('a tool killed by a signal: no exit code, which signal, and exit 128+n in its message', async () => {
    const tool = await script('kill -KILL $$');
    const error = (await runTool('kubectl', { args: ['get', 'pods'], env: { ...process.env, KUBECTL: tool } }).catch((e: unknown) => e)) as ToolError;
    expect([error.exitCode, error.signal, error.stderr]).toEqual([undefined, 'SIGKILL', '']);
    expect(error.message).toBe('kubectl get pods failed (exit 137): (killed by SIGKILL)');
  });

  it('the CLI exiting kills a tool it still runs (a forced exit after a second Ctrl-C)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-tool-exit-'));
    const pidFile = join(dir, 'pid');
    const tool = await script(`echo $$ > ${pidFile}; trap '' TERM INT; while :; do sleep 1; done`);
    const driver = join(dir, 'driver.ts');
    await writeFile(
      driver,
      `import { runTool } from ${JSON.stringify(join(REPO_ROOT, 'kube/run-tool.ts'))};\n` +
        `void runTool('kubectl', { args: [], env: { ...process.env, KUBECTL: ${JSON.stringify(tool)} } });\n` +
        `const wait = setInterval(async () => { try { await (await import('node:fs/promises')).readFile(${JSON.stringify(pidFile)}); clearInterval(wait); process.exit(130); } catch {} }, 20);\n`,
    );
    const child = spawn(process.execPath, [driver], { env: { ...process.env, NODE_OPTIONS: '--import tsx' }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    await until(() => !alive(pid), 'the tool to be gone', 5_000);
  });
});
