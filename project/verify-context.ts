/**
 * Before anything runs: the kube context named in .env exists in the local kubeconfig. A missing context is
 * bad input (a typo in DATASPOKE_DEV_KUBE_CLUSTER), reported with the contexts that do exist.
 * `kubectl config get-contexts` reads the local kubeconfig only; it does not contact any cluster.
 */
import type { Kubectl } from '../kube/kubectl.ts';
import { ToolError } from '../kube/tool-error.ts';

/** Problems with the context, as `VARIABLE: what is wrong`; none when kubectl is missing (preflight says so). */
export async function verifyContext(kubectl: Kubectl, context: string): Promise<string[]> {
  let contexts: string[];
  try {
    contexts = await kubectl.contexts();
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'missing-tool') return [];
    throw error;
  }
  if (contexts.includes(context)) return [];
  const known = contexts.length > 0 ? contexts.map((c) => `"${c}"`).join(', ') : 'none';
  return [`DATASPOKE_DEV_KUBE_CLUSTER: kube context "${context}" does not exist in your kubeconfig (known contexts: ${known})`];
}
