/**
 * The real control plane's processes: starting a daemon with its log, stopping it, and the arguments each
 * one runs with; waiting for the API server to be ready. Deals with: processes and their flags. Does not
 * deal with: what runs inside the cluster (control-plane.ts) or the volumes (volume-binder.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

/** The bearer token of the cluster's admin (tokens.csv, the kubeconfig). */
export const TOKEN = 'dataspoke-real-cluster-admin-token';

/** One running process of the control plane. */
export interface Daemon {
  readonly name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** Where daemons come from and run. */
export interface DaemonHost {
  /** The folder holding the binaries. */
  readonly bin: string;
  /** The control plane's folder (logs/ is under it). */
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Starts `bin/name args`, its output appended to `logs/<name>.log`. */
export function startDaemon(host: DaemonHost, name: string, args: readonly string[]): Daemon {
  const log = createWriteStream(join(host.dir, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn(join(host.bin, name), args, { env: host.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, exited: once(child, 'exit').then(() => undefined) };
}

/**
 * SIGKILL: a test cluster keeps nothing worth a graceful stop, and the API server's takes a minute (it lets
 * long-running watches drain); for the outage scenario, a crash is the harder case anyway.
 */
export async function stopDaemon(daemon: Daemon): Promise<void> {
  if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGKILL');
  await daemon.exited;
}

/** The ports the control plane listens on. */
export interface Ports {
  readonly etcd: number;
  readonly etcdPeer: number;
  readonly api: number;
}

export function etcdArgs(dir: string, ports: Ports): string[] {
  return [
    '--data-dir', join(dir, 'etcd'),
    '--listen-client-urls', `http://127.0.0.1:${ports.etcd}`,
    '--advertise-client-urls', `http://127.0.0.1:${ports.etcd}`,
    '--listen-peer-urls', `http://127.0.0.1:${ports.etcdPeer}`,
    '--initial-advertise-peer-urls', `http://127.0.0.1:${ports.etcdPeer}`,
    '--initial-cluster', `default=http://127.0.0.1:${ports.etcdPeer}`,
    '--quota-backend-bytes', String(2 * 1024 ** 3),
  ];
}

export function apiServerArgs(dir: string, ports: Ports): string[] {
  return [
    '--etcd-servers', `http://127.0.0.1:${ports.etcd}`,
    '--bind-address', '127.0.0.1',
    '--advertise-address', '127.0.0.1',
    '--secure-port', String(ports.api),
    '--cert-dir', join(dir, 'certs'),
    '--token-auth-file', join(dir, 'tokens.csv'),
    '--authorization-mode', 'RBAC',
    '--service-account-issuer', 'https://kubernetes.default.svc.cluster.local',
    '--service-account-key-file', join(dir, 'sa.pub'),
    '--service-account-signing-key-file', join(dir, 'sa.key'),
    '--service-cluster-ip-range', '10.96.0.0/16',
    '--feature-gates', 'WatchList=false',
    '--enable-priority-and-fairness=false',
    '--allow-privileged=true',
  ];
}

export function controllerManagerArgs(dir: string, kubeconfig: string): string[] {
  return [
    '--kubeconfig', kubeconfig,
    '--leader-elect=false',
    '--secure-port=0',
    '--service-account-private-key-file', join(dir, 'sa.key'),
    '--use-service-account-credentials=false',
    '--node-monitor-grace-period', '1h',
    '--concurrent-gc-syncs', '5',
  ];
}

export function schedulerArgs(kubeconfig: string): string[] {
  return ['--kubeconfig', kubeconfig, '--leader-elect=false', '--secure-port=0'];
}

export function kwokArgs(kubeconfig: string): string[] {
  return [
    '--kubeconfig', kubeconfig,
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
    '--node-lease-duration-seconds', '40',
    '--cidr', '10.244.0.1/16',
    '--node-ip', '127.0.0.1',
  ];
}

/**
 * Polls `/readyz` until the API server answers ok; fails at once if the process exits. Polled (every
 * 100 ms) because the API server says it is ready only through that endpoint: there is no event to wait on.
 * The attempt count is the safety net.
 */
export async function waitReady(server: string, api: Daemon): Promise<void> {
  let exited = false;
  void api.exited.then(() => (exited = true));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (exited) throw new Error(`kube-apiserver exited during start-up; see its log`);
    if (await readyz(server)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('kube-apiserver did not become ready within a minute');
}

function readyz(server: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${server}/readyz`, { rejectUnauthorized: false, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2_000, () => req.destroy());
    req.end();
  });
}

