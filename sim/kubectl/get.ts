/**
 * `kubectl get`: one object by name, several, or lists (with -l, --field-selector, -A, --sort-by), in any
 * output format; NotFound errors and "No resources found" as kubectl prints them.
 */
import { CommandError, err, out } from '../core/exit.ts';
import type { KubeObject } from '../core/state.ts';
import { getPath } from '../core/values.ts';
import { qualifiedResource, resolveKindArg, type KindInfo } from '../cluster/kinds.ts';
import { readView } from '../cluster/read.ts';
import { parseLabelSelector, SelectorSyntaxError } from '../cluster/selectors.ts';
import { renderJsonPath } from './jsonpath.ts';
import type { KubectlContext } from './main.ts';
import { parseOutput, printObjects } from './output.ts';

/** A resource argument: a kind, and names (empty: list them all). */
export interface ResourceRequest {
  info: KindInfo;
  names: string[];
}

function kindOrFail(arg: string): KindInfo {
  const info = resolveKindArg(arg);
  if (!info) throw new CommandError(`error: the server doesn't have a resource type "${arg.split('.')[0]}"\n`);
  return info;
}

/** Parses "KIND NAME...", "KIND,KIND", "KIND/NAME KIND/NAME". */
export function parseResourceArgs(positionals: readonly string[], verb: string): ResourceRequest[] {
  if (positionals.length === 0) {
    throw new CommandError(`You must specify the type of resource to ${verb}. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl ${verb} -h' for help and examples\n`);
  }
  if (positionals[0]!.includes('/')) {
    return positionals.map((p) => {
      const [kind, name] = p.split('/');
      if (!name) throw new CommandError(`error: arguments in resource/name form must have a single resource and name\n`);
      return { info: kindOrFail(kind!), names: [name] };
    });
  }
  const kinds = positionals[0]!.split(',').filter((k) => k !== '').map(kindOrFail);
  const names = positionals.slice(1);
  if (names.some((n) => n.includes('/'))) {
    throw new CommandError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n`);
  }
  return kinds.map((info) => ({ info, names }));
}

/** `--field-selector a.b=c,d!=e` as a predicate. */
export function parseFieldSelector(text: string | undefined): (obj: KubeObject) => boolean {
  if (!text) return () => true;
  const reqs = text.split(',').map((part) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m) throw new CommandError(`error: invalid selector: '${text}'; can't understand '${part}'\n`);
    return { path: m[1]!, neq: m[2] === '!=', value: m[3]! };
  });
  return (obj) => reqs.every((r) => {
    const v = getPath(obj, r.path);
    const s = v === undefined || v === null ? '' : String(v);
    return r.neq ? s !== r.value : s === r.value;
  });
}

/** Label and field selectors from the command line as one predicate. */
export function objectFilter(ctx: KubectlContext): (obj: KubeObject) => boolean {
  let labels: (l: Record<string, string>) => boolean = () => true;
  const selector = ctx.args.get('selector');
  if (selector) {
    try {
      labels = parseLabelSelector(selector);
    } catch (error) {
      if (error instanceof SelectorSyntaxError) throw new CommandError(`error: ${error.message}\n`);
      throw error;
    }
  }
  const fields = parseFieldSelector(ctx.args.get('field-selector'));
  return (obj) => labels(obj.metadata.labels ?? {}) && fields(obj);
}

/** Runs `kubectl get`. */
export async function runGet(ctx: KubectlContext): Promise<number> {
  const format = parseOutput(ctx.args.get('output'));
  const requests = parseResourceArgs(ctx.args.positionals, 'get');
  const allNamespaces = ctx.args.bool('all-namespaces');
  const ignoreNotFound = ctx.args.bool('ignore-not-found');
  const filter = objectFilter(ctx);
  const view = await readView(ctx.inv);
  const found: KubeObject[] = [];
  const errors: string[] = [];
  for (const req of requests) {
    const ns = req.info.namespaced ? ctx.namespace : '';
    if (req.names.length > 0) {
      for (const name of req.names) {
        const obj = view.get(req.info.kind, ns, name);
        if (obj) found.push(obj);
        else if (!ignoreNotFound) errors.push(`Error from server (NotFound): ${qualifiedResource(req.info)} "${name}" not found\n`);
      }
    } else {
      found.push(...view.list(req.info.kind, allNamespaces || !req.info.namespaced ? undefined : ctx.namespace).filter(filter));
    }
  }
  const sortBy = ctx.args.get('sort-by');
  if (sortBy) {
    const expr = sortBy.startsWith('{') ? sortBy : `{${sortBy}}`;
    const key = (o: KubeObject): string => renderJsonPath(expr, o);
    found.sort((a, b) => key(a).localeCompare(key(b), undefined, { numeric: true }));
  }
  const single = requests.length === 1 && requests[0]!.names.length === 1;
  if (format.kind === 'table' && found.length === 0) {
    if (errors.length === 0 && !ignoreNotFound) {
      const namespaced = requests.some((r) => r.info.namespaced);
      err(allNamespaces || !namespaced ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    }
  } else if (!(single && found.length === 0)) {
    out(printObjects(found, format, { single: single && errors.length === 0, now: view.now, allNamespaces, noHeaders: ctx.args.bool('no-headers') }));
  }
  for (const e of errors) err(e);
  return errors.length > 0 ? 1 : 0;
}
