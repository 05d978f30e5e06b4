/**
 * The syntax tree of an Attune expression (docs/expressions.md, "The language"). Nodes are plain data without source
 * positions, so two parses of equivalent text compare equal and a printer can round-trip them.
 */
import type { FunctionName } from './function-names.ts';

export type BinaryOperator =
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'in'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

export type UnaryOperator = 'not' | '-';

export type LiteralValue = null | boolean | number | string;

export type ExprNode =
  | { readonly type: 'literal'; readonly value: LiteralValue }
  | { readonly type: 'array'; readonly elements: readonly ExprNode[] }
  | { readonly type: 'variable'; readonly name: string }
  | { readonly type: 'member'; readonly object: ExprNode; readonly name: string }
  | { readonly type: 'index'; readonly object: ExprNode; readonly index: ExprNode }
  | { readonly type: 'call'; readonly name: FunctionName; readonly args: readonly ExprNode[] }
  | { readonly type: 'unary'; readonly op: UnaryOperator; readonly operand: ExprNode }
  | {
      readonly type: 'binary';
      readonly op: BinaryOperator;
      readonly left: ExprNode;
      readonly right: ExprNode;
    };

/**
 * Binding strength, low to high. `not` sits between `and` and the comparisons, so
 * `not a == b` is `not (a == b)`; unary minus binds tighter than `*`.
 */
export const PRECEDENCE = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  additive: 5,
  multiplicative: 6,
  negate: 7,
  postfix: 8,
} as const;

/** Precedence level of a binary operator. */
export function binaryPrecedence(op: BinaryOperator): number {
  switch (op) {
    case 'or':
      return PRECEDENCE.or;
    case 'and':
      return PRECEDENCE.and;
    case '+':
    case '-':
      return PRECEDENCE.additive;
    case '*':
    case '/':
    case '%':
      return PRECEDENCE.multiplicative;
    default:
      return PRECEDENCE.comparison;
  }
}

/**
 * Operator words that cannot name a variable (they may still follow a dot: `event.payload.in`).
 * `true`, `false` and `null` cannot either: the parser reads them as literals first.
 */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in']);
