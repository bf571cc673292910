/**
 * `kubectl port-forward [-n NS] svc/NAME|pod/NAME|deployment/NAME LOCAL:REMOTE...`: resolves the target
 * pod like kubectl, listens on 127.0.0.1 (and [::1] when available), accepts connections and keeps
 * running until killed, or until the pod disappears ("lost connection to pod").
 *
 * Connections get a minimal answer: an HTTP request receives `200 {"status":"ok"}`, anything else is
 * held open. That is enough for health probes; it is not the real service.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { CommandError, err, out } from '../core/exit.ts';
import { parseGoDuration } from '../core/clock.ts';
import { isMap } from '../core/values.ts';
import type { KubeObject } from '../core/state.ts';
import { qualifiedResource, resolveKindArg } from '../cluster/kinds.ts';
import { pollView, readView } from '../cluster/read.ts';
import { selectorMatches } from '../cluster/selectors.ts';
import type { ClusterView } from '../cluster/view.ts';
import type { KubectlContext } from './main.ts';

interface PortPair {
  local: number;
  remote: string;
}

function parsePorts(specs: readonly string[]): PortPair[] {
  if (specs.length === 0) throw new CommandError('error: at least 1 PORT is required for port-forward\n');
  return specs.map((spec) => {
    const [a, b] = spec.includes(':') ? spec.split(':') : [spec, spec];
    const local = a === '' ? 0 : Number(a);
    if (!Number.isInteger(local) || local < 0 || local > 65535) throw new CommandError(`error: Error parsing local port '${a}': strconv.ParseUint: parsing "${a}": invalid syntax\n`);
    return { local, remote: b! };
  });
}

function podsFor(view: ClusterView, namespace: string, selector: Record<string, string>): KubeObject[] {
  return view.list('Pod', namespace).filter((p) => selectorMatches(selector, p.metadata.labels ?? {}));
}

function containerPort(pod: KubeObject, remote: string): number | undefined {
  if (/^\d+$/.test(remote)) return Number(remote);
  const containers = isMap(pod.spec) && Array.isArray(pod.spec.containers) ? (pod.spec.containers as Record<string, unknown>[]) : [];
  for (const c of containers) for (const p of (Array.isArray(c.ports) ? c.ports : []) as Record<string, unknown>[]) if (p.name === remote) return Number(p.containerPort);
  return undefined;
}

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function serve(socket: Socket, local: number): void {
  out(`Handling connection for ${local}\n`);
  socket.once('data', (chunk) => {
    if (/^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH) /.test(chunk.toString('latin1'))) {
      const body = '{"status":"ok"}';
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    }
  });
  socket.on('error', () => socket.destroy());
}

/** Runs `kubectl port-forward`; returns only when the forwarded pod goes away. */
export async function runPortForward(ctx: KubectlContext): Promise<number> {
  const [target, ...portSpecs] = ctx.args.positionals;
  if (!target) throw new CommandError('error: TYPE/NAME and list of ports are required for port-forward\n');
  const [kindArg, name] = target.includes('/') ? target.split('/') : ['pod', target];
  const info = resolveKindArg(kindArg!);
  if (!info || !['Pod', 'Service', 'Deployment', 'StatefulSet'].includes(info.kind)) throw new CommandError(`error: cannot attach to ${kindArg}: not implemented\n`);
  const ports = parsePorts(portSpecs);
  const view = await readView(ctx.inv);
  const obj = view.get(info.kind, ctx.namespace, name!);
  if (!obj) throw new CommandError(`Error from server (NotFound): ${qualifiedResource(info)} "${name}" not found\n`);
  const spec = isMap(obj.spec) ? obj.spec : {};
  const pod = await runningPod(ctx, { kind: info.kind, name: name!, selector: podSelector(info.kind, spec) });
  const servicePorts = info.kind === 'Service' && Array.isArray(spec.ports) ? (spec.ports as Record<string, unknown>[]) : [];
  const servers: Server[] = [];
  for (const pair of ports) {
    let remote = pair.remote;
    if (info.kind === 'Service') {
      const sp = servicePorts.find((p) => String(p.port) === remote || p.name === remote);
      if (!sp) throw new CommandError(`error: Service ${name} does not have a service port ${remote}\n`);
      remote = String(sp.targetPort ?? sp.port);
    }
    const resolved = containerPort(pod, remote);
    if (resolved === undefined) throw new CommandError(`error: Pod '${pod.metadata.name}' does not have a named port '${remote}'\n`);
    servers.push(...(await forward(pair.local, resolved)));
  }
  // Runs until killed; ends with an error if the pod disappears (deleted, namespace gone).
  const podName = pod.metadata.name;
  const lost = await pollView(ctx.inv, Infinity, (v) => (v.get('Pod', ctx.namespace, podName) ? undefined : true));
  for (const s of servers) s.close();
  if (lost.done) {
    err('error: lost connection to pod\n');
    return 1;
  }
  return 0;
}

/** The labels selecting the target's pods: a Service's selector, a workload's matchLabels; none for a pod. */
function podSelector(kind: string, spec: Record<string, unknown>): Record<string, string> | undefined {
  if (kind === 'Service') return isMap(spec.selector) ? (spec.selector as Record<string, string>) : {};
  if (kind !== 'Pod') return isMap(spec.selector) && isMap(spec.selector.matchLabels) ? (spec.selector.matchLabels as Record<string, string>) : {};
  return undefined;
}

/** Like kubectl, waits (up to --pod-running-timeout) for a pod to exist, then requires it to be Running. */
async function runningPod(ctx: KubectlContext, target: { kind: string; name: string; selector: Record<string, string> | undefined }): Promise<KubeObject> {
  const waitMs = parseGoDuration(ctx.args.get('pod-running-timeout') ?? '1m0s') ?? 60_000;
  const found = await pollView(ctx.inv, ctx.inv.clock.now() + ctx.inv.clock.real(waitMs), (v) =>
    target.kind === 'Pod' ? v.get('Pod', ctx.namespace, target.name) : podsFor(v, ctx.namespace, target.selector!).sort((a, b) => Number(isMap(b.status) && b.status.phase === 'Running') - Number(isMap(a.status) && a.status.phase === 'Running'))[0]);
  if (!found.done) throw new CommandError('error: timed out waiting for the condition\n');
  const pod = found.value;
  const phase = isMap(pod.status) ? String(pod.status.phase) : 'Unknown';
  if (phase !== 'Running') throw new CommandError(`error: unable to forward port because pod is not running. Current status=${phase}\n`);
  return pod;
}

/** Listens on 127.0.0.1:local (and [::1] when it can) for the container port `resolved`; the servers. */
async function forward(requested: number, resolved: number): Promise<Server[]> {
  let v4: Server;
  try {
    v4 = await listen(requested, '127.0.0.1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'bind: address already in use' : String((error as Error).message);
    err(`Unable to listen on port ${requested}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${requested}: ${code} unable to create listener: Error listen tcp6 [::1]:${requested}: ${code}]\n`);
    throw new CommandError(`error: unable to listen on any of the requested ports: [{${requested} ${resolved}}]\n`);
  }
  const local = (v4.address() as { port: number }).port;
  const servers = [v4];
  v4.on('connection', (s) => serve(s, local));
  out(`Forwarding from 127.0.0.1:${local} -> ${resolved}\n`);
  const v6 = await listen(local, '::1').catch(() => undefined);
  if (v6) {
    servers.push(v6);
    v6.on('connection', (s) => serve(s, local));
    out(`Forwarding from [::1]:${local} -> ${resolved}\n`);
  }
  return servers;
}
