/**
 * `npm run demo`: the real CLI runs `up` against a fresh simulated cluster in a temporary folder, with the
 * install's real proportions (DataHub's system-update hook is the long pole) compressed into seconds, then
 * prints the commands that run status, plan, report and down against the same cluster.
 * Nothing here touches a real cluster or your kube config. Extra arguments go to the CLI, e.g.
 * `npm run demo -- --concurrency 1` or `npm run demo -- --only dataspoke-infra`.
 */
import { processIO } from '../cli/io.ts';
import { main } from '../cli/main.ts';
import { PROJECT_ROOT } from '../config/project-root.ts';
import { startDemo } from './demo-session.ts';

const demo = await startDemo();
process.stdout.write(
  `Demo: a simulated cluster in ${demo.work} (time runs ${Math.round(1 / demo.timeScale)}x faster; nothing real is touched).\n\n`,
);
const io = { ...processIO(PROJECT_ROOT), env: { ...demo.sim.env } };
const code = await main(['up', ...process.argv.slice(2), ...demo.cliArgs], { project: demo.project, io });
const [cd, exported, ...commands] = demo.commands();
process.stdout.write(
  [
    '',
    'The simulated cluster stays: run the other commands against it from a shell (copy these lines):',
    `  ${cd}`,
    `  ${exported}`,
    ...commands.map((line) => `  ${line}`),
    `The demo folder stays until you remove it: rm -rf ${demo.work}`,
    '',
  ].join('\n'),
);
await demo.dispose();
process.exitCode = code;
