/**
 * docs/expressions.md, "The language" — operators: arithmetic, comparison, deep equality, `in`, `and`/`or`/`not`,
 * truthiness, and the rule that nothing is implicitly coerced.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTruthy } from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

describe('arithmetic', () => {
  test('+ - * / % work on numbers', () => {
    assert.equal(run('2 + 3'), 5);
    assert.equal(run('10 - 4'), 6);
    assert.equal(run('3 * 7'), 21);
    assert.equal(run('15 / 5'), 3);
    assert.equal(run('17 % 5'), 2);
    assert.equal(run('2.5 + 1.5'), 4);
  });

  test('division gives a fraction when it does not divide evenly', () => {
    assert.equal(run('10 / 4'), 2.5);
    assert.equal(run('10 / 5'), 2);
    assert.equal(run('10 / 4.0'), 2.5);
  });

  test('the remainder takes the sign of the dividend', () => {
    assert.equal(run('-7 % 3'), -1);
    assert.equal(run('7.5 % 2'), 1.5);
  });

  test('dividing or taking a remainder by zero is an evaluation error', () => {
    assertEvalError('5 / 0', 'Division by zero');
    assertEvalError('5 % 0', 'Division by zero');
  });

  test('a result beyond the range of a double is an evaluation error', () => {
    assertEvalError('1e308 * 10', 'Result of "*" is out of range');
  });

  test('negative zero becomes zero', () => {
    assert.ok(Object.is(run('-0'), 0));
    assert.ok(Object.is(run('0 * -1'), 0));
  });

  test('+ joins two strings', () => {
    assert.equal(run('"hello" + " " + "world"'), 'hello world');
  });

  test('+ concatenates two arrays', () => {
    assert.deepEqual(run('[1, 2] + [3]'), [1, 2, 3]);
  });

  test('unary minus negates a number and refuses anything else', () => {
    assert.equal(run('-x', { x: 4 }), -4);
    assertEvalError('-"a"', 'Cannot apply unary "-" to string');
  });
});

describe('no implicit coercion', () => {
  test('adding a string and a number is an error naming both types', () => {
    assertEvalError('"a" + 1', 'Cannot apply "+" to string and number');
    assertEvalError('1 + "a"', 'Cannot apply "+" to number and string');
  });

  test('arithmetic refuses null, booleans, objects and mixed operands', () => {
    assertEvalError('null + 1', 'Cannot apply "+" to null and number');
    assertEvalError('true * 2', 'Cannot apply "*" to bool and number');
    assertEvalError('o - 1', 'Cannot apply "-" to object and number', { o: {} });
    assertEvalError('[1] + 1', 'Cannot apply "+" to array and number');
    assertEvalError('"6" / "2"', 'Cannot apply "/" to string and string');
  });

  test('values of different types are never equal', () => {
    assert.equal(run('"3" == 3'), false);
    assert.equal(run('"3" != 3'), true);
    assert.equal(run('null == 0'), false);
    assert.equal(run('null == false'), false);
    assert.equal(run('0 == false'), false);
    assert.equal(run('"" == null'), false);
    assert.equal(run('a == o', { a: [], o: {} }), false);
  });

  test('ordering values of different types is an error naming both types', () => {
    assertEvalError('"3" < 4', 'Cannot compare string and number');
    assertEvalError('null > 1', 'Cannot compare null and number');
    assertEvalError('true < false', 'Cannot compare bool and bool');
  });
});

describe('comparison', () => {
  test('numbers order numerically and integers equal their float form', () => {
    assert.equal(run('3 == 3'), true);
    assert.equal(run('3 == 3.0'), true);
    assert.equal(run('3 != 3.1'), true);
    assert.equal(run('3 > 2'), true);
    assert.equal(run('3 < 2'), false);
    assert.equal(run('3 >= 3'), true);
    assert.equal(run('3 <= 4'), true);
  });

  test('strings order by character codes', () => {
    assert.equal(run('"abc" < "abd"'), true);
    assert.equal(run('"abc" > "abb"'), true);
    assert.equal(run('"B" < "a"'), true);
    assert.equal(run('"abc" <= "abc"'), true);
  });

  test('arrays order lexicographically, shorter first on a tie', () => {
    assert.equal(run('[1, 2] < [1, 3]'), true);
    assert.equal(run('[1, 2] < [1, 2, 0]'), true);
    assert.equal(run('["b"] > ["a", "z"]'), true);
  });

  test('null equals only null', () => {
    assert.equal(run('null == null'), true);
    assert.equal(run('null != null'), false);
  });
});

describe('deep equality', () => {
  test('arrays are equal when their elements are equal in order', () => {
    assert.equal(run('a == b', { a: [1, 2, 3], b: [1, 2, 3] }), true);
    assert.equal(run('a != c', { a: [1, 2, 3], c: [1, 2, 4] }), true);
    assert.equal(run('[1, 2] == [2, 1]'), false);
  });

  test('objects are equal when their keys and values are, in any order', () => {
    assert.equal(run('a == b', { a: { x: 1, y: 2 }, b: { y: 2, x: 1 } }), true);
    assert.equal(run('a != c', { a: { x: 1, y: 2 }, c: { x: 1, y: 3 } }), true);
    assert.equal(run('a == b', { a: { x: 1 }, b: { x: 1, y: null } }), false);
  });

  test('equality recurses through nested structures', () => {
    const a = { list: [{ id: 1, tags: ['x'] }], meta: { ok: true } };
    const b = { meta: { ok: true }, list: [{ tags: ['x'], id: 1.0 }] };
    assert.equal(run('a == b', { a, b }), true);
    assert.equal(run('a == b', { a, b: { ...b, meta: { ok: false } } }), false);
  });
});

describe('membership with in', () => {
  test('in finds an element of an array by deep equality', () => {
    const ctx = { arr: [1, 'two', { three: 3 }, [4]] };
    assert.equal(run('1 in arr', ctx), true);
    assert.equal(run('"two" in arr', ctx), true);
    assert.equal(run('[4] in arr', ctx), true);
  });

  test('in compares array elements deeply and without coercion', () => {
    const ctx = { arr: [1, 'two', { three: 3 }, [4]], obj: { three: 3 }, four: [4] };
    assert.equal(run('obj in arr', ctx), true);
    assert.equal(run('four in arr', ctx), true);
    assert.equal(run('"1" in arr', ctx), false);
    assert.equal(run('5 in arr', ctx), false);
  });

  test('in finds an own key of an object', () => {
    const ctx = { obj: { key: 'val', zero: 0 } };
    assert.equal(run('"key" in obj', ctx), true);
    assert.equal(run('"zero" in obj', ctx), true);
    assert.equal(run('"nope" in obj', ctx), false);
  });

  test('in never finds inherited keys of an object', () => {
    const ctx = { obj: {} };
    assert.equal(run('"constructor" in obj', ctx), false);
    assert.equal(run('"toString" in obj', ctx), false);
    assert.equal(run('"__proto__" in obj', ctx), false);
  });

  test('in finds a substring of a string', () => {
    assert.equal(run('"ell" in "hello"'), true);
    assert.equal(run('"" in "hello"'), true);
    assert.equal(run('"xyz" in "hello"'), false);
  });

  test('in with the wrong kind of needle or haystack is an error', () => {
    assertEvalError('1 in "123"', '"in" with a string needs a string to look for, got number');
    assertEvalError('1 in obj', '"in" with an object needs a string key, got number', { obj: {} });
    assertEvalError('1 in null', '"in" needs an array, object or string, got null');
    assertEvalError('1 in 5', '"in" needs an array, object or string, got number');
  });
});

describe('logic and truthiness', () => {
  test('and, or and not follow truth tables', () => {
    assert.equal(run('true and true'), true);
    assert.equal(run('true and false'), false);
    assert.equal(run('false or true'), true);
    assert.equal(run('false or false'), false);
    assert.equal(run('not true'), false);
    assert.equal(run('not false'), true);
  });

  test('and and or return booleans, not their operands', () => {
    assert.equal(run('"a" and 5'), true);
    assert.equal(run('0 or ""'), false);
    assert.equal(run('"" or [1]'), true);
    assert.equal(run('not 0'), true);
  });

  test('and and or short-circuit, so the right side is not evaluated', () => {
    assert.equal(run('false and missing'), false);
    assert.equal(run('true or 1 / 0'), true);
    assertEvalError('true and missing', 'Unknown variable: missing');
  });

  test('null, false, 0, "", [] and {} are falsy', () => {
    for (const value of [null, undefined, false, 0, '', [], {}]) {
      assert.equal(isTruthy(value), false, `${JSON.stringify(value)} should be falsy`);
      assert.equal(run('not v', { v: value }), true);
    }
  });

  test('everything else is truthy', () => {
    for (const value of [true, 1, -1, 0.5, 'a', ' ', 'false', '0', [0], [null], { a: null }]) {
      assert.equal(isTruthy(value), true, `${JSON.stringify(value)} should be truthy`);
      assert.equal(run('bool(v)', { v: value }), true);
    }
  });

  test('an object created without a prototype is truthy only with keys', () => {
    const empty = Object.create(null) as Record<string, unknown>;
    assert.equal(isTruthy(empty), false);
    empty['a'] = 1;
    assert.equal(isTruthy(empty), true);
  });
});
