/**
 * Names and ids the API server would generate: uids, pod-name suffixes, template hashes, cluster IPs.
 * Suffixes are derived from a seed so that a pod keeps its name between two reads.
 */
import { createHash, randomUUID } from 'node:crypto';

/** The alphabet of k8s.io/apimachinery rand.String (no vowels, no confusable digits). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A fresh object uid. */
export function newUid(): string {
  return randomUUID();
}

/** `length` characters from the API server's alphabet, stable for a given seed. */
export function stableSuffix(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[digest[i]! % ALPHABET.length];
  return out;
}

/** A short hex digest, for event names and controller revisions. */
export function hexDigest(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A stable pseudo-random integer in [0, 2^31) from a seed. */
export function stableInt(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) >>> 1;
}

/** The n-th ClusterIP of the 10.96.0.0/12 service range, skipping the API server's 10.96.0.1. */
export function clusterIp(n: number): string {
  const offset = n + 2;
  return `10.${96 + Math.floor(offset / 65536)}.${Math.floor(offset / 256) % 256}.${offset % 256}`;
}

/** The pod IP for a seed, in minikube's 10.244.0.0/24. */
export function podIp(seed: string): string {
  return `10.244.0.${(stableInt(seed) % 250) + 3}`;
}
