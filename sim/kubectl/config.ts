/**
 * `kubectl config`: get-contexts, current-context, use-context. Every context points at the one
 * simulated cluster.
 */
import { CommandError, out } from '../core/exit.ts';
import { loadState, updateState } from '../core/store.ts';
import type { KubectlContext } from './main.ts';
import { formatTable } from './tables.ts';

/** Runs a `kubectl config` subcommand. */
export async function runConfig(ctx: KubectlContext): Promise<number> {
  const [sub, name] = ctx.args.positionals;
  const state = await loadState(ctx.inv.env.dir);
  switch (sub) {
    case 'get-contexts': {
      const wanted = name ? [name] : state.contexts;
      const missing = wanted.filter((c) => !state.contexts.includes(c));
      if (missing.length > 0) throw new CommandError(`error: context ${missing[0]} not found\n`);
      if (ctx.args.get('output') === 'name') {
        out(wanted.map((c) => `${c}\n`).join(''));
        return 0;
      }
      const rows = wanted.map((c) => [c === state.currentContext ? '*' : '', c, c, c, 'default']);
      if (!ctx.args.bool('no-headers')) rows.unshift(['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']);
      out(formatTable(rows));
      return 0;
    }
    case 'current-context':
      out(`${state.currentContext}\n`);
      return 0;
    case 'use-context': {
      if (!name || !state.contexts.includes(name)) throw new CommandError(`error: no context exists with the name: "${name ?? ''}"\n`);
      ctx.inv.writesLocal = true;
      await updateState(ctx.inv.env.dir, (s) => {
        s.currentContext = name;
      });
      out(`Switched to context "${name}".\n`);
      return 0;
    }
    default:
      throw new CommandError(`error: unknown command "${sub ?? ''}" for "kubectl config"\n`);
  }
}
