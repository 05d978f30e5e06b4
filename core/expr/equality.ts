/**
 * Equality and ordering (docs/expressions.md, "The language"). Equality is deep and never coerces (`"3" == 3` is false);
 * numbers compare by value, so `3 == 3.0`. Ordering is defined for two numbers, two strings
 * or two arrays (lexicographically); any other pair is an evaluation error naming both types.
 */
import type { StepBudget } from './budget.ts';
import { MEMBER_STEPS } from './budget.ts';
import { ExprEvalError } from './errors.ts';
import { isPlainObject, ownValue, typeName } from './values.ts';

/**
 * Deep equality over JSON values; object key order does not matter. With a `budget`, each
 * string character, array element and object member compared is charged.
 */
export function deepEqual(a: unknown, b: unknown, budget?: StepBudget): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.length !== b.length) return false;
    budget?.charge(a.length);
    return a === b;
  }
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    budget?.charge(a.length);
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], budget)) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  budget?.charge(2 * keys.length * MEMBER_STEPS);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !deepEqual(ownValue(a, key), ownValue(b, key), budget)) return false;
  }
  return true;
}

/**
 * Negative, zero or positive as `a` sorts before, with or after `b`. Strings compare by UTF-16
 * code units (JavaScript's `<`). With a `budget`, characters and elements compared are charged.
 */
export function compareValues(a: unknown, b: unknown, what = 'compare', budget?: StepBudget): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') {
    budget?.charge(Math.min(a.length, b.length));
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    budget?.charge(n);
    for (let i = 0; i < n; i++) {
      const order = compareValues(a[i], b[i], what, budget);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  throw new ExprEvalError(`Cannot ${what} ${typeName(a)} and ${typeName(b)}`);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/**
 * A string that two values share exactly when `deepEqual` holds between them (object keys are
 * sorted), so `unique()` runs in linear time instead of comparing every pair. With a `budget`,
 * each character and element written is charged.
 */
export function canonicalKey(value: unknown, budget?: StepBudget): string {
  budget?.charge(1);
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'NaN' : String(value);
    case 'string':
      budget?.charge(value.length);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (Array.isArray(value)) {
        budget?.charge(value.length);
        return `[${value.map((item) => canonicalKey(item, budget)).join(',')}]`;
      }
      if (isPlainObject(value)) {
        const keys = Object.keys(value);
        budget?.charge(keys.length * MEMBER_STEPS);
        keys.sort();
        const members = keys.map((key) => {
          budget?.charge(key.length);
          return `${JSON.stringify(key)}:${canonicalKey(ownValue(value, key), budget)}`;
        });
        return `{${members.join(',')}}`;
      }
  }
  // Anything else equals only itself, so it gets a per-object identity.
  if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
    let id = identities.get(value);
    if (id === undefined) {
      id = nextIdentity++;
      identities.set(value, id);
    }
    return `#${id}`;
  }
  return `#${String(value)}`;
}
