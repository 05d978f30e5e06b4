/**
 * docs/expressions.md — the value model at its edges: indexing against a reference on random
 * arrays and strings, code-point lengths with lone surrogates, keys that exist but are not
 * enumerable, NaN from a context, and the result-length limit at exactly its bound.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MAX_RESULT_LENGTH, renderTemplateString } from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

/** What `v[i]` reads: the element at an integer index, negative from the end, else null. */
function referenceIndex(items: readonly unknown[], index: number): unknown {
  if (!Number.isInteger(index)) return null;
  const i = index < 0 ? items.length + index : index;
  return i >= 0 && i < items.length ? items[i] : null;
}

describe('indexing against a reference', () => {
  test('an array index reads the element, counting negative indexes from the end, else null', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 6 }), fc.integer({ min: -8, max: 8 }), (items, i) => {
        assert.equal(run('items[i]', { items, i }), referenceIndex(items, i));
      }),
    );
  });

  test('a string index reads one code point, counting negative indexes from the end, else null', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), fc.integer({ min: -8, max: 8 }), (s, i) => {
        assert.equal(run('s[i]', { s, i }), referenceIndex(Array.from(s), i));
      }),
    );
  });

  test('a fractional index of a string is null, and so is an index of a bool', () => {
    assert.equal(run('s[0.5]', { s: 'abc' }), null);
    assert.equal(run('true[0]'), null);
    assert.equal(run('s["length"]', { s: 'abc' }), null);
  });

  test('an index charges the length of the string it reads from the start', () => {
    assert.equal(run('s[-1]', { s: 'a😀' }), '😀');
  });
});

describe('code points', () => {
  test('length counts code points, a lone surrogate as one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 10 }), (s) => {
        assert.equal(run('length(s)', { s }), Array.from(s).length);
      }),
    );
    assert.equal(run('length(s)', { s: '\ud83d' }), 1);
    assert.equal(run('length(s)', { s: '\ud83dx' }), 2);
    assert.equal(run('length(s)', { s: '\ude00\ud83d' }), 2);
    assert.equal(run('length(s)', { s: '\ud83d\ud83d\ude00' }), 2);
  });
});

describe('keys that are not members', () => {
  test('in does not find an own key that is not enumerable', () => {
    const obj = Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
    assert.equal(run('"shown" in obj', { obj }), true);
    assert.equal(run('"hidden" in obj', { obj }), false);
  });

  test('a getter is a member for in, but reads as null without being run', () => {
    let ran = false;
    const obj = Object.defineProperty({}, 'g', {
      enumerable: true,
      get() {
        ran = true;
        return 1;
      },
    });
    assert.equal(run('"g" in obj', { obj }), true);
    assert.equal(run('obj.g', { obj }), null);
    assert.equal(ran, false);
  });
});

describe('NaN from a context', () => {
  test('is falsy, equals itself, and is one value for unique', () => {
    assert.equal(run('bool(n)', { n: Number.NaN }), false);
    assert.equal(run('not n', { n: Number.NaN }), true);
    assert.equal(run('n == m', { n: Number.NaN, m: Number.NaN }), true);
    assert.equal(run('n == 0', { n: Number.NaN }), false);
    assert.equal(run('length(unique([n, m, 0]))', { n: Number.NaN, m: Number.NaN }), 2);
    assert.equal(run('string(n)', { n: Number.NaN }), 'NaN');
  });
});

describe('unique tells apart values that only look alike', () => {
  test('true, "true", 1, "1", null, "null", [] and {} are all different', () => {
    const items = [
      true,
      'true',
      1,
      '1',
      null,
      'null',
      false,
      'false',
      [],
      {},
      [1],
      ['1'],
      { a: 1 },
      { a: '1' },
    ];
    assert.deepEqual(run('unique(items + items)', { items }), items);
  });

  test('objects equal in any key order are one value; the first is kept', () => {
    const a = { x: 1, y: [1, { z: 2 }] };
    const b = { y: [1, { z: 2 }], x: 1 };
    assert.deepEqual(run('unique([a, b])', { a, b }), [a]);
    assert.equal(run('length(unique([a, c]))', { a, c: { x: 1, y: [1, { z: 3 }] } }), 2);
    assert.equal(run('length(unique([a, c]))', { a, c: { x: 1, yy: [1, { z: 2 }] } }), 2);
  });
});

