/**
 * Kubernetes resource quantities: `16Gi`, `512Mi`, `7650m`, `8`.
 */

const MEMORY_UNITS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
};

/** Bytes in a memory quantity; `undefined` when it is not one. */
export function parseMemory(quantity: string | number): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(|k|M|G|T|Ki|Mi|Gi|Ti)$/.exec(String(quantity).trim());
  return m ? Number(m[1]) * MEMORY_UNITS[m[2]!]! : undefined;
}

/** Millicores in a CPU quantity; `undefined` when it is not one. */
export function parseCpu(quantity: string | number): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(quantity).trim());
  if (!m) return undefined;
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** `11264Mi` → "11.0 GiB". */
export function formatGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** `7650` → "7.65 CPU". */
export function formatCpu(millicores: number): string {
  return `${(millicores / 1000).toFixed(2).replace(/0$/, '')} CPU`;
}
