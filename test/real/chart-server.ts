/**
 * The chart sources of a test run, on loopback: the cached upstream packages (scripts/real-cluster/
 * fetch-charts.ts) served as plain HTTP Helm repositories (datahub, qdrant, temporal), and the bitnami packages
 * pushed to an OCI registry over plain HTTP, as the real public sources are laid out. Returns the `.env` lines
 * that point the product at them: the product's way to use a mirror.
 */
import { spawn, type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { chartCache } from '../../scripts/real-cluster/fetch-charts.ts';
import { toolsBin } from './tools.ts';

const run = promisify(execFile);

/** Serving chart sources. */
export interface ChartSources {
  /** The `.env` variables that point the product at these sources. */
  readonly env: Record<string, string>;
  readonly httpUrl: string;
  readonly ociUrl: string;
  stop(): Promise<void>;
}

/** Serves the chart cache; `dir` holds the registry's log and helm's own folders for the push. */
export async function serveChartSources(dir: string): Promise<ChartSources> {
  const charts = chartCache();
  const http = await serveFolder(charts);
  const httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const registry = await startRegistry(join(dir, 'registry.log'));
  const ociUrl = `oci://127.0.0.1:${registry.port}/bitnamicharts`;
  const helm = join(toolsBin(process.env, ['helm']), 'helm');
  const helmEnv = { ...process.env, HELM_CONFIG_HOME: join(dir, 'helm-config'), HELM_CACHE_HOME: join(dir, 'helm-cache'), HELM_DATA_HOME: join(dir, 'helm-data') };
  for (const file of readdirSync(join(charts, 'bitnami')).filter((f) => f.endsWith('.tgz'))) {
    await run(helm, ['push', join(charts, 'bitnami', file), ociUrl, '--plain-http'], { env: helmEnv });
  }
  return {
    httpUrl,
    ociUrl,
    env: {
      DATASPOKE_DEV_HELM_REPO_DATAHUB_URL: `${httpUrl}/datahub`,
      DATASPOKE_DEV_HELM_REPO_QDRANT_URL: `${httpUrl}/qdrant`,
      DATASPOKE_DEV_HELM_REPO_TEMPORAL_URL: `${httpUrl}/temporal`,
      DATASPOKE_DEV_HELM_REPO_BITNAMI_URL: ociUrl,
      DATASPOKE_DEV_HELM_PLAIN_HTTP: 'true',
    },
    async stop() {
      registry.child.kill('SIGTERM');
      http.close();
      await once(http, 'close');
    },
  };
}

/** A static file server for one folder. */
export async function serveFolder(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root) || !isFile(path)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': path.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' });
    createReadStream(path).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** go-containerregistry's in-memory registry on a free loopback port (it logs the port it took). */
async function startRegistry(logFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(join(toolsBin(process.env, ['registry']), 'registry'), ['-port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = createWriteStream(logFile);
  let text = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      text += chunk.toString();
      const match = /serving on port (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the OCI registry exited (${code}) before serving: ${text.trim()}`)));
  });
  return { child, port };
}
