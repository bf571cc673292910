/**
 * kubectl's `-o jsonpath=TEMPLATE`: literal text, `{.path}`, `{range ...}{end}`, string literals, indexes,
 * slices, wildcards, recursive descent, unions and `[?(@.x=="y")]` filters. Missing keys print nothing,
 * as with kubectl's default --allow-missing-template-keys=true.
 */

type Step =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'index'; spec: string }
  | { t: 'filter'; left: Step[]; op?: string; right?: unknown }
  | { t: 'union'; names: string[] };

type Node =
  | { t: 'text'; text: string }
  | { t: 'path'; steps: Step[] }
  | { t: 'range'; steps: Step[]; body: Node[] };

/** The template could not be parsed; kubectl prints "error: error parsing jsonpath ...". */
export class JsonPathError extends Error {}

function parsePath(src: string): Step[] {
  let s = src.trim();
  if (s.startsWith('$') || s.startsWith('@')) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  const readName = (): string => {
    let name = '';
    while (i < s.length && s[i] !== '.' && s[i] !== '[') name += s[i++];
    return name;
  };
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      if (s[i] === '[') continue;
      steps.push({ t: 'recursive', name: readName() });
    } else if (s[i] === '.') {
      i += 1;
      const name = readName();
      if (name !== '') steps.push(name === '*' ? { t: 'index', spec: '*' } : { t: 'field', name });
    } else if (s[i] === '[') {
      let depth = 0;
      let j = i;
      for (; j < s.length; j += 1) {
        if (s[j] === '[') depth += 1;
        if (s[j] === ']' && --depth === 0) break;
      }
      if (j >= s.length) throw new JsonPathError(`unterminated array in ${src}`);
      const inner = s.slice(i + 1, j).trim();
      i = j + 1;
      if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^['"]/.test(inner)) steps.push({ t: 'union', names: inner.split(',').map((n) => n.trim().replace(/^['"]|['"]$/g, '')) });
      else steps.push({ t: 'index', spec: inner });
    } else {
      const name = readName();
      if (name === '') throw new JsonPathError(`unrecognized character in action: ${s[i]}`);
      steps.push({ t: 'field', name });
    }
  }
  return steps;
}

function parseFilter(expr: string): Step {
  const m = /^\s*(@[^=!<>\s]*)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(expr);
  if (!m) return { t: 'filter', left: parsePath(expr.trim()) };
  const raw = m[3]!;
  const right = /^['"].*['"]$/.test(raw) ? raw.slice(1, -1) : Number.isNaN(Number(raw)) ? raw : Number(raw);
  return { t: 'filter', left: parsePath(m[1]!), op: m[2]!, right };
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

/** Parses a template into nodes. */
export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) {
      stack[stack.length - 1]!.push({ t: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ t: 'text', text: template.slice(i, open) });
    let close = open + 1;
    let inString: string | undefined;
    for (; close < template.length; close += 1) {
      const c = template[close]!;
      if (inString) {
        if (c === '\\') close += 1;
        else if (c === inString) inString = undefined;
      } else if (c === '"' || c === "'") inString = c;
      else if (c === '}') break;
    }
    if (close >= template.length) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    const current = stack[stack.length - 1]!;
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ')) {
      const node: Node = { t: 'range', steps: parsePath(action.slice(6)), body: [] };
      current.push(node);
      stack.push(node.body);
    } else if (/^".*"$/s.test(action) || /^'.*'$/s.test(action)) current.push({ t: 'text', text: unquote(action) });
    else current.push({ t: 'path', steps: parsePath(action) });
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==': return String(a) === String(b);
    case '!=': return String(a) !== String(b);
    case '<': return Number(a) < Number(b);
    case '>': return Number(a) > Number(b);
    case '<=': return Number(a) <= Number(b);
    case '>=': return Number(a) >= Number(b);
    default: return false;
  }
}

function applyStep(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (step.t === 'field') {
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && step.name in v) out.push((v as Record<string, unknown>)[step.name]);
    } else if (step.t === 'union') {
      for (const name of step.names) if (typeof v === 'object' && v !== null && name in v) out.push((v as Record<string, unknown>)[name]);
    } else if (step.t === 'recursive') {
      const walk = (node: unknown): void => {
        if (typeof node !== 'object' || node === null) return;
        if (!Array.isArray(node) && (step.name === '*' || step.name in node)) {
          if (step.name === '*') out.push(...Object.values(node));
          else out.push((node as Record<string, unknown>)[step.name]);
        }
        children(node).forEach(walk);
      };
      walk(v);
    } else if (step.t === 'index') {
      if (step.spec === '*') out.push(...children(v));
      else if (Array.isArray(v)) {
        if (step.spec.includes(':')) {
          const [a, b] = step.spec.split(':').map((x) => (x.trim() === '' ? undefined : Number(x)));
          out.push(...v.slice(a ?? 0, b ?? v.length));
        } else {
          const n = Number(step.spec);
          const item = v[n < 0 ? v.length + n : n];
          if (item !== undefined) out.push(item);
        }
      }
    } else {
      for (const item of children(v)) {
        const left = evaluatePath(item, step.left);
        if (step.op === undefined ? left.length > 0 : left.some((l) => compare(l, step.op!, step.right))) out.push(item);
      }
    }
  }
  return out;
}

function evaluatePath(root: unknown, steps: Step[]): unknown[] {
  return steps.reduce<unknown[]>((values, step) => applyStep(values, step), [root]);
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function execute(nodes: Node[], current: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.t === 'text') out += node.text;
    else if (node.t === 'path') out += evaluatePath(current, node.steps).map(format).join(' ');
    else for (const item of evaluatePath(current, node.steps).flatMap((v) => (Array.isArray(v) ? v : [v]))) out += execute(node.body, item);
  }
  return out;
}

/** Renders `template` against `data` as kubectl does. */
export function renderJsonPath(template: string, data: unknown): string {
  return execute(parseTemplate(template), data);
}
