/**
 * The command line: commands, flags and help texts (commander).
 *
 * Deals with: parsing argv into a command and its options, and bad flags as bad input.
 * Does not deal with: doing the work (see the command modules).
 */
import { Command, Option } from 'commander';
import { DEFAULT_CONCURRENCY, collectNames, parseConcurrency, type RunOptions, type SelectOptions } from './options.ts';

/** What the parsed command line asks for. */
export type Invocation =
  | { command: 'up' | 'down'; options: RunOptions }
  | { command: 'plan'; options: SelectOptions & { down?: boolean; json?: boolean } }
  | { command: 'status'; options: SelectOptions & { json?: boolean } }
  | { command: 'graph'; options: SelectOptions & { format: 'mermaid' | 'dot' } }
  | { command: 'extra'; name: string; args: string[]; options: Record<string, unknown> };

/** One option of an extra command, as commander takes it. */
export interface ExtraOption {
  /** e.g. `--format <format>` or `-o, --output <file>`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  /** `undefined` means no default. */
  readonly default?: string | boolean;
}

/** An extra command a project adds (e.g. `port-forward`, `report`). */
export interface ExtraCommand {
  readonly name: string;
  readonly description: string;
  readonly argument?: { name: string; description: string; choices?: readonly string[] };
  /** Options beyond `--env` and `--state-dir`. */
  readonly options?: readonly ExtraOption[];
  /** `false`: the command keeps nothing in the state folder, so it takes no `--state-dir`. */
  readonly usesStateDir?: boolean;
}

/** What {@link buildProgram} needs. */
export interface ProgramOptions {
  description: string;
  /** Printed by `--version`; `undefined` means no `--version` flag. */
  version?: string;
  extras?: readonly ExtraCommand[];
  onInvoke: (invocation: Invocation) => void;
}

/** Builds the program; `onInvoke` receives the parsed command. */
export function buildProgram(options: ProgramOptions): Command {
  const program = new Command('graph.ts')
    .usage('<command> [options]')
    .description(`Stands up ${options.description} from a task graph.\nRun as: npx zx graph.ts <command> [options]`)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  if (options.version !== undefined) program.version(options.version, '-V, --version', 'print the version and exit');
  addGraphCommands(program, options.onInvoke);
  for (const extra of options.extras ?? []) addExtraCommand(program, extra, options.onInvoke);
  program.commands.forEach((cmd) => cmd.exitOverride().showHelpAfterError('(run with --help for usage)'));
  return program;
}

// `--env`, not `--env-file`: Node reads `--env-file` wherever it appears, even after the script's name, and
// stops with its own error (exit 9) when the file is missing (nodejs/node#54232). The old name stays as an
// alias, which works whenever the file exists.
function withEnvFile(cmd: Command): Command {
  return cmd
    .option('--env <path>', 'environment file to read (default: env/.env)')
    .addOption(new Option('--env-file <path>', 'the same as --env (older name)').conflicts('env'));
}

/** `--env` and `--state-dir`: what every command that keeps state takes. */
function withCommon(cmd: Command): Command {
  return withEnvFile(cmd).option('--state-dir <dir>', 'where the journal, lock and logs live (default: .state)');
}

/** `--only`, `--no-deps` and (unless `withFrom` is false) `--from`. */
function withSelection(cmd: Command, withFrom = true): Command {
  cmd
    .option('--only <names>', 'only these tasks or groups (comma-separated), plus what they need', collectNames)
    .option('--no-deps', 'with --only: exactly the named tasks, without what they need');
  if (withFrom) cmd.option('--from <names>', 'these tasks and everything downstream of them', collectNames);
  return cmd;
}

/** The options of the commands that run tasks: `up` and `down`. */
function withRunning(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-c, --concurrency <n>', 'at most this many tasks at once; 1 runs them one by one')
        .argParser(parseConcurrency)
        .default(DEFAULT_CONCURRENCY),
    )
    .option('-k, --keep-going', 'after a failure, keep running what does not depend on it')
    .option('-v, --verbose', 'stream every command\'s output')
    .option('--json', 'print one machine-readable summary instead of the live view');
}

/** `up`, `down`, `plan`, `status` and `graph`. */
function addGraphCommands(program: Command, onInvoke: (invocation: Invocation) => void): void {
  withCommon(withSelection(withRunning(program.command('up').description('bring the environment up (skips what is already done)'))))
    .option('--force', 'run the selected tasks even when their check says done (with --only: the named ones, not what they need)')
    .action((opts: RunOptions) => onInvoke({ command: 'up', options: envFileOf(opts) }));
  withCommon(withSelection(withRunning(program.command('down').description('tear the environment down, in reverse dependency order')), false))
    .option('-y, --yes', 'answer yes to every confirmation question')
    .action((opts: RunOptions) => onInvoke({ command: 'down', options: envFileOf(opts) }));
  withCommon(withSelection(program.command('plan').description('show what up (or down) would run and skip; runs only the checks')))
    .option('--down', 'plan a down instead of an up')
    .option('--json', 'print the plan as JSON')
    .action((opts: SelectOptions & { down?: boolean; json?: boolean }) => onInvoke({ command: 'plan', options: envFileOf(opts) }));
  withCommon(withSelection(program.command('status').description('show each task\'s check result (done or not)'), false))
    .option('--json', 'print the check results as JSON')
    .action((opts: SelectOptions & { json?: boolean }) => onInvoke({ command: 'status', options: envFileOf(opts) }));
  withCommon(withSelection(program.command('graph').description('print the task graph as Mermaid or Graphviz dot'), false))
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
    .action((opts: SelectOptions & { format: 'mermaid' | 'dot' }) => onInvoke({ command: 'graph', options: envFileOf(opts) }));
}

/** A project's extra command, with its argument and options. */
function addExtraCommand(program: Command, extra: ExtraCommand, onInvoke: (invocation: Invocation) => void): void {
  const base = program.command(extra.name).description(extra.description);
  const cmd = extra.usesStateDir === false ? withEnvFile(base) : withCommon(base);
  if (extra.argument) {
    const choices = extra.argument.choices ? ` (${extra.argument.choices.join(', ')})` : '';
    cmd.argument(`[${extra.argument.name}]`, extra.argument.description + choices);
  }
  for (const spec of extra.options ?? []) {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices([...spec.choices]);
    if (spec.default !== undefined) option.default(spec.default);
    cmd.addOption(option);
  }
  cmd.action((...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    onInvoke({ command: 'extra', name: extra.name, args: command.args, options: envFileOf(command.opts()) });
  });
}

/** Options with `--env` (or its alias `--env-file`) as `envFile`, the one name the commands read. */
function envFileOf<T extends { envFile?: string }>(opts: T & { env?: string }): T {
  const { env, ...rest } = opts;
  return (env === undefined ? rest : { ...rest, envFile: env }) as T;
}
