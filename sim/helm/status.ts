/**
 * `helm status RELEASE [-o json|yaml] [--revision N] [--show-desc]`. The JSON/YAML is the release without its
 * chart (keys name, info, config, manifest, hooks, version, namespace, the empty ones left out): the chart's
 * name and version are in `helm list` / `helm history` (`chart`: NAME-VERSION) and `helm get metadata`.
 */
import { CommandError, out } from '../core/exit.ts';
import { helmFormat, type HelmContext } from './main.ts';
import { printRelease } from './printers.ts';
import { chosenRevision } from './lookup.ts';

/** Runs `helm status`. */
export async function runStatus(ctx: HelmContext): Promise<number> {
  const [name] = ctx.params;
  if (!name) throw new CommandError('Error: "helm status" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n');
  const format = helmFormat(ctx.args);
  const record = await chosenRevision(ctx, name);
  // helm's status.go sets `rel.Chart = nil` before printing: no `chart` in -o json/yaml.
  out(printRelease(record, format, { showDescription: ctx.args.bool('show-desc'), chart: false }));
  return 0;
}
