/**
 * Argument checks shared by the built-in functions: every failure is an ExprEvalError whose
 * message starts with the function's name, e.g. `lower() expects a string, got number`.
 */
import type { StepBudget } from './budget.ts';
import { ExprEvalError } from './errors.ts';
import { isPlainObject, typeName } from './values.ts';

/**
 * One built-in: how many arguments it takes and what it does with them (already evaluated).
 * The caller charges the sizes of the arguments and of the result; `call` charges the budget
 * only for work beyond that (comparisons in `sort`, the program size in `match`).
 */
export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  readonly call: (args: readonly unknown[], budget: StepBudget) => unknown;
}

/** Where an argument is, for messages: omitted for one-argument functions. */
export type ArgIndex = number | undefined;

/** `fn() expects <expected>[ as argument N], got <type>`. */
export function typeError(fn: string, expected: string, value: unknown, index?: ArgIndex): ExprEvalError {
  const where = index === undefined ? '' : ` as argument ${index + 1}`;
  return new ExprEvalError(`${fn}() expects ${expected}${where}, got ${typeName(value)}`);
}

export function asString(fn: string, value: unknown, index?: ArgIndex): string {
  if (typeof value !== 'string') throw typeError(fn, 'a string', value, index);
  return value;
}

export function asNumber(fn: string, value: unknown, index?: ArgIndex): number {
  if (typeof value !== 'number') throw typeError(fn, 'a number', value, index);
  return value;
}

export function asInteger(fn: string, value: unknown, index?: ArgIndex): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(fn, 'an integer', value, index);
  return value;
}

export function asArray(fn: string, value: unknown, index?: ArgIndex): readonly unknown[] {
  if (!Array.isArray(value)) throw typeError(fn, 'an array', value, index);
  return value;
}

export function asObject(fn: string, value: unknown, index?: ArgIndex): Record<string, unknown> {
  if (!isPlainObject(value)) throw typeError(fn, 'an object', value, index);
  return value;
}

/** The arity part of a message: `1 argument`, `1 or 2 arguments`. */
function arity(spec: FunctionSpec): string {
  if (spec.min === spec.max) return `${spec.min} argument${spec.min === 1 ? '' : 's'}`;
  return `${spec.min} or ${spec.max} arguments`;
}

/** Fails unless `count` arguments fit the function. */
export function checkArity(fn: string, spec: FunctionSpec, count: number): void {
  if (count < spec.min || count > spec.max) {
    throw new ExprEvalError(`${fn}() takes ${arity(spec)}, got ${count}`);
  }
}
