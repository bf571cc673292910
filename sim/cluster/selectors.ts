/**
 * Label selectors: matchLabels maps (Services, workloads) and kubectl's `-l` expressions
 * ("app=x,tier!=db", "env in (a,b)", "!legacy", "release").
 */

/** True when every key/value of `selector` is in `labels` (an empty selector matches everything). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

/** A `-l` expression that could not be parsed. */
export class SelectorSyntaxError extends Error {}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth += 1;
    if (c === ')') depth -= 1;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses a `-l` expression into a predicate over labels. */
export function parseLabelSelector(text: string): (labels: Readonly<Record<string, string>>) => boolean {
  const reqs: Requirement[] = splitTopLevel(text).map((part): Requirement => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) return { op: m[2] as 'in' | 'notin', key: m[1]!, values: m[3]!.split(',').map((v) => v.trim()) };
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(part);
    if (m) return { op: m[2] === '!=' ? 'neq' : 'eq', key: m[1]!, value: m[3]! };
    m = /^(!?)([\w./-]+)$/.exec(part);
    if (m) return { op: m[1] ? 'notexists' : 'exists', key: m[2]! };
    throw new SelectorSyntaxError(`unable to parse requirement: found '${part}', expected: identifier`);
  });
  return (labels) =>
    reqs.every((r) => {
      const v = labels[r.key];
      switch (r.op) {
        case 'eq': return v === r.value;
        case 'neq': return v !== r.value;
        case 'in': return v !== undefined && r.values.includes(v);
        case 'notin': return v === undefined || !r.values.includes(v);
        case 'exists': return v !== undefined;
        case 'notexists': return v === undefined;
      }
    });
}
