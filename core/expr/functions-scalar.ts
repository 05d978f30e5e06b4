/**
 * Conversion, introspection and math built-ins (docs/expressions.md, "The language"), with Attune's semantics:
 * `type_of(true)` is "bool", `int(3.9)` is 3, `round` rounds halves away from zero.
 */

import type { StepBudget } from './budget.ts';
import { displayString, MEMBER_STEPS } from './budget.ts';
import { compareValues } from './equality.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import { asArray, asInteger, asNumber, typeError } from './function-args.ts';
import { checkedNumber } from './operators.ts';
import { codePointLength, isPlainObject, isTruthy, typeName } from './values.ts';

/** Decimal text, optionally signed, with optional fraction and exponent; no hex, no "Infinity". */
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number from a number, a numeric string (surrounding whitespace allowed, as command output
 * ends with a newline) or a boolean (1 or 0); anything else is an error naming `fn`.
 */
function toNumber(fn: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const text = value.trim();
    const parsed = NUMERIC_TEXT.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(parsed)) {
      throw new ExprEvalError(`${fn}() cannot convert the string ${JSON.stringify(value)} to a number`);
    }
    return parsed;
  }
  throw typeError(fn, 'a number, numeric string or bool', value);
}

/** `value` × 10^`by`, by moving the decimal exponent of its shortest text: exact where × is not. */
function shiftDecimal(value: number, by: number): number {
  const [mantissa, exponent] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent ?? 0) + by}`);
}

/**
 * Round half away from zero to `digits` decimals. The shift is done on the decimal text (1.005
 * rounds to 1.01, not 1), and on its exponent, so 1e-7 and 1e20 shift like any other number. An
 * integer (every number from 2^52 up is one) is already rounded, and shifting it could overflow.
 */
function roundHalfAway(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  const rounded = Number.isInteger(magnitude)
    ? magnitude
    : shiftDecimal(Math.round(shiftDecimal(magnitude, digits)), -digits);
  // Infinity and NaN (from the context, not the language) come out as NaN: refused here.
  return checkedNumber(Math.sign(value) * rounded, 'round()');
}

function extreme(fn: 'min' | 'max', args: readonly unknown[], budget: StepBudget): unknown {
  const items = args.length === 1 ? asArray(fn, args[0]) : args;
  if (items.length === 0) throw new ExprEvalError(`${fn}() of an empty array`);
  const first = items[0];
  const oddAt = items.findIndex((item) => typeof item !== typeof first);
  if ((typeof first !== 'number' && typeof first !== 'string') || oddAt >= 0) {
    const odd = oddAt >= 0 ? items[oddAt] : first;
    const what = args.length === 1 ? 'an array of numbers or of strings' : 'two numbers or two strings';
    throw new ExprEvalError(`${fn}() expects ${what}, got ${typeName(odd)} among ${typeName(first)}`);
  }
  let best: unknown = first;
  for (const item of items) {
    const order = compareValues(item, best, 'compare', budget);
    if (fn === 'min' ? order < 0 : order > 0) best = item;
  }
  return best;
}

export const SCALAR_FUNCTIONS = {
  string: { min: 1, max: 1, call: ([v], budget) => displayString(v, budget) },
  number: { min: 1, max: 1, call: ([v]) => toNumber('number', v) },
  int: { min: 1, max: 1, call: ([v]) => checkedNumber(Math.trunc(toNumber('int', v)), 'int()') },
  bool: { min: 1, max: 1, call: ([v]) => isTruthy(v) },
  type_of: { min: 1, max: 1, call: ([v]) => typeName(v) },
  length: {
    min: 1,
    max: 1,
    call: ([v], budget) => {
      if (typeof v === 'string') return codePointLength(v);
      if (Array.isArray(v)) return v.length;
      if (isPlainObject(v)) {
        const count = Object.keys(v).length;
        budget.charge(count * MEMBER_STEPS);
        return count;
      }
      throw typeError('length', 'a string, array or object', v);
    },
  },
  abs: { min: 1, max: 1, call: ([v]) => Math.abs(asNumber('abs', v)) },
  floor: { min: 1, max: 1, call: ([v]) => checkedNumber(Math.floor(asNumber('floor', v)), 'floor()') },
  ceil: { min: 1, max: 1, call: ([v]) => checkedNumber(Math.ceil(asNumber('ceil', v)), 'ceil()') },
  round: {
    min: 1,
    max: 2,
    call: ([v, d]) => {
      const value = asNumber('round', v, d === undefined ? undefined : 0);
      const digits = d === undefined ? 0 : asInteger('round', d, 1);
      if (digits < 0 || digits > 15) throw typeError('round', 'an integer from 0 to 15', d, 1);
      return roundHalfAway(value, digits);
    },
  },
  min: { min: 1, max: 2, call: (args, budget) => extreme('min', args, budget) },
  max: { min: 1, max: 2, call: (args, budget) => extreme('max', args, budget) },
  sum: {
    min: 1,
    max: 1,
    call: ([v]) => {
      let total = 0;
      for (const item of asArray('sum', v)) {
        if (typeof item !== 'number') {
          throw new ExprEvalError(`sum() expects an array of numbers, found ${typeName(item)}`);
        }
        total += item;
      }
      return checkedNumber(total, 'sum()');
    },
  },
} satisfies Record<string, FunctionSpec>;
