/**
 * When a pod's Secrets, ConfigMaps and PVCs are available, and what the kubelet says while they are not.
 */
import { isMap } from '../core/values.ts';
import { objectKey, type StoredObject } from '../core/state.ts';
import type { Requirement } from './pod-template.ts';

/** The first unmet requirement, as the kubelet or scheduler reports it. */
export interface RequirementBlock {
  /** config: CreateContainerConfigError; mount: ContainerCreating + FailedMount; claim: unschedulable. */
  kind: 'config' | 'mount' | 'claim';
  message: string;
}

/** Availability of everything a pod requires. */
export interface RequirementState {
  /** Real ms from which all requirements are met; Infinity when one is missing now. */
  availableMs: number;
  /** Set when a requirement is missing now. */
  block?: RequirementBlock;
}

function hasKey(stored: StoredObject, key: string): boolean {
  const obj = stored.object;
  const data = isMap(obj.data) ? obj.data : {};
  const stringData = isMap(obj.stringData) ? obj.stringData : {};
  const binary = isMap(obj.binaryData) ? obj.binaryData : {};
  return key in data || key in stringData || key in binary;
}

/** Evaluates `requirements` of a pod in `namespace` against the visible objects. */
export function evaluateRequirements(
  requirements: readonly Requirement[],
  namespace: string,
  visible: ReadonlyMap<string, StoredObject>,
): RequirementState {
  let availableMs = 0;
  for (const req of requirements) {
    const stored = visible.get(objectKey(req.kind, namespace, req.name));
    const label = req.kind === 'ConfigMap' ? 'configmap' : req.kind === 'Secret' ? 'secret' : 'persistentvolumeclaim';
    if (!stored) {
      const missing = `${label} "${req.name}" not found`;
      if (req.kind === 'PersistentVolumeClaim') {
        return {
          availableMs: Infinity,
          block: { kind: 'claim', message: `0/1 nodes are available: ${missing}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.` },
        };
      }
      return {
        availableMs: Infinity,
        block: req.viaVolume
          ? { kind: 'mount', message: `MountVolume.SetUp failed for volume "${req.name}" : ${missing}` }
          : { kind: 'config', message: missing },
      };
    }
    if (req.key !== undefined && !hasKey(stored, req.key)) {
      return { availableMs: Infinity, block: { kind: 'config', message: `couldn't find key ${req.key} in ${req.kind} ${namespace}/${req.name}` } };
    }
    availableMs = Math.max(availableMs, req.key !== undefined ? stored.sim.updatedMs : stored.sim.createdMs);
  }
  return { availableMs };
}
