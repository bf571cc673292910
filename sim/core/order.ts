/**
 * String order as the Go tools have it: byte order (UTF-16 code units agree with it for the names used
 * here). `localeCompare` orders by locale rules and loads ICU's collator on its first use, which is most
 * of a simulated call's own CPU.
 */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
