/**
 * docs/expressions.md, "The language", "Decisions" and "Budget" — evaluation itself: strict
 * ordering at equal values, the error every ordering operator gives for mixed kinds, a call
 * with the wrong number of arguments (an evaluation error, not a syntax error), a hand-built
 * call to an unknown function, the steps a chain of members costs, and compiled conditions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileExpression,
  evaluateExpression,
  parseExpression,
  StepBudget,
} from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

describe('ordering', () => {
  test('< and > are strict: equal values are neither less nor greater', () => {
    assert.equal(run('2 < 2'), false);
    assert.equal(run('2 > 2'), false);
    assert.equal(run('"a" < "a"'), false);
    assert.equal(run('[1] > [1]'), false);
    assert.equal(run('2 <= 2'), true);
    assert.equal(run('2 >= 2'), true);
  });

  test('every ordering operator names both types when they cannot be compared', () => {
    assertEvalError('null < 1', 'Cannot compare null and number');
    assertEvalError('null > 1', 'Cannot compare null and number');
    assertEvalError('null <= 1', 'Cannot compare null and number');
    assertEvalError('"a" >= 1', 'Cannot compare string and number');
  });
});

describe('a call with the wrong number of arguments', () => {
  test('parses, and fails when evaluated, naming the function and the counts', () => {
    assert.doesNotThrow(() => parseExpression('lower()'));
    assertEvalError('lower()', 'lower() takes 1 argument, got 0');
    assertEvalError('lower("A", "B")', 'lower() takes 1 argument, got 2');
    assertEvalError('round()', 'round() takes 1 or 2 arguments, got 0');
    assertEvalError('round(1, 2, 3)', 'round() takes 1 or 2 arguments, got 3');
  });

  test('does not fail in a branch that is not evaluated', () => {
    assert.equal(run('false and lower()'), false);
  });
});

describe('a hand-built tree', () => {
  test('a call to a function that is not built in fails as an evaluation error naming it', () => {
    assert.throws(() => evaluateExpression({ type: 'call', name: 'nope', args: [] } as never, {}), {
      name: 'ExprEvalError',
      message: 'Unknown function "nope"',
    });
  });
});

describe('steps', () => {
  test('each member in a chain is one node', () => {
    const budget = new StepBudget();
    assert.equal(evaluateExpression(parseExpression('o.a.b'), { o: { a: { b: 1 } } }, budget), 1);
    assert.equal(budget.used, 3);
  });
});

describe('compiled conditions', () => {
  test('evaluate on a fresh budget each call, or on the one given', () => {
    const condition = compileExpression('event.n + 1');
    assert.equal(condition({ event: { n: 1 } }), 2);
    assert.equal(condition({ event: { n: 2 } }), 3);
    const budget = new StepBudget();
    assert.equal(condition({ event: { n: 3 } }, budget), 4);
    assert.equal(budget.used, 4);
  });
});
