/**
 * `npm run demo`: the real CLI runs `up` against a fresh simulated cluster in a temporary folder, with the
 * install's real proportions (DataHub's system-update hook is the long pole) compressed into seconds.
 * Nothing here touches a real cluster or your kube config. Extra arguments go to the CLI, e.g.
 * `npm run demo -- --concurrency 1` or `npm run demo -- --only dataspoke-infra`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIO } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { createSimCluster } from '../sim/harness.ts';
import { privateCharts } from '../sim/private-charts.ts';
import { PROJECT_ROOT, devEnvProject } from '../tasks/project.ts';

/** Virtual ms per real ms: DataHub's ~6 minutes take about 7 seconds. */
const TIME_SCALE = 0.02;

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

const work = await mkdtemp(join(tmpdir(), 'dataspoke-demo-'));
const sim = await createSimCluster({ dir: join(work, 'cluster'), timeScale: TIME_SCALE });
const envFile = await demoEnvFile(work);
const stateDir = join(work, 'state');
const chartsDir = await privateCharts(join(work, 'charts'));
process.stdout.write(
  `Demo: a simulated cluster in ${work} (time runs ${Math.round(1 / TIME_SCALE)}x faster; nothing real is touched).\n\n`,
);
const io = { ...processIO(PROJECT_ROOT), env: { ...sim.env } };
const args = process.argv.slice(2);
const code = await main(['up', ...args, '--env', envFile, '--state-dir', stateDir], { project: devEnvProject({ chartsDir, progress: { pollMs: 10_000 * TIME_SCALE, reportMs: 30_000 * TIME_SCALE } }), io });
process.stdout.write(
  [
    '',
    `See where the time went: npx zx graph.ts report --state-dir ${stateDir}`,
    `  (or --format html for a timeline page). The demo folder stays until you remove it: rm -rf ${work}`,
    '',
  ].join('\n'),
);
await sim.dispose();
process.exitCode = code;