describe('the result-length limit', () => {
  test('a string or array of exactly MAX_RESULT_LENGTH is allowed; one more is refused', () => {
    const half = 'x'.repeat(MAX_RESULT_LENGTH / 2);
    assert.equal((run('s + s', { s: half }) as string).length, MAX_RESULT_LENGTH);
    assertEvalError('s + s + "x"', `Result of "+" is longer than ${MAX_RESULT_LENGTH} elements`, { s: half });
    const items = Array(MAX_RESULT_LENGTH / 2).fill(0);
    assert.equal((run('a + a', { a: items }) as unknown[]).length, MAX_RESULT_LENGTH);
    assertEvalError('a + a + [0]', `Result of "+" is longer than ${MAX_RESULT_LENGTH} elements`, {
      a: items,
    });
  });

  test('arithmetic errors name the operator and both types', () => {
    assertEvalError('1 - "a"', 'Cannot apply "-" to number and string');
    assertEvalError('"a" * 1', 'Cannot apply "*" to string and number');
    assertEvalError('null / 1', 'Cannot apply "/" to null and number');
    assertEvalError('1 % true', 'Cannot apply "%" to number and bool');
    assertEvalError('[] + o', 'Cannot apply "+" to array and object', { o: {} });
    assertEvalError('1e308 + 1e308', 'Result of "+" is out of range');
    assertEvalError('-1e308 - 1e308', 'Result of "-" is out of range');
    assertEvalError('1e308 / 1e-308', 'Result of "/" is out of range');
    assertEvalError('-null', 'Cannot apply unary "-" to null');
    assertEvalError('1 / "a"', 'Cannot apply "/" to number and string');
    assertEvalError('"a" % 2', 'Cannot apply "%" to string and number');
    assertEvalError('2 - null', 'Cannot apply "-" to number and null');
    assertEvalError('2 * []', 'Cannot apply "*" to number and array');
  });

  test('a non-finite number from a context makes a non-finite result an error', () => {
    assertEvalError('x % 2', 'Result of "%" is out of range', { x: Number.POSITIVE_INFINITY });
    assertEvalError('x / 2', 'Result of "/" is out of range', { x: Number.POSITIVE_INFINITY });
    assertEvalError('x - 1', 'Result of "-" is out of range', { x: Number.NEGATIVE_INFINITY });
  });

  test('a template joins text with a value as the value reads', () => {
    const context = { event: { n: 1.5, t: true, z: null, a: [1, 'b'], o: { k: 'v' }, big: 1e21 } };
    assert.equal(
      renderTemplateString(
        '{{event.n}} {{event.t}} [{{event.z}}] {{event.a}} {{event.o}} {{event.big}}',
        context,
      ),
      '1.5 true [] [1,"b"] {"k":"v"} 1e+21',
    );
  });
});

describe('reading values', () => {
  test('an object without a prototype is plain data and can be read', () => {
    const o = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    assert.equal(run('o.a', { o }), 1);
    assert.equal(run('"a" in o', { o }), true);
  });

  test('an index that is neither a number nor a string reads nothing, even a key spelled like it', () => {
    const o = { true: 1, null: 2 };
    assert.equal(run('o[true]', { o }), null);
    assert.equal(run('o[null]', { o }), null);
    assert.equal(run('o["true"]', { o }), 1);
  });

  test('a key that is absent is not "in" an object', () => {
    assert.equal(run('"b" in o', { o: { a: 1 } }), false);
  });

  test('inside an array, undefined is named null in errors and other non-JSON values by their type', () => {
    assertEvalError('min(list)', 'min() expects an array of numbers or of strings, got number among null', {
      list: [undefined, 2],
    });
    assertEvalError('sort(list)', 'Cannot sort number and bigint', { list: [1n, 2] });
  });
});
