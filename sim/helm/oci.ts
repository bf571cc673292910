/**
 * Charts from OCI registries (`oci://HOST/PATH/CHART`), as helm pulls them for install/upgrade and for
 * `oci://` dependencies: no `helm repo add`, versions are tags, `--plain-http` for a registry without TLS.
 * Texts are helm 3.17.4's against a real registry.
 *
 * An exact version is used as the tag without listing tags (helm does the same), so an unknown one fails at
 * the pull: `HOST/PATH/CHART:VERSION: not found`. helm reaches a loopback registry over plain HTTP even
 * without `--plain-http`; any other plain-HTTP registry needs the flag.
 */
import { createHash } from 'node:crypto';
import { CommandError } from '../core/exit.ts';
import { knownRegistry, loopbackHost, plainHttpRegistry, resolvableHost, type IndexedChart } from '../catalog/repos.ts';
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

/** An exact version, which helm uses as the tag without listing the registry's tags. */
export function isExactVersion(version: string | undefined): version is string {
  return version !== undefined && /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}

/** "Pulled: ...\nDigest: ...\n", what helm prints on stderr for each chart it pulls from a registry. */
export function pulledBanner(pull: OciPull): string {
  return `Pulled: ${pull.ref}\nDigest: ${pull.digest}\n`;
}

/** Why helm cannot talk to the registry at `hostPort`, as the Go error after the request; `undefined` when it can. */
function transportError(hostPort: string, plainHttp: boolean): string | undefined {
  const host = hostPort.replace(/:\d+$/, '');
  if (!resolvableHost(host)) return `dial tcp: lookup ${host} on 127.0.0.53:53: no such host`;
  if (loopbackHost(host)) return undefined;
  const plain = plainHttpRegistry(hostPort);
  if (plain && !plainHttp) return 'http: server gave HTTP response to HTTPS client';
  if (!plain && plainHttp) return `dial tcp ${/:\d+$/.test(hostPort) ? hostPort : `${host}:80`}: connect: connection refused`;
  return undefined;
}

/**
 * Pulls `oci://HOST/PATH/CHART` at `version` (exact, a constraint, or the highest tag when undefined).
 * Throws a CommandError with helm's text ("Error: ..."; callers may wrap it).
 */
export function pullOci(reference: string, version: string | undefined, plainHttp: boolean): OciPull {
  const path = reference.slice('oci://'.length).replace(/\/+$/, '');
  const slash = path.lastIndexOf('/');
  if (slash <= 0) throw new CommandError('Error: invalid_reference: invalid repository\n');
  const hostPort = path.slice(0, path.indexOf('/'));
  const name = path.slice(slash + 1);
  const repository = path.slice(hostPort.length + 1);
  const scheme = plainHttp || loopbackHost(hostPort.replace(/:\d+$/, '')) ? 'http' : 'https';
  const broken = transportError(hostPort, plainHttp);
  const chart = knownRegistry(`oci://${path.slice(0, slash)}`)?.charts.find((c) => c.name === name);
  let tag: string | undefined;
  if (isExactVersion(version)) {
    tag = version.replace(/^v/, '');
    if (broken) throw new CommandError(`Error: failed to do request: Head "${scheme}://${hostPort}/v2/${repository}/manifests/${tag}": ${broken}\n`);
  } else {
    const tags = `${scheme}://${hostPort}/v2/${repository}/tags/list`;
    if (broken) throw new CommandError(`Error: Get "${tags}": ${broken}\n`);
    if (!chart) throw new CommandError(`Error: GET "${tags}": unexpected status code 404: name unknown: repository name not known to registry\n`);
    tag = highestSatisfying(chart.versions.map((v) => v.version), version);
    if (tag === undefined) throw new CommandError(`Error: Could not locate a version matching provided version string ${version ?? ''}\n`);
  }
  if (!chart || !chart.versions.some((v) => v.version === tag)) throw new CommandError(`Error: ${path}:${tag}: not found\n`);
  const ref = `${path}:${tag}`;
  return { ref, chart, version: tag, digest: `sha256:${createHash('sha256').update(ref).digest('hex')}` };
}
