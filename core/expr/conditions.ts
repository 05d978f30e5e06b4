/**
 * Rule conditions (docs/expressions.md, "The language"): `null` or `{}` means "always"; otherwise `{ expression: "<expr>" }`.
 * Validated when a rule is saved, so a rule that cannot parse never reaches the engine.
 */
import { AttuneError } from '../model/errors.ts';
import { ExprSyntaxError } from './errors.ts';
import { type CompiledExpression, compileExpression } from './evaluate.ts';
import { parseExpression } from './parser.ts';
import { isPlainObject } from './values.ts';

const SHAPE = 'conditions must be null, {} or { "expression": "<expr>" }';

/**
 * Normalises rule conditions: null, undefined and `{}` give null; `{expression}` is parsed and
 * returned as `{expression}`. A parse failure throws ExprSyntaxError with field
 * `conditions.expression`; any other shape throws AttuneError (VALIDATION_ERROR) with field
 * `conditions`.
 */
export function validateCondition(conditions: unknown): { expression: string } | null {
  const expression = conditionSource(conditions);
  if (expression === null) return null;
  atField(() => parseExpression(expression), expression);
  return { expression };
}

/** A rule's conditions, validated, with the evaluator compiled from that one parse. */
export interface CompiledCondition {
  conditions: { expression: string } | null;
  /** null = always. */
  evaluate: CompiledExpression | null;
}

/** `validateCondition` for a rule being saved: the parse is kept, compiled, for the engine. */
export function compileCondition(conditions: unknown): CompiledCondition {
  const expression = conditionSource(conditions);
  if (expression === null) return { conditions: null, evaluate: null };
  return { conditions: { expression }, evaluate: atField(() => compileExpression(expression), expression) };
}

/** Rethrows a syntax error as one naming `conditions.expression`. */
function atField<T>(fn: () => T, expression: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ExprSyntaxError) {
      throw new ExprSyntaxError(err.reason, expression, err.position, 'conditions.expression');
    }
    throw err;
  }
}

/** The expression of well-shaped conditions, or null for "always". */
function conditionSource(conditions: unknown): string | null {
  if (conditions === null || conditions === undefined) return null;
  if (!isPlainObject(conditions)) throw new AttuneError('VALIDATION_ERROR', SHAPE, { field: 'conditions' });
  const keys = Object.keys(conditions);
  if (keys.length === 0) return null;
  const unknown = keys.find((key) => key !== 'expression');
  if (unknown !== undefined) {
    throw new AttuneError('VALIDATION_ERROR', `${SHAPE}; unexpected key "${unknown}"`, {
      field: 'conditions',
    });
  }
  const expression = conditions['expression'];
  if (typeof expression !== 'string') {
    throw new AttuneError('VALIDATION_ERROR', 'conditions.expression must be a string', {
      field: 'conditions.expression',
    });
  }
  return expression;
}
