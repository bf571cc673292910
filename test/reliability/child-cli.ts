/**
 * The CLI as its own process, with the real signal wiring (processIO), for the tests that need what only a
 * separate process shows: a terminal's Ctrl-C to the whole process group, shell start-up files. Like
 * graph.ts, but with the harness's private charts folder (`TEST_CHARTS_DIR`) and fast progress polling.
 */
import { processIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { devEnvProject } from '../../project/project.ts';
import { PROJECT_ROOT } from '../../config/project-root.ts';

const chartsDir = process.env.TEST_CHARTS_DIR;
process.exitCode = await main(process.argv.slice(2), {
  project: devEnvProject({ progress: { pollMs: 20, reportMs: 60 }, ...(chartsDir ? { chartsDir } : {}) }),
  io: processIO(PROJECT_ROOT),
});
