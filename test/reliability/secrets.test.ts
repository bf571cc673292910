/**
 * Secrets on the failure path: when a Secret's apply fails, even with a tool that quotes what it was sent
 * back in its error, no password from `.env` reaches the terminal, the `--json` summary, the log files or the
 * journal. (The success path is covered in test/dev-env/up-down.test.ts.)
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type CliRun, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { TEST_PASSWORDS } from '../tasks/dev-env-file.ts';
import { runCli, STACK_FRAME } from './reliability-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const CANARIES = Object.values(TEST_PASSWORDS).flatMap((s) => [s, Buffer.from(s).toString('base64')]);
const MYSQL = [TEST_PASSWORDS.DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_ROOT_PASSWORD, TEST_PASSWORDS.DATASPOKE_DEV_KUBE_DATAHUB_MYSQL_PASSWORD];

/** Every place a secret could end up: the runs' output, the state folder's files, and every recorded argv. */
async function expectNoCanary(harness: DevEnvHarness, runs: readonly CliRun[]): Promise<void> {
  const places: [string, string][] = [
    ...runs.map((r, i): [string, string] => [`run ${i + 1} output`, r.out + r.err]),
    ...[...(await harness.stateFiles())].map(([path, text]): [string, string] => [path, text]),
    ['audit argv', (await harness.sim.audit()).map((e) => e.argv.join(' ')).join('\n')],
  ];
  for (const [where, text] of places) for (const canary of CANARIES) expect(text.includes(canary), `${where} holds a secret`).toBe(false);
}

/**
 * A kubectl in front of the simulated one whose "server" rejects the Secret's apply and quotes the request,
 * as some admission webhooks do: the error text itself holds the passwords.
 */
async function quotingKubectl(binDir: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'quoting-kubectl-')), 'kubectl');
  await writeFile(
    file,
    [
      '#!/bin/sh',
      'case " $* " in',
      '  *" apply "*"-n datahub-01"*)',
      '    request=$(cat)',
      '    printf \'Error from server (BadRequest): error when creating "STDIN": admission webhook "policy.example.com" denied the request: %s\\n\' "$request" >&2',
      '    exit 1;;',
      'esac',
      `exec "${join(binDir, 'kubectl')}" "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(file, 0o755);
  return file;
}

describe('no secret leaks when a Secret fails to apply', () => {
  it('a tool error that quotes the passwords is redacted everywhere: terminal, --json, logs, journal', async () => {
    h = await devEnvHarness();
    const env = { KUBECTL: await quotingKubectl(h.sim.binDir) };
    const plain = await runCli(h, ['up', '--only', 'secret:mysql', '--verbose'], { env });
    expect(plain.code).toBe(ExitCode.failed);
    // The error did hold the passwords (in YAML), and they were replaced.
    expect(plain.out).toContain('  Error: kubectl apply datahub-01 failed (exit 1): Error from server (BadRequest): error when creating "STDIN": admission webhook "policy.example.com" denied the request: apiVersion: v1');
    expect(plain.out).toMatch(/mysql-root-password: \*\*\*\n/);
    expect(plain.out).toMatch(/mysql-password: \*\*\*\n/);
    expect(plain.out + plain.err).not.toMatch(STACK_FRAME);

    const json = await runCli(h, ['up', '--only', 'secret:mysql', '--json'], { env });
    expect(json.code).toBe(ExitCode.failed);
    const node = (JSON.parse(json.out) as { nodes: { id: string; error?: string }[] }).nodes.find((n) => n.id === 'secret:mysql')!;
    expect(node.error).toMatch(/mysql-root-password: \*\*\*\n/);

    await expectNoCanary(h, [plain, json]);
    for (const secret of MYSQL) expect(plain.out + json.out).not.toContain(secret);
  });

  it('a Secret apply killed mid-way by a fault: the failure is reported, and nothing leaks', async () => {
    h = await devEnvHarness();
    const fault = await h.sim.injectFault({ kind: 'killed', tool: 'kubectl', match: '-f - -n datahub-01', times: 1 });
    const run = await runCli(h, ['up', '--only', 'secret:mysql', '--verbose']);
    expect(run.code).toBe(ExitCode.failed);
    expect(run.out).toContain('  Error: kubectl apply datahub-01 failed (exit 137): (killed by SIGKILL)\n');
    const apply = (await h.sim.audit()).filter((e) => e.faults.includes(fault));
    expect(apply.map((e) => e.signal)).toEqual(['SIGKILL']);
    await expectNoCanary(h, [run]);
  });
});
