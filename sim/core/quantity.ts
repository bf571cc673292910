/**
 * Kubernetes resource quantities ("512Mi", "1.5Gi", "1024M", "250m", "2"), parsed to numbers.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity in base units (bytes, or cores for CPU); `undefined` when malformed. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(value.trim());
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** CPU in millicores. */
export function parseCpuMillis(value: unknown): number {
  const cores = parseQuantity(value);
  return cores === undefined ? 0 : Math.round(cores * 1000);
}

/** Memory in bytes. */
export function parseBytes(value: unknown): number {
  return Math.round(parseQuantity(value) ?? 0);
}

/** Bytes as the node reports them ("16777216Ki"). */
export function formatKi(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}
