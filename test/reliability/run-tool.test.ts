/**
 * The process runner on its own (kube/run-tool.ts), with small stand-in tools: arguments and stdin arrive
 * as given, a tool that is not executable is named as such, a tool killed by a signal reports which one (as
 * a shell does, 128+n, in its message), an
 * interrupted tool that ignores SIGTERM is killed, and no tool outlives the CLI that started it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config/chart-tools.ts';
import { runTool } from '../../kube/run-tool.ts';
import { ToolError } from '../../kube/tool-error.ts';
import { within } from '../until.ts';

async function script(body: string, mode = 0o755): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'run-tool-'));
  const path = join(dir, 'tool');
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, mode);
  return path;
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
    // The tool holds the write end of a FIFO (and so does its `sleep`): the test's read end sees its end of
    // file when every process of the tool is gone, an event rather than a poll of the pid.
    const fifo = join(dir, 'alive');
    execFileSync('mkfifo', [fifo]);
    const toolEnded = new Promise<void>((resolve, reject) => createReadStream(fifo).on('error', reject).on('end', resolve).resume());
    const tool = await script(`exec 3>${fifo}; touch ${join(dir, 'started.tmp')} && mv ${join(dir, 'started.tmp')} ${join(dir, 'started')}; trap '' TERM INT; while :; do sleep 1; done`);
    const driver = join(dir, 'driver.ts');
    await writeFile(
      driver,
      `import { existsSync, watch } from 'node:fs';\n` +
        `import { runTool } from ${JSON.stringify(join(REPO_ROOT, 'kube/run-tool.ts'))};\n` +
        `void runTool('kubectl', { args: [], env: { ...process.env, KUBECTL: ${JSON.stringify(tool)} } });\n` +
        // Exits (forcing its tool's kill) once the tool has started: on the folder's change, not on a timer.
        `const started = () => { if (existsSync(${JSON.stringify(join(dir, 'started'))})) process.exit(130); };\n` +
        `watch(${JSON.stringify(dir)}, started);\nstarted();\n`,
    );
    const child = spawn(process.execPath, [driver], { env: { ...process.env, NODE_OPTIONS: '--import tsx' }, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    await within(toolEnded, { what: 'the tool to be gone', limitMs: 5_000 });
  });
});
