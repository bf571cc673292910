/**
 * A pflag-style argument parser: `--flag value`, `--flag=value`, `-n value`, `-nvalue`, `-n=value`,
 * repeated flags, `--` to end flags. Flags may appear anywhere, as with kubectl and helm.
 */

/** Which flags a command accepts. */
export interface FlagSpec {
  /** Long names of flags that take a value. */
  values: readonly string[];
  /** Long names of boolean flags (`--wait`, `--wait=false`). */
  bools: readonly string[];
  /** Shorthands: `{ n: 'namespace' }`. */
  short?: Readonly<Record<string, string>>;
  /**
   * Flags whose value is optional, with the value a bare flag means (`--dry-run` = "unchanged",
   * `--validate` = "strict"); a value must then be given with "=", as pflag's NoOptDefVal requires.
   */
  optional?: Readonly<Record<string, string>>;
}

/** Why parsing failed; the tool turns it into its own message. */
export class ArgError extends Error {
  constructor(
    readonly reason: 'unknown-flag' | 'unknown-shorthand' | 'missing-value' | 'bad-bool',
    /** The text pflag prints after "error: " / "Error: ". */
    readonly text: string,
  ) {
    super(text);
  }
}

/** The parsed command line. */
export class ParsedArgs {
  constructor(
    readonly positionals: string[],
    private readonly flags: Map<string, string[]>,
  ) {}

  /** Last value given for a flag. */
  get(name: string): string | undefined {
    const values = this.flags.get(name);
    return values?.[values.length - 1];
  }

  /** Every value given for a flag, in order. */
  all(name: string): string[] {
    return this.flags.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.flags.has(name);
  }

  /** A boolean flag's value; `fallback` when absent. */
  bool(name: string, fallback = false): boolean {
    const value = this.get(name);
    return value === undefined ? fallback : value === 'true';
  }
}

const BOOL_TEXT = new Set(['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False']);

function normaliseBool(name: string, value: string): string {
  if (!BOOL_TEXT.has(value)) throw new ArgError('bad-bool', `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
  return ['true', '1', 't', 'TRUE', 'True'].includes(value) ? 'true' : 'false';
}

/** Parses `argv` against `spec`; throws ArgError on an unknown flag or a missing value. */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const valued = new Set(spec.values);
  const bools = new Set(spec.bools);
  const short = spec.short ?? {};
  const optional = spec.optional ?? {};
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  const push = (name: string, value: string): void => {
    flags.set(name, [...(flags.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq === -1 ? undefined : arg.slice(eq + 1);
      if (bools.has(name)) push(name, inline === undefined ? 'true' : normaliseBool(name, inline));
      else if (name in optional) push(name, inline ?? optional[name]!);
      else if (valued.has(name)) {
        if (inline !== undefined) push(name, inline);
        else if (i + 1 < argv.length) push(name, argv[++i]!);
        else throw new ArgError('missing-value', `flag needs an argument: --${name}`);
      } else throw new ArgError('unknown-flag', `unknown flag: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && arg !== '-') {
      const letter = arg[1]!;
      const name = short[letter];
      if (!name) throw new ArgError('unknown-shorthand', `unknown shorthand flag: '${letter}' in ${arg}`);
      let rest = arg.slice(2);
      if (rest.startsWith('=')) rest = rest.slice(1);
      if (bools.has(name)) push(name, rest === '' ? 'true' : normaliseBool(name, rest));
      else if (rest !== '') push(name, rest);
      else if (i + 1 < argv.length) push(name, argv[++i]!);
      else throw new ArgError('missing-value', `flag needs an argument: '${letter}' in -${letter}`);
      continue;
    }
    positionals.push(arg);
  }
  return new ParsedArgs(positionals, flags);
}
