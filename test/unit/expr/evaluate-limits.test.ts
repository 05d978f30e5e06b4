/**
 * docs/expressions.md — evaluation fails only ever with an ExprEvalError, whatever the tree or
 * the values: an exhausted call stack or an engine limit becomes "Evaluation exceeded a limit".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExprNode } from '../../../core/expr/index.ts';
import { ExprEvalError, evaluateExpression } from '../../../core/expr/index.ts';

/** A hand-built tree deeper than any the parser accepts (it stops at MAX_NESTING_DEPTH). */
function deepNegation(depth: number): ExprNode {
  let node: ExprNode = { type: 'literal', value: 1 };
  for (let i = 0; i < depth; i++) node = { type: 'unary', op: '-', operand: node };
  return node;
}

describe('an evaluation past an engine limit', () => {
  test('a hand-built tree too deep to compile fails as an evaluation error, not a RangeError', () => {
    assert.throws(
      () => evaluateExpression(deepNegation(200_000), {}),
      (err: unknown) => {
        assert.ok(err instanceof ExprEvalError, `expected ExprEvalError, got ${String(err)}`);
        assert.match(err.message, /^Evaluation exceeded a limit: /);
        return true;
      },
    );
  });

  test('a deep tree that does compile still evaluates', () => {
    assert.equal(evaluateExpression(deepNegation(1000), {}), 1);
    assert.equal(evaluateExpression(deepNegation(1001), {}), -1);
  });

  test('an error that is not a RangeError passes through unchanged', () => {
    assert.throws(() => evaluateExpression({ type: 'variable', name: 'missing' }, {}), {
      name: 'ExprEvalError',
      message: 'Unknown variable: missing',
    });
  });
});
