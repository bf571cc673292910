/**
 * The journal: private to its owner, and never trusted blindly. A truncated, empty or garbage journal is a
 * warning; the run goes by the idempotency checks alone and still ends in the right state.
 */
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, mutating, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { TEST_PASSWORDS } from '../tasks/dev-env-file.ts';
import { line, runCli } from './reliability-harness.ts';

const ONLY = ['up', '--only', 'secret:mysql'];
const kubectl = (h: DevEnvHarness, args: string[]) => h.sim.run('kubectl', [...args, '--context', 'minikube']);

describe('the journal', () => {
  let h: DevEnvHarness;
  let state: string;
  let journal: string;
  const run = () => runCli(h, ONLY, { stateDir: state });
  beforeAll(async () => {
    h = await devEnvHarness();
    // A folder the CLI creates itself (the harness's own comes from mkdtemp, private already).
    state = join(h.stateDir, 'state');
    journal = join(state, 'journal.json');
    const first = await run();
    expect(first.code, first.out).toBe(ExitCode.success);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('is written with mode 0600 in a 0700 state folder, and holds no secret', async () => {
    expect((await stat(journal)).mode & 0o777).toBe(0o600);
    expect((await stat(state)).mode & 0o777).toBe(0o700);
    const text = await readFile(journal, 'utf8');
    expect(Object.keys((JSON.parse(text) as { nodes: object }).nodes).sort()).toEqual(['namespace:datahub', 'preflight', 'secret:mysql']);
    for (const secret of Object.values(TEST_PASSWORDS)) expect(text).not.toContain(secret);
  });

  it.each([
    { what: 'truncated', text: '{\n  "version": 1,\n  "nodes": {\n    "preflight": {\n      "outc', why: 'is not valid JSON (truncated or corrupt)' },
    { what: 'empty', text: '', why: 'is empty' },
    { what: 'garbage', text: '\u0000\u0017PK\u0003\u0004 not a journal \u00ff', why: 'is not valid JSON (truncated or corrupt)' },
    { what: 'another format', text: '[{"id":"preflight","done":true}]', why: 'is not a journal this version understands' },
  ])('$what: a warning, then the checks alone decide, and the state ends right', async ({ text, why }) => {
    // The cluster lost the Secret since the journal was written: only the check can tell.
    expect((await kubectl(h, ['delete', 'secret', 'mysql-secrets', '-n', 'datahub-01'])).exitCode).toBe(0);
    await writeFile(journal, text);
    // As if an older tool or an editor had rewritten it world-readable.
    await chmod(journal, 0o644);
    const before = (await h.sim.audit()).length;

    const again = await run();
    expect(again.code, again.out).toBe(ExitCode.success);
    expect(again.err).toBe(`warning: journal ${journal} ${why}; ignoring it and going by the checks alone\n`);
    expect(again.out).toMatch(/\] ↷ namespace:datahub skipped: already done \(active\)\n/);
    expect(again.out).toMatch(/\] ✔ secret:mysql done \(/);
    expect(mutating(await h.auditSince(before)).map((e) => line(e).split(' ').slice(0, 2).join(' '))).toEqual(['kubectl apply']);
    expect((await kubectl(h, ['get', 'secret', 'mysql-secrets', '-n', 'datahub-01', '-o', 'name'])).stdout).toBe('secret/mysql-secrets\n');
    // The journal is whole again, and still private.
    expect(Object.keys((JSON.parse(await readFile(journal, 'utf8')) as { nodes: object }).nodes).sort()).toEqual(['namespace:datahub', 'preflight', 'secret:mysql']);
    expect((await stat(journal)).mode & 0o777).toBe(0o600);
  });
});
