/**
 * The user-supplied values of an install or upgrade, merged as helm's MergeValues does: -f files in
 * order, then --set-json, --set, --set-string, --set-file, --set-literal.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { ParsedArgs } from '../core/args.ts';
import { CommandError } from '../core/exit.ts';
import type { Invocation } from '../core/invocation.ts';
import { applySet, isMap, mergeValues, SetSyntaxError } from '../core/values.ts';
import type { Values } from './release-types.ts';

function setError(error: unknown, flag: string): never {
  if (error instanceof SetSyntaxError) throw new CommandError(`Error: failed parsing --${flag} data: ${error.message}\n`);
  throw error;
}

function setPath(base: Values, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = base;
  for (const k of keys.slice(0, -1)) node = (isMap(node[k]) ? node[k] : (node[k] = {})) as Values;
  node[keys[keys.length - 1]!] = value;
}

/** Reads and merges the values given on the command line. */
export async function collectValues(inv: Invocation, args: ParsedArgs): Promise<Values> {
  let base: Values = {};
  for (const file of args.all('values')) {
    let text: string;
    if (file === '-') text = await inv.readStdin();
    else {
      try {
        text = await readFile(resolve(inv.cwd, file), 'utf8');
      } catch {
        throw new CommandError(`Error: open ${file}: no such file or directory\n`);
      }
    }
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (error) {
      throw new CommandError(`Error: failed to parse ${file}: error converting YAML to JSON: yaml: ${(error as Error).message.split('\n')[0]}\n`);
    }
    if (parsed !== null && parsed !== undefined && !isMap(parsed)) throw new CommandError(`Error: failed to parse ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}\n`);
    base = mergeValues(base, (parsed as Values | null) ?? {});
  }
  for (const expr of args.all('set-json')) {
    const eq = expr.indexOf('=');
    try {
      setPath(base, expr.slice(0, eq), JSON.parse(expr.slice(eq + 1)));
    } catch {
      throw new CommandError(`Error: failed parsing --set-json data ${expr}\n`);
    }
  }
  for (const expr of args.all('set')) {
    try {
      applySet(base, expr);
    } catch (error) {
      setError(error, 'set');
    }
  }
  for (const expr of args.all('set-string')) {
    try {
      applySet(base, expr, true);
    } catch (error) {
      setError(error, 'set-string');
    }
  }
  for (const expr of args.all('set-file')) {
    const eq = expr.indexOf('=');
    const content = await readFile(resolve(inv.cwd, expr.slice(eq + 1)), 'utf8').catch(() => {
      throw new CommandError(`Error: failed parsing --set-file data: open ${expr.slice(eq + 1)}: no such file or directory\n`);
    });
    setPath(base, expr.slice(0, eq), content);
  }
  for (const expr of args.all('set-literal')) {
    const eq = expr.indexOf('=');
    setPath(base, expr.slice(0, eq), expr.slice(eq + 1));
  }
  return base;
}
