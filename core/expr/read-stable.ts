/**
 * Whether a condition's value, and so its explanation, can be worked out again later from what
 * an evaluation stores: the condition's text and the event (docs/explain.md, "When an
 * explanation is made"). It can when every variable it names is one the stored event gives back
 * and every function it calls gives the same result for the same arguments.
 */
import type { ExprNode } from './ast.ts';
import type { FunctionName } from './function-names.ts';

/**
 * Whether each built-in function gives the same result for the same arguments at any time. A
 * function added to the language must be listed here (the type requires it): one that reads
 * the clock, a key or chance is `false`, and the explanations of conditions calling it are then
 * made when the event is decided.
 */
const SAME_RESULT_LATER: Readonly<Record<FunctionName, boolean>> = {
  string: true,
  number: true,
  int: true,
  bool: true,
  type_of: true,
  length: true,
  keys: true,
  values: true,
  abs: true,
  floor: true,
  ceil: true,
  round: true,
  min: true,
  max: true,
  sum: true,
  lower: true,
  upper: true,
  trim: true,
  split: true,
  join: true,
  replace: true,
  starts_with: true,
  ends_with: true,
  match: true,
  contains: true,
  reversed: true,
  sort: true,
  unique: true,
  flat: true,
  zip: true,
  range: true,
  slice: true,
  index_of: true,
  count: true,
  merge: true,
  chunks: true,
  shell_quote: true,
  raw: true,
};

/** The variables a stored event gives back as it was: a condition's `event`. */
const STORED_VARIABLES: ReadonlySet<string> = new Set(['event']);

/**
 * True when `node` reads only the stored event and calls only functions whose result never
 * changes: evaluated again on the same event, it gives the same values.
 */
export function isReadStable(node: ExprNode): boolean {
  switch (node.type) {
    case 'literal':
      return true;
    case 'variable':
      return STORED_VARIABLES.has(node.name);
    case 'member':
      return isReadStable(node.object);
    case 'index':
      return isReadStable(node.object) && isReadStable(node.index);
    case 'array':
      return node.elements.every(isReadStable);
    case 'call':
      return SAME_RESULT_LATER[node.name] === true && node.args.every(isReadStable);
    case 'unary':
      return isReadStable(node.operand);
    case 'binary':
      return isReadStable(node.left) && isReadStable(node.right);
  }
}
