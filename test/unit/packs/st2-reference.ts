/**
 * StackStorm's criteria semantics as plain functions, written from st2's operators.py and
 * rules/filter.py, for the conversion tests: a missing key is None, and where Python raises
 * (None < 1, 1 in "abc", 5.lower()) st2's filter answers "no match".
 */
import { ST2_OPERATORS } from '../../../core/packs/index.ts';

/** Python raised: st2's filter catches it and the criterion does not match. */
class PyError extends Error {}

export type Py = unknown;
const isStr = (v: Py): v is string => typeof v === 'string';
const isNum = (v: Py): v is number => typeof v === 'number' || typeof v === 'boolean';
const isList = (v: Py): v is Py[] => Array.isArray(v);
const isDict = (v: Py): v is Record<string, Py> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Python `==` on JSON values. */
function pyEq(a: Py, b: Py): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isNum(a) && isNum(b)) return Number(a) === Number(b);
  if (isStr(a) && isStr(b)) return a === b;
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  return a === null && b === null;
}

/** Python `needle in haystack`. */
function pyIn(needle: Py, hay: Py): boolean {
  if (isStr(hay)) {
    if (!isStr(needle)) throw new PyError("'in <string>' requires string as left operand");
    return hay.includes(needle);
  }
  if (isList(hay)) return hay.some((x) => pyEq(needle, x));
  if (isDict(hay)) {
    if (isList(needle) || isDict(needle)) throw new PyError('unhashable type');
    return isStr(needle) && Object.hasOwn(hay, needle);
  }
  throw new PyError('argument of type is not iterable');
}

/** Python `<` (and, swapped, `>`). */
function pyLt(a: Py, b: Py): boolean {
  if (isNum(a) && isNum(b)) return Number(a) < Number(b);
  if (isStr(a) && isStr(b)) return a < b;
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyLt(a[i], b[i]);
    }
    return a.length < b.length;
  }
  throw new PyError("'<' not supported");
}

function str(v: Py): string {
  if (!isStr(v)) throw new PyError('not a string');
  return v;
}

/** fnmatch.fnmatch, written as a matcher (not via regex translation, to stay independent). */
function fnmatch(name: string, pat: string): boolean {
  const chars = [...name];
  const match = (i: number, j: number): boolean => {
    if (j === pat.length) return i === chars.length;
    const c = pat[j]!;
    if (c === '*') {
      for (let k = i; k <= chars.length; k++) if (match(k, j + 1)) return true;
      return false;
    }
    if (i === chars.length) return false;
    if (c === '?') return match(i + 1, j + 1);
    if (c === '[') {
      let k = j + 1;
      if (pat[k] === '!') k++;
      if (pat[k] === ']') k++;
      while (k < pat.length && pat[k] !== ']') k++;
      if (k < pat.length) {
        let set = pat.slice(j + 1, k);
        const negate = set.startsWith('!');
        if (negate) set = set.slice(1);
        let hit = false;
        for (let s = 0; s < set.length; s++) {
          if (set[s + 1] === '-' && s + 2 < set.length) {
            if (chars[i]! >= set[s]! && chars[i]! <= set[s + 2]!) hit = true;
            s += 2;
          } else if (set[s] === chars[i]) hit = true;
        }
        return hit !== negate && match(i + 1, k + 1);
      }
    }
    return chars[i] === c && match(i + 1, j + 1);
  };
  return match(0, 0);
}

/** operators.py, one function per operator. */
const REFERENCE: Record<string, (value: Py, pattern: Py) => boolean> = {
  equals: (v, p) => p !== null && pyEq(v, p),
  nequals: (v, p) => !pyEq(v, p),
  iequals: (v, p) => p !== null && str(v).toLowerCase() === str(p).toLowerCase(),
  contains: (v, p) => p !== null && pyIn(p, v),
  icontains: (v, p) => p !== null && str(v).toLowerCase().includes(str(p).toLowerCase()),
  ncontains: (v, p) => p !== null && !pyIn(p, v),
  incontains: (v, p) => p !== null && !str(v).toLowerCase().includes(str(p).toLowerCase()),
  startswith: (v, p) => p !== null && str(v).startsWith(str(p)),
  istartswith: (v, p) => p !== null && str(v).toLowerCase().startsWith(str(p).toLowerCase()),
  endswith: (v, p) => p !== null && str(v).endsWith(str(p)),
  iendswith: (v, p) => p !== null && str(v).toLowerCase().endsWith(str(p).toLowerCase()),
  lessthan: (v, p) => p !== null && pyLt(v, p),
  greaterthan: (v, p) => p !== null && pyLt(p, v),
  matchwildcard: (v, p) => p !== null && fnmatch(str(v), str(p)),
  // re.match with DOTALL: anchored at the start only.
  matchregex: (v, p) => p !== null && new RegExp(`^(?:${str(p)})`, 'su').test(str(v)),
  regex: (v, p) => p !== null && new RegExp(str(p), 'u').test(str(v)),
  iregex: (v, p) => p !== null && new RegExp(str(p), 'iu').test(str(v)),
  exists: (v) => v !== null && v !== undefined,
  nexists: (v) => v === null || v === undefined,
  inside: (v, p) => p !== null && pyIn(v, p),
  ninside: (v, p) => p !== null && !pyIn(v, p),
};

/** st2's payload lookup for `trigger.a.b` / `trigger.h['X-Y']` / `trigger.items[0]`. */
export function lookup(payload: Record<string, Py>, path: Array<string | number>): Py {
  let v: Py = payload;
  for (const seg of path) {
    if (typeof seg === 'number') v = isList(v) ? v[seg] : undefined;
    else v = isDict(v) ? v[seg] : undefined;
    if (v === undefined) return null;
  }
  return v;
}

/** How st2 decides `value <op> pattern`; `op` may be any spelling, short aliases included. */
export function decide(op: string, value: Py, pattern: Py): boolean {
  try {
    return REFERENCE[ST2_OPERATORS[op]!]!(value, pattern);
  } catch (err) {
    if (err instanceof PyError || err instanceof TypeError) return false;
    throw err;
  }
}
