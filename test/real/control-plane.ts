/**
 * A real Kubernetes control plane on loopback, for the tests: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, and kwok as the kubelet of one fake Node. Pods are scheduled, become Ready (or, for Job pods,
 * Succeeded) without running; a small binder gives every pending claim a PersistentVolume, as minikube's
 * provisioner would. The binaries come from `scripts/real-cluster/install-tools.sh` (see {@link toolsBin}).
 *
 * Facts this encodes (each cost time to find; the flags are in daemons.ts):
 * - the controller-manager and scheduler start after `/readyz`, or they die on RBAC not yet bootstrapped;
 * - Debian's etcd 3.4 ends kwok's WatchList watches at once: `--feature-gates WatchList=false`;
 * - the node lease and the controller-manager's grace period are long, or the node flaps NotReady.
 */
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  apiServerArgs, controllerManagerArgs, etcdArgs, kwokArgs, schedulerArgs, startDaemon, stopDaemon, TOKEN, waitReady,
  type Daemon, type DaemonHost, type Ports,
} from './daemons.ts';
import { kubectlApply, kubectlRun, REAL_CONTEXT } from './run-checked.ts';
import { toolsBin } from './tools.ts';
import { volumeBinder } from './volume-binder.ts';

export { kubectlRun, REAL_CONTEXT, runChecked } from './run-checked.ts';

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

/** Where a control plane lives and how it is reached. */
interface Layout {
  readonly dir: string;
  readonly server: string;
  readonly kubeconfig: string;
  readonly ports: Ports;
  readonly host: DaemonHost;
}

async function layout(dir: string): Promise<Layout> {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const bin = toolsBin();
  const ports: Ports = { etcd: await freePort(), etcdPeer: await freePort(), api: await freePort() };
  const server = `https://127.0.0.1:${ports.api}`;
  const kubeconfig = join(dir, 'kubeconfig');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfig, HOME: dir };
  delete env.NODE_OPTIONS;
  return { dir, server, kubeconfig, ports, host: { bin, dir, env } };
}

/** The service-account key pair, the admin token and the kubeconfig. */
function writeCredentials(at: Layout): void {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(at.dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(at.dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(at.dir, 'tokens.csv'), `${TOKEN},admin,admin,system:masters\n`, { mode: 0o600 });
  writeFileSync(at.kubeconfig, kubeconfigYaml(at.server), { mode: 0o600 });
}

/** Starts etcd, the API server, the controllers and kwok in `dir`; resolves when a Node is Ready. */
export async function startControlPlane(dir: string): Promise<ControlPlane> {
  const at = await layout(dir);
  writeCredentials(at);
  const { env } = at.host;
  const daemons: Daemon[] = [];
  const start = (name: string, args: string[]): Daemon => {
    const daemon = startDaemon(at.host, name, args);
    daemons.push(daemon);
    return daemon;
  };
  start('etcd', etcdArgs(dir, at.ports));
  const apiArgs = apiServerArgs(dir, at.ports);
  let api = start('kube-apiserver', apiArgs);
  await waitReady(at.server, api);
  start('kube-controller-manager', controllerManagerArgs(dir, at.kubeconfig));
  start('kube-scheduler', schedulerArgs(at.kubeconfig));
  start('kwok', kwokArgs(at.kubeconfig));

  await kubectlApply(env, clusterObjects());
  await kubectlRun(env, ['wait', '--for=condition=Ready', `node/${NODE_NAME}`, '--timeout=120s']);
  const binder = volumeBinder(env, join(dir, 'logs', 'volume-binder.log'));

  return {
    dir,
    kubeconfig: at.kubeconfig,
    context: REAL_CONTEXT,
    server: at.server,
    env,
    async stopApiServer() {
      await stopDaemon(api);
    },
    async startApiServer() {
      api = start('kube-apiserver', apiArgs);
      await waitReady(at.server, api);
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
