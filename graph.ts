/**
 * The CLI: `npx zx graph.ts <command>`. Wires the DataSpoke project into the generic CLI and exits with
 * its code. See README.md for commands, flags and exit codes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIO } from './cli/io.ts';
import { main } from './cli/main.ts';
import { reportCommand } from './cli/report-command.ts';
import { portForwardCommand } from './cli/port-forward-command.ts';
import { devEnvProject } from './project/project.ts';
import { PROJECT_ROOT } from './config/project-root.ts';

// zx runs this file as `zx graph.ts ...`, node as `node graph.ts ...`: the arguments follow this file.
const self = fileURLToPath(import.meta.url);
const at = process.argv.findIndex((arg) => resolve(arg) === self);
const argv = process.argv.slice(at + 1);

const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

process.exitCode = await main(argv, {
  project: devEnvProject(),
  version,
  io: processIO(PROJECT_ROOT),
  extras: [portForwardCommand, reportCommand],
});
