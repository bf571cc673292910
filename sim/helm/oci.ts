/**
 * Charts from OCI registries (`oci://HOST/PATH/CHART`), as helm 3.16 pulls them for install/upgrade and for
 * `oci://` dependencies: no `helm repo add`, versions are tags, `--plain-http` for a registry without TLS.
 *
 * An exact version is used as the tag without listing tags (helm does the same), so an unknown one fails at
 * the pull: `HOST/PATH/CHART:VERSION: not found`.
 */
import { createHash } from 'node:crypto';
import { CommandError } from '../core/exit.ts';
import { knownRegistry, plainHttpHost, resolvableHost, type IndexedChart } from '../catalog/repos.ts';
import { highestSatisfying } from '../catalog/semver.ts';

/** A chart pulled from a registry. */
export interface OciPull {
  /** `HOST/PATH/CHART:VERSION`, as helm prints it. */
  ref: string;
  chart: IndexedChart;
  version: string;
  /** The manifest digest helm prints (`sha256:...`). */
  digest: string;
}

/** Whether helm reads `ref` as an OCI reference. */
export function isOciReference(ref: string): boolean {
  return ref.startsWith('oci://');
}

const EXACT = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** "Pulled: ...\nDigest: ...\n", what helm prints for each chart it pulls from a registry. */
export function pulledBanner(pull: OciPull): string {
  return `Pulled: ${pull.ref}\nDigest: ${pull.digest}\n`;
}

/**
 * Pulls `oci://HOST/PATH/CHART` at `version` (exact, a constraint, or the highest tag when undefined).
 * Throws a CommandError with helm's text (prefixed with "Error: "; callers may reword it).
 */
export function pullOci(reference: string, version: string | undefined, plainHttp: boolean): OciPull {
  const path = reference.slice('oci://'.length).replace(/\/+$/, '');
  const slash = path.lastIndexOf('/');
  if (slash <= 0) throw new CommandError('Error: invalid_reference: invalid repository\n');
  const hostPort = path.slice(0, path.indexOf('/'));
  const host = hostPort.replace(/:\d+$/, '');
  const name = path.slice(slash + 1);
  const location = `oci://${path.slice(0, slash)}`;
  const registryPath = path.slice(hostPort.length + 1);
  const scheme = plainHttp ? 'http' : 'https';
  const request = (what: string) => `${scheme}://${hostPort}/v2/${registryPath}/${what}`;
  const tagWanted = version !== undefined && EXACT.test(version) ? version.replace(/^v/, '') : undefined;
  const firstRequest = tagWanted !== undefined ? `Head "${request(`manifests/${tagWanted}`)}"` : `Get "${request('tags/list')}"`;
  if (!resolvableHost(host)) {
    throw new CommandError(`Error: failed to do request: ${firstRequest}: dial tcp: lookup ${host} on 127.0.0.53:53: no such host\n`);
  }
  if (plainHttpHost(host) && !plainHttp) {
    throw new CommandError(`Error: failed to do request: ${firstRequest}: http: server gave HTTP response to HTTPS client\n`);
  }
  if (!plainHttpHost(host) && plainHttp) {
    const port = /:\d+$/.test(hostPort) ? hostPort : `${host}:80`;
    throw new CommandError(`Error: failed to do request: ${firstRequest}: dial tcp ${port}: connect: connection refused\n`);
  }
  const chart = knownRegistry(location)?.charts.find((c) => c.name === name);
  const tags = chart?.versions.map((v) => v.version) ?? [];
  let tag = tagWanted;
  if (tag === undefined) {
    if (tags.length === 0) throw new CommandError(`Error: Unable to locate any tags in provided repository: ${reference}\n`);
    tag = highestSatisfying(tags, version);
    if (tag === undefined) throw new CommandError(`Error: Could not locate a version matching provided version string ${version ?? ''}\n`);
  }
  if (!chart || !tags.includes(tag)) throw new CommandError(`Error: ${path}:${tag}: not found\n`);
  const ref = `${path}:${tag}`;
  return { ref, chart, version: tag, digest: `sha256:${createHash('sha256').update(ref).digest('hex')}` };
}
