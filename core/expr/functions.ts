/**
 * The built-in function table (docs/expressions.md, "The language"). `satisfies Record<FunctionName, …>` makes a function
 * listed in FUNCTION_NAMES but not implemented (or the reverse) a type error.
 */
import type { FunctionSpec } from './function-args.ts';
import type { FunctionName } from './function-names.ts';
import { COLLECTION_FUNCTIONS } from './functions-collection.ts';
import { SCALAR_FUNCTIONS } from './functions-scalar.ts';
import { SHELL_FUNCTIONS } from './functions-shell.ts';
import { TEXT_FUNCTIONS } from './functions-text.ts';

export const FUNCTIONS = {
  ...SCALAR_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...SHELL_FUNCTIONS,
} satisfies Record<FunctionName, FunctionSpec>;

/** Arity of each built-in, for editors and documentation. */
export function functionArity(name: FunctionName): { min: number; max: number } {
  const spec: FunctionSpec = FUNCTIONS[name];
  return { min: spec.min, max: spec.max };
}
