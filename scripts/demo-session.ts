/**
 * The demo's set-up, apart from the script that prints it (scripts/demo.ts), so a test can run the same
 * thing: a fresh simulated cluster in a temporary folder, an env file with generated passwords, a state
 * folder, and the commands that reach them afterwards.
 *
 * The demo runs the project exactly as `npx zx graph.ts` builds it (the project's own charts/, which the
 * product only reads): a later `plan` or `status` typed from the printed commands then sees the same inputs
 * as the demo's `up`. (It once ran on a copy of charts/ without packaged files, so a `.tgz` in the tree made
 * `plan` call chart-deps:dataspoke and the infra release "inputs changed" while `status` found them done.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../cli/project.ts';
import { createSimCluster, type SimCluster } from '../sim/harness.ts';
import { devEnvProject, type DevEnvProjectOptions } from '../project/project.ts';
import { PROJECT_ROOT } from '../config/project-root.ts';

/** Virtual ms per real ms: DataHub's ~6 minutes take about 7 seconds. */
export const DEMO_TIME_SCALE = 0.02;

/** A strong password that meets the policy: mixed case, a digit, a special character, 24+ characters. */
function demoPassword(): string {
  return `Demo-${randomBytes(12).toString('base64url')}-Aa1!`;
}

async function demoEnvFile(dir: string): Promise<string> {
  const example = await readFile(join(PROJECT_ROOT, 'env', '.env.example'), 'utf8');
  const text = example
    .replace(/<\d+\+ char password>/g, () => demoPassword())
    .replace(/<optional-api-key>/g, '')
    .replace(/<your-api-key>/g, 'demo-llm-key-not-real');
  const file = join(dir, '.env');
  await writeFile(file, text, { mode: 0o600 });
  return file;
}

/** A running demo: its folder, cluster, env file and state folder. */
export interface DemoSession {
  /** The temporary folder that holds everything below. */
  readonly work: string;
  readonly sim: SimCluster;
  readonly envFile: string;
  readonly stateDir: string;
  readonly timeScale: number;
  /** The project as graph.ts builds it (the project's own charts/), with progress reported at the demo's speed. */
  readonly project: Project;
  /** The arguments that follow the command name on every CLI call of this demo. */
  readonly cliArgs: readonly string[];
  /** Copy-pasteable lines: the environment to export, then status, plan, report and down. */
  commands(): string[];
  /** Stops the cluster's processes; `removeFolder` also deletes the demo folder. */
  dispose(options?: { removeFolder?: boolean }): Promise<void>;
}

/** Starts a demo in a fresh temporary folder. */
export async function startDemo(
  options: { timeScale?: number; progress?: DevEnvProjectOptions['progress'] } = {},
): Promise<DemoSession> {
  const timeScale = options.timeScale ?? DEMO_TIME_SCALE;
  const work = await mkdtemp(join(tmpdir(), 'dataspoke-demo-'));
  const sim = await createSimCluster({ dir: join(work, 'cluster'), timeScale });
  const envFile = await demoEnvFile(work);
  const stateDir = join(work, 'state');
  const cliArgs = ['--env', envFile, '--state-dir', stateDir];
  return {
    work,
    sim,
    envFile,
    stateDir,
    timeScale,
    // The system-update progress lines come at the demo's speed too (every 30 s of its time, not of ours).
    project: devEnvProject({ progress: options.progress ?? { pollMs: 10_000 * timeScale, reportMs: 30_000 * timeScale } }),
    cliArgs,
    commands: () => demoCommands({ binDir: sim.binDir, simDir: sim.dir, timeScale, envFile, stateDir }),
    async dispose({ removeFolder = false } = {}) {
      await sim.dispose();
      if (removeFolder) await rm(work, { recursive: true, force: true });
    },
  };
}

/** A word the shell reads back as `text`. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The commands that reach a demo's cluster after the demo ends, to be run from the project root: the
 * simulated kubectl and helm first on PATH, the cluster's folder and time scale, then each command with the
 * demo's env file and state folder.
 */
export function demoCommands(demo: {
  binDir: string;
  simDir: string;
  timeScale: number;
  envFile: string;
  stateDir: string;
}): string[] {
  const files = `--env ${shellQuote(demo.envFile)} --state-dir ${shellQuote(demo.stateDir)}`;
  const path = `"${demo.binDir.replace(/["$`\\]/g, '\\$&')}:$PATH"`;
  return [
    `cd ${shellQuote(PROJECT_ROOT)}`,
    `export PATH=${path} SIM_DIR=${shellQuote(demo.simDir)} SIM_TIME_SCALE=${demo.timeScale}`,
    `npx zx graph.ts status ${files}`,
    `npx zx graph.ts plan ${files}`,
    `npx zx graph.ts report --state-dir ${shellQuote(demo.stateDir)}`,
    `npx zx graph.ts report --format html --state-dir ${shellQuote(demo.stateDir)}`,
    `npx zx graph.ts down --yes ${files}`,
  ];
}
