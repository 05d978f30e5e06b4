/**
 * The built-in functions of the expression language (docs/expressions.md, "The language"), as a list the parser checks
 * calls against: an unknown name is a syntax error, so a typo is refused when the rule is saved.
 */
export const FUNCTION_NAMES = [
  'string',
  'number',
  'int',
  'bool',
  'type_of',
  'length',
  'keys',
  'values',
  'abs',
  'floor',
  'ceil',
  'round',
  'min',
  'max',
  'sum',
  'lower',
  'upper',
  'trim',
  'split',
  'join',
  'replace',
  'starts_with',
  'ends_with',
  'match',
  'contains',
  'reversed',
  'sort',
  'unique',
  'flat',
  'zip',
  'range',
  'slice',
  'index_of',
  'count',
  'merge',
  'chunks',
  'shell_quote',
  'raw',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(FUNCTION_NAMES);

/** Whether `name` is a built-in function. */
export function isFunctionName(name: string): name is FunctionName {
  return NAMES.has(name);
}
