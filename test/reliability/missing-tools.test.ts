/**
 * A missing kubectl or helm, or a cluster that does not answer: one clear line saying what to install or
 * check, and no stack trace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exit-codes.ts';
import { devEnvHarness, type CliRun, type DevEnvHarness } from '../dev-env/dev-env-harness.ts';
import { runCli, STACK_FRAME } from './reliability-harness.ts';

let h: DevEnvHarness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** Preflight failed with `message` as its one error line, and nothing downstream ran. */
function expectPreflightSays(run: CliRun, message: string): void {
  expect(run.code).toBe(ExitCode.failed);
  expect(run.out + run.err).not.toMatch(STACK_FRAME);
  expect(run.err).toBe('');
  const summary = run.out.split('\n');
  const at = summary.findIndex((l) => l.startsWith('✖ preflight ('));
  expect(summary[at + 1]).toBe(`  Error: ${message}`);
  // One line: the next one is the tool output's heading, not more of the error.
  expect(summary[at + 2]).toBe('  Last output:');
  expect(run.out).not.toMatch(/\] ▸ (?!preflight)\S+ started/);
}

describe('missing tools and an unreachable cluster', () => {
  it('kubectl missing (KUBECTL points nowhere): how to install it', async () => {
    h = await devEnvHarness();
    const run = await runCli(h, ['up', '--only', 'secret:mysql'], { env: { KUBECTL: '/nonexistent/kubectl' } });
    expectPreflightSays(
      run,
      '/nonexistent/kubectl was not found or is not executable: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path',
    );
    expect((await h.sim.audit()).filter((e) => e.tool === 'kubectl')).toEqual([]);
  });

  it('helm missing (HELM points nowhere): how to install it', async () => {
    h = await devEnvHarness();
    const run = await runCli(h, ['up', '--only', 'secret:mysql'], { env: { HELM: '/nonexistent/helm' } });
    expectPreflightSays(
      run,
      '/nonexistent/helm was not found or is not executable: install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path',
    );
    expect((await h.sim.audit()).filter((e) => e.tool === 'helm')).toEqual([]);
  });

  it('the cluster does not answer: what to check, with kubectl\'s words, after two quick retries', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'unreachable', tool: 'kubectl' });
    const run = await runCli(h, ['up', '--only', 'secret:mysql']);
    expectPreflightSays(
      run,
      'the cluster behind context "minikube" does not answer. Is it running (minikube start, or Kubernetes enabled in Docker Desktop)? ' +
        'kubectl said: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    );
    expect(run.out).toMatch(/\] ✖ preflight failed after 3 attempts, /);
    expect((await h.sim.audit()).filter((e) => e.mutating)).toEqual([]);
  });

  it('helm missing and the cluster does not answer: both problems at once, one line each, and the rest in one line', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'unreachable', tool: 'kubectl' });
    const run = await runCli(h, ['up'], { env: { HELM: '/nonexistent/helm' } });
    expect(run.code).toBe(ExitCode.failed);
    expect(run.out + run.err).not.toMatch(STACK_FRAME);
    const summary = run.out.split('\n');
    const at = summary.findIndex((l) => l.startsWith('✖ preflight ('));
    expect(summary.slice(at + 1, at + 4)).toEqual([
      '  Error: /nonexistent/helm was not found or is not executable: install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path',
      '         the cluster behind context "minikube" does not answer. Is it running (minikube start, or Kubernetes enabled in Docker Desktop)? ' +
        'kubectl said: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
      '  Last output:',
    ]);
    // A missing tool is not worth another try: one attempt.
    expect(run.out).toMatch(/\] ✖ preflight failed after \d+ms: /);
    // Nothing else ran: one line for the twenty tasks that did not start, not one per task.
    expect(run.out).toContain('\n20 tasks not started: preflight failed\n');
    expect(run.out).toContain('] ↷ 20 tasks skipped: dependency failed (needs "preflight")\n');
    expect(run.out).not.toMatch(/↷ [a-z-]+:\S+ skipped/);
    expect(run.out).not.toContain('Skipped because');
    expect((await h.sim.audit()).filter((e) => e.mutating)).toEqual([]);
  });

  it('kubectl and helm both missing: both named', async () => {
    h = await devEnvHarness();
    const run = await runCli(h, ['up', '--only', 'secret:mysql'], { env: { KUBECTL: '/nonexistent/kubectl', HELM: '/nonexistent/helm' } });
    expect(run.code).toBe(ExitCode.failed);
    const summary = run.out.split('\n');
    const at = summary.findIndex((l) => l.startsWith('✖ preflight ('));
    expect(summary.slice(at + 1, at + 3)).toEqual([
      '  Error: /nonexistent/kubectl was not found or is not executable: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path',
      '         /nonexistent/helm was not found or is not executable: install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path',
    ]);
    expect(run.out).toContain('\n2 tasks not started: preflight failed\n');
  });

  it('status and plan against a cluster that does not answer: kubectl\'s words, exit 1, no "not done" list', async () => {
    h = await devEnvHarness();
    await h.sim.injectFault({ kind: 'unreachable', tool: 'kubectl' });
    for (const command of ['status', 'plan']) {
      const run = await runCli(h, [command]);
      expect(run.code, command).toBe(ExitCode.failed);
      expect(run.out, command).toBe('');
      expect(run.err, command).toBe(
        'error: cannot check the environment:\n' +
          '  the cluster behind context "minikube" does not answer. Is it running (minikube start, or Kubernetes enabled in Docker Desktop)? ' +
          'kubectl said: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n',
      );
    }
  });

  it('status and plan without helm or kubectl: what to install, exit 1', async () => {
    h = await devEnvHarness();
    const noHelm = await runCli(h, ['status'], { env: { HELM: '/nonexistent/helm' } });
    expect(noHelm.code).toBe(ExitCode.failed);
    expect(noHelm.err).toBe(
      'error: cannot check the environment:\n  /nonexistent/helm was not found or is not executable: install helm 3 (https://helm.sh/docs/intro/install/) or set HELM to its path\n',
    );
    const noKubectl = await runCli(h, ['plan', '--json'], { env: { KUBECTL: '/nonexistent/kubectl' } });
    expect(noKubectl.code).toBe(ExitCode.failed);
    expect(noKubectl.out).toBe('');
    expect(noKubectl.err).toBe(
      'error: cannot check the environment:\n  /nonexistent/kubectl was not found or is not executable: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path\n',
    );
  });
});
