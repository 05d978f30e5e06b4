/**
 * docs/expressions.md, "Functions" — the edges of the scalar and collection built-ins: which of
 * two equal values `min` and `max` return, the result caps of `flat` and `range` exactly at
 * their limits, and what `values` and `merge` read from members that are not JSON.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shellPlaceholder } from '../../../core/expr/functions-shell.ts';
import {
  ExprEvalError,
  MAX_RANGE_LENGTH,
  MAX_RESULT_LENGTH,
  parseExpression,
  renderTemplateString,
} from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

describe('min and max of equal values', () => {
  test('return the first of them, so -0 and 0 keep their order', () => {
    assert.ok(Object.is(run('min(a, b)', { a: -0, b: 0 }), -0));
    assert.ok(Object.is(run('min(a, b)', { a: 0, b: -0 }), 0));
    assert.ok(Object.is(run('max(a, b)', { a: -0, b: 0 }), -0));
    assert.ok(Object.is(run('max(a, b)', { a: 0, b: -0 }), 0));
    assert.ok(Object.is(run('min(v)', { v: [1, -0, 0] }), -0));
    assert.ok(Object.is(run('max(v)', { v: [-1, 0, -0] }), 0));
  });
});

describe('result caps, exactly at the limit', () => {
  test('flat counts each element of an inner array and each other element once', () => {
    const full = Array<number>(MAX_RESULT_LENGTH - 1).fill(0);
    assert.equal((run('flat(v)', { v: [full, 0] }) as unknown[]).length, MAX_RESULT_LENGTH);
    assert.equal((run('flat(v)', { v: [full, [0]] }) as unknown[]).length, MAX_RESULT_LENGTH);
    const message = `Result of flat() is longer than ${MAX_RESULT_LENGTH} elements`;
    assertEvalError('flat(v)', message, { v: [full, 0, 0] });
    assertEvalError('flat(v)', message, { v: [full, [0, 0]] });
  });

  test('range gives exactly the limit of numbers, and refuses one more', () => {
    assert.equal((run('range(n)', { n: MAX_RANGE_LENGTH }) as unknown[]).length, MAX_RANGE_LENGTH);
    const shifted = run('range(-5, n)', { n: MAX_RANGE_LENGTH - 5 }) as number[];
    assert.equal(shifted.length, MAX_RANGE_LENGTH);
    assert.equal(shifted[0], -5);
    assertEvalError(
      'range(-5, n)',
      `range() would produce ${MAX_RANGE_LENGTH + 1} numbers; the limit is ${MAX_RANGE_LENGTH}`,
      { n: MAX_RANGE_LENGTH - 4 },
    );
  });
});

describe('members that are not JSON', () => {
  test('values and merge read a date as its ISO text and other non-JSON values as null', () => {
    const o = { d: new Date(0), n: 2n, f: () => 1, u: undefined };
    assert.deepEqual(run('values(o)', { o }), ['1970-01-01T00:00:00.000Z', 2, null, null]);
    assert.deepEqual(run('merge(o, p)', { o, p: { n: 3 } }), {
      d: '1970-01-01T00:00:00.000Z',
      n: 3,
      f: null,
      u: null,
    });
  });
});

describe('conversions at their edges', () => {
  test('number reads a fraction of several digits without an integer part', () => {
    assert.equal(run('number(s)', { s: '.55' }), 0.55);
    assert.equal(run('number(s)', { s: '-.125e1' }), -1.25);
  });

  test('int, floor and ceil of an infinite number from the context are out of range', () => {
    assertEvalError('int(v)', 'Result of int() is out of range', { v: Number.POSITIVE_INFINITY });
    assertEvalError('floor(v)', 'Result of floor() is out of range', { v: Number.NEGATIVE_INFINITY });
    assertEvalError('ceil(v)', 'Result of ceil() is out of range', { v: Number.POSITIVE_INFINITY });
  });

  test('round of an infinite number or NaN from the context is out of range, to any number of digits', () => {
    for (const v of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      assertEvalError('round(v)', 'Result of round() is out of range', { v });
      assertEvalError('round(v, 2)', 'Result of round() is out of range', { v });
    }
  });

  test('round of a number that rounds to zero from below is 0, not -0', () => {
    assert.ok(Object.is(run('round(v, 3)', { v: -1e-7 }), 0));
  });
});

describe('shell placeholders', () => {
  test('a variable named raw or shell_quote is a value like any other, and is quoted', () => {
    assert.equal(
      renderTemplateString('echo {{ raw }} {{ shell_quote }}', { raw: 'a b', shell_quote: 'c d' }, 'shell'),
      "echo 'a b' 'c d'",
    );
  });

  test('a placeholder in a refused context fails with the reason of that context', () => {
    assert.throws(
      () =>
        shellPlaceholder(parseExpression('x'), 'v', { kind: 'refused', reason: 'no place for data here' }),
      (err: unknown) => err instanceof ExprEvalError && err.message === 'no place for data here',
    );
  });
});
