/**
 * `kubectl version`: the client is v1.31.4 and the simulated server (minikube) v1.31.0.
 */
import { stringify } from 'yaml';
import type { KubectlContext } from './main.ts';

const CLIENT = {
  major: '1', minor: '31', gitVersion: 'v1.31.4', gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
  gitTreeState: 'clean', buildDate: '2024-12-10T11:43:21Z', goVersion: 'go1.22.9', compiler: 'gc', platform: 'linux/amd64',
};
const SERVER = {
  major: '1', minor: '31', gitVersion: 'v1.31.0', gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
  gitTreeState: 'clean', buildDate: '2024-08-13T07:28:49Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64',
};
const KUSTOMIZE = 'v5.4.2';

/**
 * The stdout of `kubectl version`. `serverDown` leaves the server part out: kubectl still prints the
 * client version before reporting that the server cannot be reached.
 */
export async function runVersion(ctx: KubectlContext, serverDown: boolean): Promise<string> {
  const withServer = !ctx.args.bool('client') && !serverDown;
  const output = ctx.args.get('output');
  const data = { clientVersion: CLIENT, kustomizeVersion: KUSTOMIZE, ...(withServer ? { serverVersion: SERVER } : {}) };
  if (output === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (output === 'yaml') return stringify(data, { version: '1.1' });
  return `Client Version: ${CLIENT.gitVersion}\nKustomize Version: ${KUSTOMIZE}\n${withServer ? `Server Version: ${SERVER.gitVersion}\n` : ''}`;
}
