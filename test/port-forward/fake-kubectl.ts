/**
 * A tiny stand-in for `kubectl port-forward`, for the supervisor's own tests: it listens on the local port,
 * prints kubectl's `Forwarding from` line, and misbehaves on request. The command's tests use the simulated
 * cluster instead.
 *
 * Behaviour, per start (starts are counted in `$FAKE_DIR/starts`):
 *   FAKE_FAIL_STARTS=N   the first N starts exit 1 at once, as kubectl does when the pod is gone
 *   FAKE_DROP_AFTER_MS   the first start that listens drops after this many ms ("lost connection to pod")
 */
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const args = process.argv.slice(2);
if (args[0] !== 'port-forward') { process.stderr.write('fake kubectl: only port-forward\\n'); process.exit(2); }
const dir = process.env.FAKE_DIR;
const startsFile = path.join(dir, 'starts');
const start = (fs.existsSync(startsFile) ? Number(fs.readFileSync(startsFile, 'utf8')) : 0) + 1;
fs.writeFileSync(startsFile, String(start));
fs.appendFileSync(path.join(dir, 'argv'), JSON.stringify(args) + '\\n');
const [local, remote] = args.find((a) => /^\\d+:\\d+$/.test(a)).split(':');
if (start <= Number(process.env.FAKE_FAIL_STARTS || 0)) {
  process.stderr.write('error: lost connection to pod\\n');
  process.exit(1);
}
const server = net.createServer((socket) => { process.stdout.write('Handling connection for ' + local + '\\n'); socket.end('hello'); });
server.on('error', (err) => {
  process.stderr.write('Unable to listen on port ' + local + ': Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:' + local + ': bind: address already in use]\\n');
  process.stderr.write('error: unable to listen on any of the requested ports: [{' + local + ' ' + remote + '}]\\n');
  process.exit(1);
});
server.listen(Number(local), '127.0.0.1', () => {
  process.stdout.write('Forwarding from 127.0.0.1:' + local + ' -> ' + remote + '\\n');
  const dropAfter = Number(process.env.FAKE_DROP_AFTER_MS || 0);
  const dropped = fs.existsSync(path.join(dir, 'dropped'));
  if (dropAfter > 0 && !dropped) {
    fs.writeFileSync(path.join(dir, 'dropped'), '1');
    setTimeout(() => { process.stderr.write('E0101 00:00:00 portforward.go:413] lost connection to pod\\n'); process.exit(1); }, dropAfter);
  }
});
process.on('SIGTERM', () => process.exit(0));
`;

/** A folder holding the fake kubectl; `env` points `KUBECTL` at it. */
export interface FakeKubectl {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** How many times it was started. */
  starts(): Promise<number>;
}

/** Writes the fake to a fresh temp folder. `extra` adds FAKE_* settings. */
export async function fakeKubectl(extra: Record<string, string> = {}): Promise<FakeKubectl> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-kubectl-'));
  const bin = join(dir, 'kubectl');
  await writeFile(bin, SCRIPT);
  await chmod(bin, 0o755);
  return {
    dir,
    env: { ...process.env, KUBECTL: bin, FAKE_DIR: dir, ...extra },
    starts: async () => Number(await readFile(join(dir, 'starts'), 'utf8').catch(() => '0')),
  };
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
