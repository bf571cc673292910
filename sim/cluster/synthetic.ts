/**
 * Objects that exist without anyone creating them: the node, each namespace's kube-root-ca.crt
 * ConfigMap, and the Secrets in which helm stores its releases.
 */
import { gzipSync } from 'node:zlib';
import { formatKi, parseBytes, parseCpuMillis } from '../core/quantity.ts';
import { hexDigest } from '../core/ids.ts';
import { k8sTime } from '../core/timefmt.ts';
import type { KubeObject, NodeSpec } from '../core/state.ts';
import { publicRelease, type ReleaseRecord } from '../helm/release-types.ts';
import { podUid } from './pods.ts';

/** The single node, "minikube". */
export function nodeObject(node: NodeSpec, createdMs: number, rv: string): KubeObject {
  const cpu = String(parseCpuMillis(node.cpu) / 1000);
  const memory = formatKi(parseBytes(node.memory));
  const capacity = { cpu, 'ephemeral-storage': '153707984Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory, pods: '110' };
  const at = k8sTime(createdMs);
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> =>
    ({ type, status, lastHeartbeatTime: at, lastTransitionTime: at, reason, message });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: podUid('node', node.name),
      resourceVersion: rv,
      creationTimestamp: at,
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux', 'minikube.k8s.io/name': node.name,
        'minikube.k8s.io/primary': 'true', 'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      addresses: [{ address: '192.168.49.2', type: 'InternalIP' }, { address: node.name, type: 'Hostname' }],
      allocatable: { ...capacity },
      capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64', bootID: hexDigest('boot', 32), containerRuntimeVersion: 'docker://27.2.0',
        kernelVersion: '6.8.0-45-generic', kubeProxyVersion: '', kubeletVersion: 'v1.31.0',
        machineID: hexDigest('machine', 32), operatingSystem: 'linux', osImage: 'Ubuntu 22.04.4 LTS',
        systemUUID: podUid('system', node.name),
      },
    },
  };
}

/** The kube-root-ca.crt ConfigMap every namespace gets. */
export function rootCaConfigMap(namespace: string, createdMs: number, rv: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'kube-root-ca.crt', namespace, uid: podUid(namespace, 'kube-root-ca.crt'), resourceVersion: rv,
      creationTimestamp: k8sTime(createdMs),
      annotations: { 'kubernetes.io/description': "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
    },
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIDBjCCAe6gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwptaW5p\na3ViZUNBMB4XDTI0MDEwMTAwMDAwMFoXDTM0MDEwMTAwMDAwMFowFTETMBEGA1UE\n-----END CERTIFICATE-----\n' },
  };
}

/** The Secret helm keeps a release revision in (driver "secret"). */
export function releaseSecret(record: ReleaseRecord, rv: string): KubeObject {
  const payload = gzipSync(Buffer.from(JSON.stringify(publicRelease(record)))).toString('base64');
  const name = `sh.helm.release.v1.${record.name}.v${record.version}`;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: record.namespace,
      uid: podUid(record.namespace, name),
      resourceVersion: rv,
      creationTimestamp: k8sTime(Date.parse(record.info.last_deployed) || Date.now()),
      labels: { modifiedAt: String(Math.floor((Date.parse(record.info.last_deployed) || Date.now()) / 1000)), name: record.name, owner: 'helm', status: record.info.status, version: String(record.version) },
    },
    data: { release: Buffer.from(payload).toString('base64') },
    type: 'helm.sh/release.v1',
  };
}
