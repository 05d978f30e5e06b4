/**
 * Arithmetic and membership operators (docs/expressions.md, "The language"). Nothing is coerced: `+` adds two numbers,
 * joins two strings or concatenates two arrays (as in Attune), and any other pair is an
 * evaluation error naming both types. Results stay JSON numbers: a non-finite result is an
 * error and -0 becomes 0.
 */
import type { StepBudget } from './budget.ts';
import { deepEqual } from './equality.ts';
import { ExprEvalError } from './errors.ts';
import { MAX_RESULT_LENGTH } from './limits.ts';
import { hasOwnKey, isPlainObject, typeName } from './values.ts';

function mismatch(op: string, a: unknown, b: unknown): ExprEvalError {
  return new ExprEvalError(`Cannot apply "${op}" to ${typeName(a)} and ${typeName(b)}`);
}

/** A finite arithmetic result with -0 folded into 0 (JSON and Attune's integers have no -0). */
export function checkedNumber(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new ExprEvalError(`Result of ${what} is out of range`);
  return value === 0 ? 0 : value;
}

/** Fails when a produced string or array would exceed MAX_RESULT_LENGTH. */
export function checkLength(length: number, what: string): void {
  if (length > MAX_RESULT_LENGTH) {
    throw new ExprEvalError(`Result of ${what} is longer than ${MAX_RESULT_LENGTH} elements`);
  }
}

/** `a + b`; joining strings or arrays charges the length of the result. */
export function add(a: unknown, b: unknown, budget?: StepBudget): unknown {
  if (typeof a === 'number' && typeof b === 'number') return checkedNumber(a + b, '"+"');
  if (typeof a === 'string' && typeof b === 'string') {
    checkLength(a.length + b.length, '"+"');
    budget?.charge(a.length + b.length);
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    checkLength(a.length + b.length, '"+"');
    budget?.charge(a.length + b.length);
    return a.concat(b);
  }
  throw mismatch('+', a, b);
}

/** `a - b`. */
export function subtract(a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw mismatch('-', a, b);
  return checkedNumber(a - b, '"-"');
}

/** `a * b`. */
export function multiply(a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw mismatch('*', a, b);
  return checkedNumber(a * b, '"*"');
}

/** `a / b`: `10 / 4` is 2.5, `10 / 5` is 2; dividing by zero is an error. */
export function divide(a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw mismatch('/', a, b);
  if (b === 0) throw new ExprEvalError('Division by zero');
  return checkedNumber(a / b, '"/"');
}

/** `a % b`: the remainder takes the sign of `a` (`-7 % 3` is -1), as in Rust and JavaScript. */
export function remainder(a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw mismatch('%', a, b);
  if (b === 0) throw new ExprEvalError('Division by zero');
  return checkedNumber(a % b, '"%"');
}

/** `-a`. */
export function negate(a: unknown): number {
  if (typeof a !== 'number') throw new ExprEvalError(`Cannot apply unary "-" to ${typeName(a)}`);
  return a === 0 ? 0 : -a;
}

/**
 * `needle in haystack`: an element of an array (deep equality), an own key of an object, or a
 * substring of a string. A haystack of another type (null included) is an error, as in Attune.
 */
export function isIn(needle: unknown, haystack: unknown, what = '"in"', budget?: StepBudget): boolean {
  if (Array.isArray(haystack)) {
    budget?.charge(haystack.length);
    for (const item of haystack) if (deepEqual(needle, item, budget)) return true;
    return false;
  }
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      throw new ExprEvalError(`${what} with a string needs a string to look for, got ${typeName(needle)}`);
    }
    budget?.charge(haystack.length);
    return haystack.includes(needle);
  }
  if (isPlainObject(haystack)) {
    if (typeof needle !== 'string') {
      throw new ExprEvalError(`${what} with an object needs a string key, got ${typeName(needle)}`);
    }
    return hasOwnKey(haystack, needle);
  }
  throw new ExprEvalError(`${what} needs an array, object or string, got ${typeName(haystack)}`);
}
