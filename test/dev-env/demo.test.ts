/**
 * `npm run demo`: the commands it prints reach its simulated cluster, and there `plan` agrees with `status`
 * (nothing to run on an environment every check finds done).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { reportCommand } from '../../cli/report-command.ts';
import { startDemo, type DemoSession } from '../../scripts/demo-session.ts';
import { devEnvProject } from '../../project/project.ts';
import { fakeIO } from '../cli/fake-io.ts';

let demo: DemoSession;
let upCode: number;

beforeAll(async () => {
  demo = await startDemo({ timeScale: 0.002, progress: { pollMs: 20, reportMs: 60 } });
  const io = await fakeIO({ env: { ...demo.sim.env, CI: 'true' } });
  upCode = await main(['up', ...demo.cliArgs], { project: demo.project, io });
}, 120_000);

afterAll(async () => {
  await demo?.dispose({ removeFolder: true });
});

/** The environment the printed `export` line gives a shell whose PATH is the test's. */
function exportedEnv(line: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  for (const [, name, value] of line.replace(/^export /, '').matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
    env[name!] = value!.replace(/^"|"$/g, '').replace('$PATH', process.env.PATH ?? '');
  }
  return env;
}

/** Runs one printed `npx zx graph.ts ...` line in process, as graph.ts would (the project's defaults). */
async function runPrinted(line: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const argv = line.replace(/^npx zx graph\.ts /, '').split(' ');
  const io = await fakeIO({ env });
  const code = await main(argv, { project: devEnvProject({ progress: { pollMs: 20, reportMs: 60 } }), io, extras: [reportCommand] });
  return { code, out: io.out(), err: io.err() };
}

describe('npm run demo', () => {
  it('prints copy-pasteable status, plan, report and down commands for its cluster', () => {
    expect(upCode).toBe(0);
    const [cd, exported, ...commands] = demo.commands();
    expect(cd).toMatch(/^cd \S+/);
    expect(exported).toContain(`SIM_DIR=${demo.sim.dir}`);
    expect(exported).toContain(`PATH="${demo.sim.binDir}:$PATH"`);
    expect(exported).toContain(`SIM_TIME_SCALE=${demo.timeScale}`);
    for (const command of ['status', 'plan', 'report', 'down']) {
      expect(commands.some((line) => line.startsWith(`npx zx graph.ts ${command} `))).toBe(true);
    }
    for (const line of commands.filter((l) => !l.includes(' report '))) {
      expect(line).toContain(`--env ${demo.envFile} --state-dir ${demo.stateDir}`);
    }
  });

  it('plan, run as printed, runs nothing but preflight when status, run as printed, says all done', async () => {
    const [, exported, ...commands] = demo.commands();
    const env = exportedEnv(exported!);
    const status = await runPrinted(commands.find((l) => l.includes(' status '))!, env);
    expect(status.err).toBe('');
    expect(status.code).toBe(0);
    const plan = await runPrinted(`${commands.find((l) => l.includes(' plan '))!} --json`, env);
    expect(plan.code).toBe(0);
    const body = JSON.parse(plan.out) as { plan: { id: string; action: string }[] };
    const runs = body.plan.filter((n) => n.action.startsWith('run')).map((n) => `${n.id}: ${n.action}`);
    expect(runs).toEqual(['preflight: run']);
  }, 60_000);

  it('runs on the charts graph.ts reads, so a later plan sees the inputs the demo installed', async () => {
    // The journal's fingerprints come from the demo's project; a plan from graph.ts must find them unchanged.
    const [, exported, ...commands] = demo.commands();
    const plan = await runPrinted(`${commands.find((l) => l.includes(' plan '))!} --json`, exportedEnv(exported!));
    const body = JSON.parse(plan.out) as { plan: { id: string; action: string }[] };
    expect(body.plan.filter((n) => n.action === 'run-changed')).toEqual([]);
  }, 60_000);
});
