/**
 * Reading `-f FILE|DIR|-` inputs into objects, with kubectl's errors for missing paths, bad YAML,
 * missing kinds and kinds the server does not serve.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CommandError } from '../core/exit.ts';
import type { Invocation } from '../core/invocation.ts';
import { ManifestSyntaxError, parseManifests } from '../core/serialize.ts';
import type { KubeObject } from '../core/state.ts';
import { isMap } from '../core/values.ts';
import { kindByName, type KindInfo } from '../cluster/kinds.ts';
import { compareBytes } from '../core/order.ts';

/** One object read from an input. */
export interface ManifestItem {
  /** "STDIN" or the file path as given, for messages. */
  source: string;
  object: KubeObject;
  info: KindInfo;
}

async function filesOf(path: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => compareBytes(a.name, b.name))) {
    const full = join(path, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...(await filesOf(full, true)));
    } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(full);
  }
  return out;
}

function decode(source: string, text: string): ManifestItem[] {
  let docs: Record<string, unknown>[];
  try {
    docs = parseManifests(text);
  } catch (error) {
    if (error instanceof ManifestSyntaxError) throw new CommandError(`error: error parsing ${source}: error converting YAML to JSON: ${error.message}\n`);
    throw error;
  }
  return docs.map((doc) => {
    const compact = JSON.stringify(doc);
    if (typeof doc.kind !== 'string' || doc.kind === '') throw new CommandError(`error: unable to decode "${source}": Object 'Kind' is missing in '${compact}'\n`);
    if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '') throw new CommandError(`error: unable to decode "${source}": Object 'apiVersion' is missing in '${compact}'\n`);
    const meta = isMap(doc.metadata) ? doc.metadata : {};
    const info = kindByName(doc.kind, doc.apiVersion);
    if (!info) {
      throw new CommandError(`error: resource mapping not found for name: "${String(meta.name ?? '')}" namespace: "${String(meta.namespace ?? '')}" from "${source}": no matches for kind "${doc.kind}" in version "${doc.apiVersion}"\nensure CRDs are installed first\n`);
    }
    if (typeof meta.name !== 'string' || meta.name === '') {
      throw new CommandError(`error: error when retrieving current configuration of:\nResource: "${info.group ? `${info.group}/` : ''}${info.apiVersion.split('/').pop()}, Resource=${info.resource}", GroupVersionKind: "${info.apiVersion.includes('/') ? info.apiVersion : `/${info.apiVersion}`}, Kind=${info.kind}"\nName: "", Namespace: "${String(meta.namespace ?? '')}"\nfrom server for: "${source}": resource name may not be empty\n`);
    }
    return { source, object: { ...doc, metadata: { ...meta } } as KubeObject, info };
  });
}

/** Reads every `-f` input in order. */
export async function readManifests(inv: Invocation, inputs: readonly string[], recursive: boolean): Promise<ManifestItem[]> {
  const items: ManifestItem[] = [];
  for (const input of inputs) {
    if (input === '-') {
      items.push(...decode('STDIN', await inv.readStdin()));
      continue;
    }
    const path = resolve(inv.cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new CommandError(`error: the path "${input}" does not exist\n`);
    const files = info.isDirectory() ? await filesOf(path, recursive) : [path];
    for (const file of files) {
      const shown = info.isDirectory() ? join(input, file.slice(path.length + 1)) : input;
      items.push(...decode(shown, await readFile(file, 'utf8')));
    }
  }
  return items;
}

/**
 * The namespace an object goes to: its own, else -n, else "default". An explicit -n that contradicts
 * the object's namespace is an error, as in kubectl.
 */
export function resolveNamespace(item: ManifestItem, namespace: string, explicit: boolean): string | undefined {
  if (!item.info.namespaced) return undefined;
  const own = item.object.metadata.namespace;
  if (own && explicit && own !== namespace) {
    throw new CommandError(`error: the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.\n`);
  }
  return own ?? namespace;
}
