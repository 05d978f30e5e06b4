/**
 * docs/expressions.md, "The language" and "Values" — equality and ordering at their edges: what
 * reads as null compares as null, an object is never an array, ordering refuses mixed kinds in
 * either order, and `unique()` groups exactly the values `==` calls equal, also values that are
 * not JSON (class instances, functions and bigints that a context can hold inside an array).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalKey, compareValues, deepEqual } from '../../../core/expr/equality.ts';
import { ExprEvalError } from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

/** An object whose one key is an accessor: the language reads it as null and never calls it. */
function withGetter(): Record<string, unknown> {
  return Object.defineProperty({}, 'k', {
    enumerable: true,
    get: () => {
      throw new Error('an accessor was called');
    },
  });
}

describe('what reads as null compares as null', () => {
  test('a member that is an accessor equals null, and not any other value, in both orders', () => {
    const g = withGetter();
    assert.equal(run('g == n', { g, n: { k: null } }), true);
    assert.equal(run('n == g', { g, n: { k: null } }), true);
    assert.equal(run('g == o', { g, o: { k: 1 } }), false);
    assert.equal(run('o == g', { g, o: { k: 1 } }), false);
    assert.equal(run('g == o', { g, o: { k: false } }), false);
  });

  test('unique() groups such an object with the one whose member is null', () => {
    const g = withGetter();
    assert.equal(run('length(unique([g, n]))', { g, n: { k: null } }), 1);
    assert.equal(run('length(unique([g, o]))', { g, o: { k: 'null' } }), 2);
  });
});

describe('objects and arrays', () => {
  test('an object is never equal to an array, even one whose indexes are its keys', () => {
    const o = { '0': 1 };
    assert.equal(run('o == a', { o, a: [1] }), false);
    assert.equal(run('a == o', { o, a: [1] }), false);
    assert.equal(run('o == p', { o, p: { '0': 1 } }), true);
  });
});

describe('ordering refuses mixed kinds in either order', () => {
  test('an array and a number cannot be compared, whichever is on the left', () => {
    assertEvalError('[1] < 2', 'Cannot compare array and number');
    assertEvalError('2 >= [1]', 'Cannot compare number and array');
    assertEvalError('[] > ""', 'Cannot compare array and string');
  });
});

describe('unique() groups exactly what == calls equal', () => {
  test('arrays holding null, NaN, true or false differ from the empty array and from each other', () => {
    const items = [[null], [], [Number.NaN], [true], [false], ['']];
    assert.deepEqual(run('unique(items + items)', { items }), items);
  });

  test('array elements stay apart: [1, 23] and [12, 3] differ', () => {
    assert.equal(run('length(unique([[1, 23], [12, 3]]))'), 2);
    assert.equal(run('length(unique([[1, 23], [1, 23]]))'), 1);
  });

  test('inside an array, values that are not JSON are each equal only to themselves', () => {
    const m = new Map();
    const n = new Map();
    const list = [m, m, n];
    assert.deepEqual(run('unique(list)', { list }), [m, n]);
    // Two functions with the same source text are still two values.
    const f = () => 1;
    const g = () => 1;
    assert.deepEqual(run('unique(list)', { list: [f, g, f] }), [f, g]);
    // Bigints (store rows can carry them) equal the same bigint.
    assert.deepEqual(run('unique(list)', { list: [1n, 2n, 1n] }), [1n, 2n]);
  });
});

describe('without a budget', () => {
  test('deep equality, ordering and canonical keys answer and charge nothing', () => {
    assert.equal(deepEqual('ab', 'ab'), true);
    assert.equal(deepEqual([1, 'x'], [1, 'x']), true);
    assert.equal(deepEqual({ a: [1] }, { a: [1] }), true);
    assert.equal(compareValues('a', 'b'), -1);
    assert.equal(compareValues([1, 2], [1]), 1);
    assert.equal(canonicalKey('x'), '"x"');
    assert.equal(canonicalKey([1, 'y']), '[1,"y"]');
    assert.equal(canonicalKey({ b: 1, a: [null] }), '{"a":[null],"b":1}');
  });

  test('ordering a number and null names both types', () => {
    assert.throws(
      () => compareValues(1, null),
      (err: unknown) => err instanceof ExprEvalError && err.message === 'Cannot compare number and null',
    );
  });
});
