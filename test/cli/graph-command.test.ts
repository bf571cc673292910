/**
 * `graph` with the DataSpoke project: it draws the graph without a complete env file and without secrets.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { devEnvProject } from '../../project/project.ts';
import { REPO_ROOT } from '../config/chart-tools.ts';
import { devEnvText, TEST_PASSWORDS, writeDevEnv } from '../tasks/dev-env-file.ts';
import { fakeIO } from './fake-io.ts';

async function graph(args: readonly string[], env: NodeJS.ProcessEnv = {}, envFile?: string) {
  const io = await fakeIO({ env });
  const code = await main(['graph', ...args, ...(envFile ? ['--env', envFile] : [])], { project: devEnvProject(), io });
  return { code, out: io.out(), err: io.err() };
}

describe('graph', () => {
  it('draws the same graph from env/.env.example, with its placeholders, as from a complete file, and says nothing', async () => {
    const complete = await graph(['--env', await writeDevEnv(), '--format', 'dot']);
    expect([complete.code, complete.err]).toEqual([ExitCode.success, '']);
    const example = await graph(['--env', join(REPO_ROOT, 'env', '.env.example'), '--format', 'dot']);
    expect(example).toEqual(complete);
    expect(example.out).toContain('"namespace:datahub" [label="namespace:datahub\nNamespace datahub-01"];');
  });

  it('puts no timeout in a task title (the views append the duration to it)', async () => {
    const run = await graph(['--format', 'dot'], {}, await writeDevEnv());
    const titles = [...run.out.matchAll(/label="[^\n"]*\n([^"]*)"/g)].map((match) => match[1]!);
    expect(titles).toContain('Wait for deployment/example-postgres');
    expect(titles.filter((title) => /\(\d+(ms|s|m|h)\)/.test(title))).toEqual([]);
  });

  it('draws with the example values when the file is missing, and says so on stderr', async () => {
    const run = await graph(['--env', '/nonexistent.env']);
    expect(run.code).toBe(ExitCode.success);
    expect(run.out).toMatch(/^flowchart LR\n/);
    expect(run.out).toContain('["release:datahub"]');
    expect(run.err).toBe('warning: /nonexistent.env: file not found; the graph is drawn with the values of env/.env.example\n');
  });

  it('keeps valid values of an incomplete file, takes the example for the rest, and never reads a secret', async () => {
    const io = await fakeIO();
    const file = join(io.cwd, 'partial.env');
    const text = devEnvText({ DATASPOKE_DEV_KUBE_DATAHUB_NAMESPACE: 'hub', DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE: 'Not_Valid', DATASPOKE_QDRANT_API_KEY: 'qdrant-secret-key-1' })
      .split('\n')
      .filter((line) => !line.startsWith('DATASPOKE_REDIS_HOST='))
      .join('\n');
    await writeFile(file, text);
    const run = await graph(['--env', file, '--format', 'dot']);
    expect(run.code).toBe(ExitCode.success);
    expect(run.out).toContain('Namespace hub"');
    expect(run.out).toContain('Namespace dataspoke-01"');
    // The Qdrant key is set, so its Secret is drawn; its value is read by nobody.
    expect(run.out).toContain('"secret:dataspoke-qdrant"');
    expect(run.err).toBe(
      `warning: the graph is drawn with env/.env.example's values for DATASPOKE_DEV_KUBE_DATASPOKE_NAMESPACE, DATASPOKE_REDIS_HOST (not set or not valid in ${file})\n`,
    );
    for (const secret of [...Object.values(TEST_PASSWORDS), 'qdrant-secret-key-1']) expect(run.out + run.err).not.toContain(secret);
  });
});
