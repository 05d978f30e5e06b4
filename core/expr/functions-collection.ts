/**
 * Array and object built-ins (docs/expressions.md, "The language"). They never mutate their arguments, compare elements
 * with deep equality, and build objects with own data properties only (a `__proto__` key in
 * a payload stays an ordinary key).
 */
import type { StepBudget } from './budget.ts';
import { ARRAY_STEPS, MEMBER_STEPS } from './budget.ts';
import { canonicalKey, compareValues, deepEqual } from './equality.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import { asArray, asInteger, asObject, typeError } from './function-args.ts';
import { codePointIndexOf, countOccurrences } from './functions-text.ts';
import { MAX_RANGE_LENGTH } from './limits.ts';
import { checkLength, isIn } from './operators.ts';
import { ownValue, toExprValue } from './values.ts';

function entries(object: Record<string, unknown>): [string, unknown][] {
  return Object.keys(object).map((key) => [key, toExprValue(ownValue(object, key))]);
}

function unique(items: readonly unknown[], budget: StepBudget): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of items) {
    const key = canonicalKey(item, budget);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function range(args: readonly unknown[]): number[] {
  const start = args.length === 1 ? 0 : asInteger('range', args[0], 0);
  const end = asInteger('range', args[args.length - 1], args.length === 1 ? undefined : 1);
  const length = Math.max(0, end - start);
  if (length > MAX_RANGE_LENGTH) {
    throw new ExprEvalError(`range() would produce ${length} numbers; the limit is ${MAX_RANGE_LENGTH}`);
  }
  return Array.from({ length }, (_, i) => start + i);
}

/** `slice(v, start, end?)`: like JavaScript's slice, negative bounds count from the end. */
function slice([v, s, e]: readonly unknown[]): unknown {
  const start = asInteger('slice', s, 1);
  const end = e === undefined || e === null ? undefined : asInteger('slice', e, 2);
  if (Array.isArray(v)) return v.slice(start, end);
  if (typeof v === 'string') return Array.from(v).slice(start, end).join('');
  throw typeError('slice', 'an array or string', v, 0);
}

export const COLLECTION_FUNCTIONS = {
  keys: {
    min: 1,
    max: 1,
    call: ([o], budget) => {
      const keys = Object.keys(asObject('keys', o));
      budget.charge(keys.length * MEMBER_STEPS);
      return keys;
    },
  },
  values: {
    min: 1,
    max: 1,
    call: ([o], budget) => {
      const members = entries(asObject('values', o));
      budget.charge(members.length * MEMBER_STEPS);
      return members.map(([, value]) => value);
    },
  },
  contains: {
    min: 2,
    max: 2,
    call: ([haystack, needle], budget) => isIn(needle, haystack, 'contains()', budget),
  },
  reversed: {
    min: 1,
    max: 1,
    call: ([v]) => {
      if (Array.isArray(v)) return v.slice().reverse();
      if (typeof v === 'string') return Array.from(v).reverse().join('');
      throw typeError('reversed', 'an array or string', v);
    },
  },
  sort: {
    min: 1,
    max: 1,
    call: ([v], budget) =>
      asArray('sort', v)
        .slice()
        .sort((a, b) => {
          budget.charge(1);
          return compareValues(a, b, 'sort', budget);
        }),
  },
  unique: { min: 1, max: 1, call: ([v], budget) => unique(asArray('unique', v), budget) },
  flat: {
    min: 1,
    max: 1,
    call: ([v]) => {
      const items = asArray('flat', v);
      let total = 0;
      for (const item of items) total += Array.isArray(item) ? item.length : 1;
      checkLength(total, 'flat()');
      return items.flatMap((item) => (Array.isArray(item) ? item : [item]));
    },
  },
  zip: {
    min: 2,
    max: 2,
    call: ([a, b], budget) => {
      const left = asArray('zip', a, 0);
      const right = asArray('zip', b, 1);
      budget.charge(Math.min(left.length, right.length) * ARRAY_STEPS);
      return Array.from({ length: Math.min(left.length, right.length) }, (_, i) => [left[i], right[i]]);
    },
  },
  range: { min: 1, max: 2, call: range },
  slice: { min: 2, max: 3, call: slice },
  index_of: {
    min: 2,
    max: 2,
    call: ([haystack, needle], budget) => {
      if (Array.isArray(haystack)) return haystack.findIndex((item) => deepEqual(item, needle, budget));
      if (typeof haystack === 'string') {
        if (typeof needle !== 'string') throw typeError('index_of', 'a string', needle, 1);
        return codePointIndexOf(haystack, needle);
      }
      throw typeError('index_of', 'an array or string', haystack, 0);
    },
  },
  count: {
    min: 2,
    max: 2,
    call: ([haystack, needle], budget) => {
      if (Array.isArray(haystack)) return haystack.filter((item) => deepEqual(item, needle, budget)).length;
      if (typeof haystack === 'string') {
        if (typeof needle !== 'string') throw typeError('count', 'a string', needle, 1);
        return countOccurrences(haystack, needle);
      }
      throw typeError('count', 'an array or string', haystack, 0);
    },
  },
  merge: {
    min: 2,
    max: 2,
    call: ([a, b], budget) => {
      const members = [...entries(asObject('merge', a, 0)), ...entries(asObject('merge', b, 1))];
      budget.charge(members.length * MEMBER_STEPS);
      return Object.fromEntries(members);
    },
  },
  chunks: {
    min: 2,
    max: 2,
    call: ([v, n], budget) => {
      const items = asArray('chunks', v, 0);
      const size = asInteger('chunks', n, 1);
      if (size < 1) throw typeError('chunks', 'a positive integer', n, 1);
      budget.charge(Math.ceil(items.length / size) * ARRAY_STEPS);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    },
  },
} satisfies Record<string, FunctionSpec>;
