/**
 * The real control plane's stand-in for minikube's storage provisioner: a PersistentVolume for every
 * pending claim, driven by a kubectl watch. Deals with: claims and volumes. Does not deal with: the
 * control plane's processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { kubectlApply, REAL_CONTEXT } from './run-checked.ts';

/**
 * Gives every Pending claim a PersistentVolume bound to it (there is no provisioner), and deletes a volume once
 * its claim is gone. Driven by kubectl's watch: one line per change.
 */
export function volumeBinder(env: NodeJS.ProcessEnv, logFile: string): { restart(): void; stop(): void } {
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
