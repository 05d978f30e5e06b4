/**
 * docs/expressions.md, "The language" — the exact refusals for badly shaped rule conditions, what `compileCondition`
 * keeps for the engine, and how a syntax error's offset becomes a line and column.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineColumn } from '../../../core/expr/errors.ts';
import {
  compileCondition,
  ExprEvalError,
  ExprSyntaxError,
  validateCondition,
} from '../../../core/expr/index.ts';
import { AttuneError } from '../../../core/model/errors.ts';

const SHAPE = 'conditions must be null, {} or { "expression": "<expr>" }';

/** Both entry points refuse `conditions` with exactly this data. */
function refused(conditions: unknown, data: Record<string, unknown>): void {
  for (const check of [validateCondition, compileCondition]) {
    assert.throws(
      () => check(conditions),
      (err: unknown) => {
        assert.ok(err instanceof AttuneError);
        assert.deepEqual(err.toData(), data);
        return true;
      },
      `${check.name}(${JSON.stringify(conditions)})`,
    );
  }
}

describe('condition shapes', () => {
  test('a value that is not an object is refused with the accepted shapes', () => {
    for (const bad of ['true', 0, false, [], [{ expression: 'true' }]]) {
      refused(bad, { code: 'VALIDATION_ERROR', message: SHAPE, field: 'conditions' });
    }
  });

  test('a key other than expression is refused by name, even beside expression', () => {
    refused(
      { expression: 'true', extra: 1 },
      {
        code: 'VALIDATION_ERROR',
        message: `${SHAPE}; unexpected key "extra"`,
        field: 'conditions',
      },
    );
    refused(
      { criteria: {} },
      {
        code: 'VALIDATION_ERROR',
        message: `${SHAPE}; unexpected key "criteria"`,
        field: 'conditions',
      },
    );
  });

  test('an expression that is not a string is refused at conditions.expression', () => {
    for (const bad of [42, null, ['true'], { and: [] }]) {
      refused(
        { expression: bad },
        {
          code: 'VALIDATION_ERROR',
          message: 'conditions.expression must be a string',
          field: 'conditions.expression',
        },
      );
    }
  });

  test('a syntax error is refused at conditions.expression with its position, by both entry points', () => {
    refused(
      { expression: 'event.id ==' },
      {
        code: 'VALIDATION_ERROR',
        message: 'Unexpected end of expression at position 11 (line 1, column 12)',
        field: 'conditions.expression',
        details: { position: 11, line: 1, column: 12 },
      },
    );
  });
});

describe('compileCondition', () => {
  test('null, undefined and {} compile to "always": no conditions and no evaluator', () => {
    for (const always of [null, undefined, {}]) {
      assert.deepEqual(compileCondition(always), { conditions: null, evaluate: null });
    }
  });

  test('an expression is kept as given, with an evaluator for it', () => {
    const compiled = compileCondition({ expression: 'event.id > 1' });
    assert.deepEqual(compiled.conditions, { expression: 'event.id > 1' });
    assert.ok(compiled.evaluate !== null);
    assert.equal(compiled.evaluate({ event: { id: 2 } }), true);
    assert.equal(compiled.evaluate({ event: { id: 1 } }), false);
  });

  test('an evaluation error is left to the caller of the evaluator', () => {
    const compiled = compileCondition({ expression: 'event.id + "x"' });
    assert.throws(() => compiled.evaluate?.({ event: { id: 1 } }), ExprEvalError);
  });
});

describe('positions', () => {
  test('line and column count UTF-16 code units from the last line feed before the offset', () => {
    assert.deepEqual(lineColumn('ab', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab', 2), { line: 1, column: 3 });
    assert.deepEqual(lineColumn('a\nb\nc', 4), { line: 3, column: 1 });
    assert.deepEqual(lineColumn('😀x', 2), { line: 1, column: 3 });
  });

  test('an offset at a line feed is the end of its line; line feeds after the offset do not count', () => {
    assert.deepEqual(lineColumn('a\nb', 1), { line: 1, column: 2 });
    assert.deepEqual(lineColumn('ab\n\n\nc', 1), { line: 1, column: 2 });
  });

  test('a carriage return alone does not start a line', () => {
    assert.deepEqual(lineColumn('a\rb', 2), { line: 1, column: 3 });
  });

  test('a syntax error carries its reason, position, line and column, and no field unless given one', () => {
    const err = new ExprSyntaxError('Unexpected "b"', 'a\n b', 3);
    assert.equal(err.name, 'ExprSyntaxError');
    assert.equal(err.reason, 'Unexpected "b"');
    assert.deepEqual([err.position, err.line, err.column], [3, 2, 2]);
    assert.equal(err.field, undefined);
    assert.equal(err.message, 'Unexpected "b" at position 3 (line 2, column 2)');
    assert.equal(new ExprSyntaxError('x', 'x', 0, 'conditions.expression').field, 'conditions.expression');
  });

  test('an evaluation error is an UNPROCESSABLE_ENTITY named ExprEvalError', () => {
    const err = new ExprEvalError('boom');
    assert.equal(err.name, 'ExprEvalError');
    assert.deepEqual(err.toData(), { code: 'UNPROCESSABLE_ENTITY', message: 'boom' });
  });
});
