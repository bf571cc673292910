/**
 * Values trees: deep merge (helm's -f layering), dotted-path lookup, and helm's --set syntax (strvals).
 */
import type { Values } from '../helm/release-types.ts';

/** True for plain objects (not arrays, not null). */
export function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `override` into a copy of `base`: maps merge key by key, everything else replaces. */
export function mergeValues(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/**
 * Chart defaults overlaid with user values, the way helm coalesces them: a user `null` deletes the key.
 */
export function coalesceValues(defaults: Values, user: Values): Values {
  const out: Values = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? coalesceValues(current, value) : value;
  }
  return out;
}

/** The value at a dotted path ("global.sql.datasource.host"); `undefined` when any step is missing. */
export function getPath(values: unknown, path: string): unknown {
  let node: unknown = values;
  for (const part of path.split('.')) {
    if (!isMap(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** A value at a path, or `fallback` when missing or null. */
export function valueOr<T>(values: unknown, path: string, fallback: T): T {
  const v = getPath(values, path);
  return v === undefined || v === null ? fallback : (v as T);
}

/** A boolean at a path with a default, accepting "true"/"false" strings as helm templates do. */
export function flagAt(values: unknown, path: string, fallback: boolean): boolean {
  const v = getPath(values, path);
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v === 'true';
  return Boolean(v);
}

/** Why a --set expression was rejected; helm prints "failed parsing --set data: <text>". */
export class SetSyntaxError extends Error {}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1]!;
      i += 1;
    } else if (c === '{') {
      depth += 1;
      current += c;
    } else if (c === '}') {
      depth -= 1;
      current += c;
    } else if (c === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function typed(raw: string, asString: boolean): unknown {
  const text = unescape(raw);
  if (asString) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (text === '0') return 0;
  if (/^-?[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

function setAt(target: Values, path: string, value: unknown): void {
  const keys = splitUnescaped(path, '.');
  let node: Values | unknown[] = target;
  keys.forEach((rawKey, index) => {
    const last = index === keys.length - 1;
    const m = /^(.*?)((?:\[\d+\])+)$/.exec(rawKey);
    const key = unescape(m ? m[1]! : rawKey);
    const indexes = m ? [...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1])) : [];
    if (key === '') throw new SetSyntaxError(`key "${path}" has no value`);
    const holder = node as Values;
    if (indexes.length === 0) {
      if (last) holder[key] = value;
      else {
        if (!isMap(holder[key])) holder[key] = {};
        node = holder[key] as Values;
      }
      return;
    }
    if (!Array.isArray(holder[key])) holder[key] = [];
    let list = holder[key] as unknown[];
    indexes.forEach((idx, j) => {
      const lastIndex = j === indexes.length - 1;
      while (list.length <= idx) list.push(null);
      if (lastIndex) {
        if (last) list[idx] = value;
        else {
          if (!isMap(list[idx])) list[idx] = {};
          node = list[idx] as Values;
        }
      } else {
        if (!Array.isArray(list[idx])) list[idx] = [];
        list = list[idx] as unknown[];
      }
    });
  });
}

/** Applies one --set (or --set-string) argument, "a.b=c,d[0]=e", onto `target`. */
export function applySet(target: Values, expression: string, asString = false): void {
  for (const assignment of splitUnescaped(expression, ',')) {
    if (assignment === '') continue;
    const parts = splitUnescaped(assignment, '=');
    if (parts.length < 2) throw new SetSyntaxError(`key "${unescape(parts[0]!)}" has no value`);
    const [path, ...rest] = parts;
    const raw = rest.join('=');
    const list = /^\{(.*)\}$/.exec(raw);
    const value = list ? (list[1] === '' ? [] : splitUnescaped(list[1]!, ',').map((v) => typed(v, asString))) : typed(raw, asString);
    setAt(target, path!, value);
  }
}
