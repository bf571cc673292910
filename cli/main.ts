/**
 * The CLI's entry: parse argv, dispatch to a command, turn every outcome into an exit code.
 * A user never sees a stack trace: unexpected errors print one line and where the full story is.
 */
import { CommanderError } from 'commander';
import { createRedactor } from '../config/redact.ts';
import { ExitCode } from './exit-codes.ts';
import { graphCommand, planCommand, statusCommand } from './inspect-commands.ts';
import type { CliIO } from './io.ts';
import { buildProgram, type ExtraCommand, type Invocation } from './program.ts';
import type { Project } from './project.ts';
import { runCommand } from './run-command.ts';

/** A project command beyond the generic ones (e.g. `port-forward`). */
export interface ExtraHandler extends ExtraCommand {
  run(args: readonly string[], options: Record<string, unknown>, io: CliIO): Promise<number>;
}

/** Runs the CLI with `argv` (the arguments after the script name) and resolves with the exit code. */
export async function main(
  argv: readonly string[],
  deps: { project: Project; io: CliIO; extras?: readonly ExtraHandler[]; /** For `--version`; `undefined` means none. */ version?: string },
): Promise<number> {
  const { io } = deps;
  // Remember the secrets of whatever configuration gets loaded, so even an unexpected error is redacted.
  const secrets: string[] = [];
  const project: Project = {
    ...deps.project,
    async load(options) {
      const loaded = await deps.project.load(options);
      if (loaded.ok) secrets.push(...loaded.context.secrets);
      return loaded;
    },
  };
  let invocation: Invocation | undefined;
  const program = buildProgram({
    description: project.description,
    ...(deps.version === undefined ? {} : { version: deps.version }),
    extras: deps.extras ?? [],
    onInvoke: (i) => (invocation = i),
  });
  for (const cmd of [program, ...program.commands]) {
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.badInput;
    }
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.success : ExitCode.badInput;
    }
    throw error;
  }
  if (!invocation) return ExitCode.badInput;
  try {
    return await dispatch(invocation, { ...deps, project });
  } catch (error) {
    const redact = createRedactor(secrets);
    io.stderr.write(redact(`error: ${(error as Error).message.split('\n', 1)[0]}\n`));
    return ExitCode.failed;
  }
}

async function dispatch(invocation: Invocation, deps: { project: Project; io: CliIO; extras?: readonly ExtraHandler[] }): Promise<number> {
  const { project, io } = deps;
  switch (invocation.command) {
    case 'up':
    case 'down':
      return runCommand(project, io, invocation.command, invocation.options);
    case 'plan':
      return planCommand(project, io, invocation.options);
    case 'status':
      return statusCommand(project, io, invocation.options);
    case 'graph':
      return graphCommand(project, io, invocation.options);
    case 'extra': {
      const extra = deps.extras!.find((e) => e.name === invocation.name)!;
      return extra.run(invocation.args, invocation.options, io);
    }
  }
}
