/**
 * A real Kubernetes control plane on loopback, for the tests: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, and kwok as the kubelet of one fake Node. Pods are scheduled, become Ready (or, for Job pods,
 * Succeeded) without running; a small binder gives every pending claim a PersistentVolume, as minikube's
 * provisioner would. The binaries come from `scripts/real-cluster/install-tools.sh` (see {@link toolsBin}).
 *
 * Facts this encodes (each cost time to find):
 * - the controller-manager and scheduler start after `/readyz`, or they die on RBAC not yet bootstrapped;
 * - Debian's etcd 3.4 ends kwok's WatchList watches at once: `--feature-gates WatchList=false`;
 * - the node lease and the controller-manager's grace period are long, or the node flaps NotReady.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolsBin } from './tools.ts';

/** One running control plane. */
export interface ControlPlane {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly context: string;
  readonly server: string;
  /** The environment a kubectl/helm call against this cluster needs (KUBECONFIG, PATH with the tools). */
  readonly env: NodeJS.ProcessEnv;
  /** Kills the API server (the cluster stops answering) until {@link startApiServer}. */
  stopApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  /** Stops every process. */
  stop(): Promise<void>;
}

const TOKEN = 'dataspoke-real-cluster-admin-token';
export const REAL_CONTEXT = 'dataspoke-real';
export const NODE_NAME = 'kwok-node-0';

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Daemon {
  readonly name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts etcd, the API server, the controllers and kwok in `dir`; resolves when a Node is Ready. */
export async function startControlPlane(dir: string): Promise<ControlPlane> {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const bin = toolsBin();
  const [etcdPort, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfig = join(dir, 'kubeconfig');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig, HOME: dir };
  delete env.NODE_OPTIONS;

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(dir, 'tokens.csv'), `${TOKEN},admin,admin,system:masters\n`, { mode: 0o600 });
  writeFileSync(kubeconfig, kubeconfigYaml(server), { mode: 0o600 });

  const daemons: Daemon[] = [];
  const start = (name: string, args: string[]): Daemon => {
    const log = createWriteStream(join(dir, 'logs', `${name}.log`), { flags: 'a' });
    const child = spawn(join(bin, name), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const daemon: Daemon = { name, child, exited: once(child, 'exit').then(() => undefined) };
    daemons.push(daemon);
    return daemon;
  };
  // SIGKILL: a test cluster keeps nothing worth a graceful stop, and the API server's takes a minute (it lets
  // long-running watches drain); for the outage scenario, a crash is the harder case anyway.
  const stopDaemon = async (daemon: Daemon) => {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGKILL');
    await daemon.exited;
  };

  start('etcd', [
    '--data-dir', join(dir, 'etcd'),
    '--listen-client-urls', `http://127.0.0.1:${etcdPort}`,
    '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`,
    '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
    '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`,
    '--quota-backend-bytes', String(2 * 1024 ** 3),
  ]);
  const apiArgs = [
    '--etcd-servers', `http://127.0.0.1:${etcdPort}`,
    '--bind-address', '127.0.0.1',
    '--advertise-address', '127.0.0.1',
    '--secure-port', String(apiPort),
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
  let api = start('kube-apiserver', apiArgs);
  await waitReady(server, api);

  start('kube-controller-manager', [
    '--kubeconfig', kubeconfig,
    '--leader-elect=false',
    '--secure-port=0',
    '--service-account-private-key-file', join(dir, 'sa.key'),
    '--use-service-account-credentials=false',
    '--node-monitor-grace-period', '1h',
    '--concurrent-gc-syncs', '5',
  ]);
  start('kube-scheduler', ['--kubeconfig', kubeconfig, '--leader-elect=false', '--secure-port=0']);
  start('kwok', [
    '--kubeconfig', kubeconfig,
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector', 'kwok.x-k8s.io/node=fake',
    '--node-lease-duration-seconds', '40',
    '--cidr', '10.244.0.1/16',
    '--node-ip', '127.0.0.1',
  ]);

  await kubectlApply(env, clusterObjects());
  await kubectlRun(env, ['wait', '--for=condition=Ready', `node/${NODE_NAME}`, '--timeout=120s']);
  const binder = volumeBinder(env, join(dir, 'logs', 'volume-binder.log'));

  return {
    dir,
    kubeconfig,
    context: REAL_CONTEXT,
    server,
    env,
    async stopApiServer() {
      await stopDaemon(api);
    },
    async startApiServer() {
      api = start('kube-apiserver', apiArgs);
      await waitReady(server, api);
      // kubectl's watch ends with its connection; the new one lists the claims still pending first.
      binder.restart();
    },
    async stop() {
      binder.stop();
      for (const daemon of [...daemons].reverse()) await stopDaemon(daemon);
    },
  };
}

function kubeconfigYaml(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${REAL_CONTEXT}`,
    'clusters:',
    `- name: real`,
    `  cluster: { server: "${server}", insecure-skip-tls-verify: true }`,
    'users:',
    `- name: admin`,
    `  user: { token: "${TOKEN}" }`,
    'contexts:',
    `- name: ${REAL_CONTEXT}`,
    `  context: { cluster: real, user: admin }`,
    '',
  ].join('\n');
}

/** Polls `/readyz` until the API server answers ok; fails at once if the process exits. */
async function waitReady(server: string, api: Daemon): Promise<void> {
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

/** The fake Node (kwok manages it by its annotation) and minikube's default StorageClass. */
function clusterObjects(): string {
  const resources = '{ cpu: "32", memory: 64Gi, pods: "250", ephemeral-storage: 200Gi }';
  return `apiVersion: v1
kind: Node
metadata:
  name: ${NODE_NAME}
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels: { kubernetes.io/hostname: ${NODE_NAME}, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok }
status:
  allocatable: ${resources}
  capacity: ${resources}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: { storageclass.kubernetes.io/is-default-class: "true" }
provisioner: k8s.io/minikube-hostpath
reclaimPolicy: Delete
volumeBindingMode: Immediate
`;
}

/** Runs a tool to the end (stdin from `input`); its stdout, or an error with its stderr when it exits non-zero. */
export async function runChecked(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${code}: ${err.trim()}`);
  return out;
}

export function kubectlRun(env: NodeJS.ProcessEnv, args: string[], input?: string): Promise<string> {
  return runChecked('kubectl', ['--context', REAL_CONTEXT, ...args], env, input);
}

function kubectlApply(env: NodeJS.ProcessEnv, yaml: string): Promise<string> {
  return kubectlRun(env, ['apply', '-f', '-'], yaml);
}

/**
 * Gives every Pending claim a PersistentVolume bound to it (there is no provisioner), and deletes a volume once
 * its claim is gone. Driven by kubectl's watch: one line per change.
 */
function volumeBinder(env: NodeJS.ProcessEnv, logFile: string): { restart(): void; stop(): void } {
  const log = createWriteStream(logFile, { flags: 'a' });
  const made = new Set<string>();
  let watch = startVolumeWatch(env, log, made);
  return {
    restart() {
      watch.kill('SIGKILL');
      watch = startVolumeWatch(env, log, made);
    },
    stop() {
      watch.kill('SIGKILL');
    },
  };
}

function startVolumeWatch(env: NodeJS.ProcessEnv, log: NodeJS.WritableStream, made: Set<string>): ChildProcess {
  const watch = spawn(
    'kubectl',
    [
      '--context', REAL_CONTEXT, 'get', 'pvc', '-A', '--watch', '-o',
      'jsonpath={.metadata.namespace} {.metadata.name} {.status.phase} {.spec.resources.requests.storage} {.spec.storageClassName} {.metadata.uid} {.spec.accessModes[*]}{"\\n"}',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  watch.stderr.pipe(log, { end: false });
  let buffer = '';
  watch.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      const [namespace, name, phase, size, storageClass, uid, ...modes] = line.split(' ');
      if (phase !== 'Pending' || !uid || made.has(uid)) continue;
      made.add(uid);
      const pv = `pv-${uid}`;
      log.write(`binding ${namespace}/${name} to ${pv}\n`);
      kubectlApply(env, persistentVolume(pv, { namespace: namespace!, name: name!, uid, size: size || '1Gi', storageClass, modes })).catch(
        (error: Error) => log.write(`${error.message}\n`),
      );
    }
  });
  return watch;
}

function persistentVolume(
  name: string,
  claim: { namespace: string; name: string; uid: string; size: string; storageClass?: string; modes: string[] },
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels: { 'dataspoke.dev/test-volume': 'true' } },
    spec: {
      capacity: { storage: claim.size },
      accessModes: claim.modes.length > 0 ? claim.modes : ['ReadWriteOnce'],
      storageClassName: claim.storageClass || 'standard',
      persistentVolumeReclaimPolicy: 'Retain',
      hostPath: { path: `/tmp/dataspoke-test-volumes/${name}` },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name, uid: claim.uid },
    },
  });
}
