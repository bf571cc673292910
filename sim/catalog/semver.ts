/**
 * Semantic versions and Masterminds-style constraints ("16.x.x", "^1.2", "~0.72", ">=1.0 <2", "1.2.3 || 2.x"),
 * enough to resolve chart versions as helm does.
 */

type Version = [number, number, number, string];

function parse(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ?? ''];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return a[3] < b[3] ? -1 : 1;
}

function matchesOne(v: Version, clause: string): boolean {
  const m = /^(\^|~|>=|<=|>|<|=|!=)?\s*v?([0-9xX*]+)(?:\.([0-9xX*]+))?(?:\.([0-9xX*]+))?(-[0-9A-Za-z.-]+)?$/.exec(clause.trim());
  if (!m) return false;
  const op = m[1] ?? '';
  const parts = [m[2], m[3], m[4]];
  const wild = (p: string | undefined): boolean => p === undefined || /^[xX*]$/.test(p);
  const nums = parts.map((p) => (wild(p) ? 0 : Number(p)));
  const firstWild = parts.findIndex(wild);
  const target: Version = [nums[0]!, nums[1]!, nums[2]!, m[5] ? m[5].slice(1) : ''];
  if (v[3] !== '' && target[3] === '') return false; // pre-releases only match explicit pre-release constraints
  if ((op === '' || op === '=') && firstWild !== -1) {
    return parts.slice(0, firstWild).every((p, i) => v[i] === Number(p));
  }
  const c = compare(v, target);
  switch (op) {
    case '':
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '~': return c >= 0 && v[0] === target[0] && (firstWild === 1 || v[1] === target[1]);
    case '^':
      if (c < 0) return false;
      if (target[0] !== 0 || firstWild === 1) return v[0] === target[0];
      return v[0] === 0 && v[1] === target[1];
    default: return false;
  }
}

/** True when `version` satisfies `constraint`. */
export function satisfies(version: string, constraint: string): boolean {
  const v = parse(version);
  if (!v) return false;
  return constraint.split('||').some((alt) => alt.trim().split(/\s*,\s*|\s+(?=[<>=!~^\dv])/).filter((c) => c !== '').every((c) => matchesOne(v, c)));
}

/** The highest of `versions` satisfying `constraint` (any version when `constraint` is empty). */
export function highestSatisfying(versions: readonly string[], constraint: string | undefined): string | undefined {
  const candidates = versions.filter((ver) => (constraint ? satisfies(ver, constraint) : parse(ver)?.[3] === ''));
  return candidates.sort((a, b) => compare(parse(b)!, parse(a)!))[0];
}
