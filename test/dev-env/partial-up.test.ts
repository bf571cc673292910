/**
 * What `up` says when it brought up only part of the environment: what is installed, what was not selected,
 * and "The dev environment is up" only when everything is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type DevEnvHarness } from './dev-env-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** The lines after the run's own summary (`Logs: ...`): the project's summary. */
function projectSummary(out: string): string[] {
  const lines = out.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('Logs: ')) + 1).filter((l) => l !== '');
}

describe('the summary after up', () => {
  it('lists only what is installed after a partial up, names what was not selected, and says "up" only when everything is', async () => {
    h = await devEnvHarness();
    const infra = await h.cli(['up', '--only', 'dataspoke-infra']);
    expect(infra.code).toBe(ExitCode.success);
    expect(projectSummary(infra.out)).toEqual([
      'Installed: DataSpoke infrastructure. To reach it from this machine:',
      '  DataSpoke infrastructure (namespace dataspoke-01): npx zx graph.ts port-forward dataspoke',
      '    DataSpoke PostgreSQL   localhost:9201  → svc/dataspoke-postgresql:5432',
      '    DataSpoke Redis        localhost:9202  → svc/dataspoke-redis-master:6379',
      '    Qdrant HTTP            localhost:9203  → svc/dataspoke-qdrant:6333',
      '    Qdrant gRPC            localhost:9204  → svc/dataspoke-qdrant:6334',
      '    Temporal frontend      localhost:9205  → svc/dataspoke-temporal-frontend:7233',
      'Not selected this run: DataHub, example sources — run `npx zx graph.ts up` for everything.',
    ]);

    // status says so too: not everything is done (exit 4), though everything in dataspoke-infra is (exit 0).
    expect((await h.cli(['status'])).code).toBe(ExitCode.notDone);
    expect((await h.cli(['status', '--only', 'dataspoke-infra'])).code).toBe(ExitCode.success);

    // Part of a group (secret:mysql and what it needs) is not the group.
    const secret = await h.cli(['up', '--only', 'secret:mysql']);
    expect(secret.code).toBe(ExitCode.success);
    expect(projectSummary(secret.out)).toContain('Not selected this run: DataHub, example sources — run `npx zx graph.ts up` for everything.');
    expect(secret.out).not.toContain('port-forward datahub');

    const all = await h.cli(['up']);
    expect(all.code).toBe(ExitCode.success);
    const full = projectSummary(all.out);
    expect(full[0]).toBe('The dev environment is up. To reach it from this machine:');
    for (const target of ['datahub', 'dataspoke', 'example']) expect(full.some((l) => l.endsWith(`port-forward ${target}`)), target).toBe(true);
    expect(all.out).not.toContain('Not selected');
    const status = await h.cli(['status']);
    expect(status.code, status.out).toBe(ExitCode.success);

    // A group this run did not select but whose checks find it done counts as installed.
    const example = await h.cli(['up', '--only', 'dataspoke-example']);
    expect(example.code).toBe(ExitCode.success);
    expect(projectSummary(example.out)[0]).toBe('The dev environment is up. To reach it from this machine:');
    expect(example.out).not.toContain('Not selected');
  });
});
