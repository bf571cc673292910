/**
 * Reads the simulator's settings from the environment, once, at the edge.
 *
 * Deals with: SIM_DIR, SIM_TIME_SCALE, SIM_LATENCY_MS, SIM_LOADBALANCER.
 * Does not deal with: anything stored in the state folder.
 */
import { isAbsolute, resolve } from 'node:path';
import { CommandError } from './exit.ts';

/** The validated settings every command runs with. */
export interface SimEnv {
  /** Absolute path of the state folder (state.json, faults.json, audit.jsonl). */
  readonly dir: string;
  /** Real milliseconds per virtual millisecond: 1 is real time, 0.001 runs 1000x faster. */
  readonly timeScale: number;
  /** Virtual duration of each cluster call, start-up included, `[min, max]` in ms; `[0, 0]` disables it. */
  readonly latencyMs: readonly [number, number];
  /**
   * LoadBalancer Services get an ingress IP (SIM_LOADBALANCER=ingress, like docker-desktop or
   * `minikube tunnel`); by default they stay pending, as on a plain minikube.
   */
  readonly loadBalancerIngress: boolean;
}

/** Parses the SIM_* variables; a missing or malformed one ends the command with exit code 2. */
export function readSimEnv(env: NodeJS.ProcessEnv = process.env): SimEnv {
  const problems: string[] = [];
  const rawDir = env.SIM_DIR;
  if (!rawDir) problems.push('SIM_DIR: not set (the folder that holds the simulated cluster state)');
  const timeScale = env.SIM_TIME_SCALE === undefined || env.SIM_TIME_SCALE === '' ? 1 : Number(env.SIM_TIME_SCALE);
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    problems.push(`SIM_TIME_SCALE: must be a positive number, got "${env.SIM_TIME_SCALE}"`);
  }
  const latencyMs = parseLatency(env.SIM_LATENCY_MS, problems);
  const lb = env.SIM_LOADBALANCER ?? 'pending';
  if (lb !== 'pending' && lb !== 'ingress') problems.push(`SIM_LOADBALANCER: must be "pending" or "ingress", got "${lb}"`);
  if (problems.length > 0) throw new CommandError(problems.map((p) => `sim: ${p}\n`).join(''), 2);
  const dir = isAbsolute(rawDir!) ? rawDir! : resolve(rawDir!);
  return { dir, timeScale, latencyMs, loadBalancerIngress: lb === 'ingress' };
}

function parseLatency(raw: string | undefined, problems: string[]): [number, number] {
  if (raw === undefined || raw === '') return [100, 300];
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  if (!match) {
    problems.push(`SIM_LATENCY_MS: expected "MIN-MAX" or "N" in virtual ms, got "${raw}"`);
    return [0, 0];
  }
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return [Math.min(min, max), Math.max(min, max)];
}
