/**
 * Timestamp formats of the real tools: Kubernetes RFC 3339 seconds, helm's RFC 3339 nanoseconds,
 * Go's time.String(), ANSI C dates and kubectl's human ages. All in UTC.
 */

/** "2024-05-01T10:00:00Z", the API server's metav1.Time format. */
export function k8sTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** "2024-05-01T10:00:00.000000Z" (metav1.MicroTime, used by eventTime). */
export function k8sMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Nine fractional digits from ms: helm records nanoseconds; the last six are derived from `seed`. */
function nanos(ms: number, seed: number): string {
  const milli = String(Math.floor(ms) % 1000).padStart(3, '0');
  const extra = String(Math.abs(Math.floor(seed)) % 1_000_000).padStart(6, '0');
  return milli + extra;
}

/** Helm's JSON time: RFC 3339 with nanoseconds, trailing zeros trimmed ("2024-05-01T10:00:00.123456789Z"). */
export function helmTime(ms: number, seed = 0): string {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  const frac = nanos(ms, seed).replace(/0+$/, '');
  return `${base}${frac ? `.${frac}` : ''}Z`;
}

/** Go's time.String(): "2024-05-01 10:00:00.123456789 +0000 UTC" (helm list's "updated"). */
export function goTimeString(isoNano: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(isoNano);
  if (!m) return isoNano;
  return `${m[1]} ${m[2]}${m[3] ?? ''} +0000 UTC`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.ANSIC layout, "Mon Jan _2 15:04:05 2006", as helm prints LAST DEPLOYED. */
export function ansic(iso: string): string {
  const d = new Date(iso);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = d.toISOString().slice(11, 19);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time} ${d.getUTCFullYear()}`;
}

/** kubectl's HumanDuration for the AGE column: "5s", "2m3s", "10m", "3h4m", "2d". */
export function humanAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}
