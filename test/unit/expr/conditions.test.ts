/**
 * docs/expressions.md, "The language" — rule conditions: `null`/`{}` means always, otherwise `{ expression: "<expr>" }`,
 * validated at save; the compiled evaluator is the engine's hot path.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compileExpression,
  ExprEvalError,
  ExprSyntaxError,
  isTruthy,
  validateCondition,
} from '../../../core/expr/index.ts';
import { AttuneError } from '../../../core/model/errors.ts';

describe('validateCondition', () => {
  test('null, undefined and {} mean "always" and normalise to null', () => {
    assert.equal(validateCondition(null), null);
    assert.equal(validateCondition(undefined), null);
    assert.equal(validateCondition({}), null);
  });

  test('a parsable expression is returned as it was given', () => {
    assert.deepEqual(validateCondition({ expression: 'event.payload.level == "error"' }), {
      expression: 'event.payload.level == "error"',
    });
  });

  test('a syntax error names conditions.expression and keeps the position', () => {
    assert.throws(
      () => validateCondition({ expression: 'event.payload.x >' }),
      (err: unknown) => {
        assert.ok(err instanceof ExprSyntaxError);
        assert.equal(err.field, 'conditions.expression');
        assert.equal(err.position, 17);
        assert.equal(err.code, 'VALIDATION_ERROR');
        assert.deepEqual(err.toData(), {
          code: 'VALIDATION_ERROR',
          message: 'Unexpected end of expression at position 17 (line 1, column 18)',
          field: 'conditions.expression',
          details: { position: 17, line: 1, column: 18 },
        });
        return true;
      },
    );
  });

  test('an unknown function is refused at save', () => {
    assert.throws(() => validateCondition({ expression: 'lenght(event.payload) > 0' }), {
      name: 'ExprSyntaxError',
      field: 'conditions.expression',
      message: 'Unknown function "lenght" at position 0 (line 1, column 1)',
    });
  });

  test('an expression that is not a string names conditions.expression', () => {
    assert.throws(() => validateCondition({ expression: 42 }), {
      name: 'AttuneError',
      code: 'VALIDATION_ERROR',
      field: 'conditions.expression',
    });
  });

  test('any other shape is refused with field conditions', () => {
    for (const bad of ['event.id > 1', 42, true, [], [{ expression: 'true' }], { criteria: {} }]) {
      assert.throws(
        () => validateCondition(bad),
        (err: unknown) => {
          assert.ok(err instanceof AttuneError);
          assert.ok(!(err instanceof ExprSyntaxError));
          assert.equal(err.code, 'VALIDATION_ERROR');
          assert.equal(err.field, 'conditions');
          return true;
        },
        JSON.stringify(bad),
      );
    }
  });

  test('an extra key next to expression is named in the message', () => {
    assert.throws(() => validateCondition({ expression: 'true', extra: 1 }), {
      field: 'conditions',
      message: /unexpected key "extra"/,
    });
  });
});

describe('compileExpression', () => {
  const event = {
    id: 1,
    trigger: 'core.intervaltimer',
    trigger_ref: 'core.intervaltimer',
    payload: { type: 'interval', execution_count: 3, labels: ['nightly'] },
    created: '2025-01-01T00:00:00.000Z',
  };

  test('evaluates a condition against the event context', () => {
    const condition = compileExpression(
      'event.payload.execution_count % 3 == 0 and "nightly" in event.payload.labels',
    );
    assert.equal(condition({ event }), true);
    assert.equal(
      isTruthy(condition({ event: { ...event, payload: { execution_count: 4, labels: [] } } })),
      false,
    );
  });

  test('returns the same evaluator for the same source', () => {
    assert.equal(compileExpression('event.id + 1'), compileExpression('event.id + 1'));
  });

  test('the evaluator can be reused across contexts', () => {
    const f = compileExpression('event.id * 2');
    assert.equal(f({ event: { id: 2 } }), 4);
    assert.equal(f({ event: { id: 5 } }), 10);
  });

  test('a bad source throws ExprSyntaxError every time it is compiled', () => {
    assert.throws(() => compileExpression('1 +'), ExprSyntaxError);
    assert.throws(() => compileExpression('1 +'), ExprSyntaxError);
  });

  test('an evaluation error is an UNPROCESSABLE_ENTITY AttuneError', () => {
    try {
      compileExpression('event.payload.type + 1')({ event });
      assert.fail('expected an evaluation error');
    } catch (err) {
      assert.ok(err instanceof ExprEvalError);
      assert.ok(err instanceof AttuneError);
      assert.equal(err.code, 'UNPROCESSABLE_ENTITY');
      assert.equal(err.message, 'Cannot apply "+" to string and number');
    }
  });

  test('a deeply nested payload compared for equality fails as an evaluation error, not a crash', () => {
    const nest = (): unknown => {
      let deep: unknown = 1;
      for (let i = 0; i < 200_000; i++) deep = [deep];
      return deep;
    };
    assert.throws(() => compileExpression('a == b')({ a: nest(), b: nest() }), {
      name: 'ExprEvalError',
      message: /^Evaluation exceeded a limit/,
    });
  });
});
