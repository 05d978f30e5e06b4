/**
 * The built-in functions and operators against a plain JavaScript reference (docs/expressions.md,
 * "Functions"), on random JSON values with fast-check: what each one returns, for every input
 * it accepts, is what a few obvious lines of JavaScript return.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ExprEvalError } from '../../../core/expr/index.ts';
import { run } from './helpers.ts';

/** JSON text with object keys sorted: equal exactly when two JSON values are deeply equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

const json = fc.jsonValue({ maxDepth: 2 });
const small = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('a', 'b', ''),
);
const smallArray = fc.array(fc.oneof(small, fc.array(small, { maxLength: 2 })), { maxLength: 8 });
const text = fc.string({ maxLength: 12 });
const unicodeText = fc.string({ unit: 'grapheme', maxLength: 8 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
const plain = (n: number): number => (n === 0 ? 0 : n);

function evalError(source: string, context: Record<string, unknown>): string {
  try {
    run(source, context);
  } catch (err) {
    assert.ok(err instanceof ExprEvalError, `expected ExprEvalError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`${source} did not fail`);
}

describe('equality and ordering against JavaScript', () => {
  test('== holds exactly when the canonical JSON texts are equal', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        assert.equal(run('a == b', { a, b }), same(a, b));
        assert.equal(run('a == b', { a, b: structuredClone(a) }), true);
      }),
    );
  });

  test('strings order as JavaScript orders them, and <, <=, >, >= agree with each other', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        assert.equal(run('a < b', { a, b }), a < b);
        assert.equal(run('a <= b', { a, b }), a <= b);
        assert.equal(run('a > b', { a, b }), a > b);
        assert.equal(run('a >= b', { a, b }), a >= b);
      }),
    );
  });

  test('arrays of numbers order lexicographically, a prefix first', () => {
    const lexicographic = (a: number[], b: number[]): number => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
      }
      return a.length - b.length;
    };
    const arr = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 });
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        const order = lexicographic(a, b);
        assert.equal(run('a < b', { a, b }), order < 0);
        assert.equal(run('a > b', { a, b }), order > 0);
        assert.equal(run('a <= b', { a, b }), order <= 0);
        assert.equal(run('a >= b', { a, b }), order >= 0);
      }),
    );
  });

  test('x in array holds exactly when some element is deeply equal to x', () => {
    fc.assert(
      fc.property(small, smallArray, (x, items) => {
        assert.equal(
          run('x in items', { x, items }),
          items.some((item) => same(item, x)),
        );
      }),
    );
  });
});

describe('arithmetic against JavaScript', () => {
  test('+ - * on finite numbers give the JavaScript result, with -0 as 0', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        assert.ok(Object.is(run('a + b', { a, b }), plain(a + b)));
        assert.ok(Object.is(run('a - b', { a, b }), plain(a - b)));
        assert.ok(Object.is(run('a * b', { a, b }), plain(a * b)));
      }),
    );
  });

  test('/ and % by a non-zero number give the JavaScript result', () => {
    fc.assert(
      fc.property(
        finite,
        finite.filter((b) => b !== 0 && Math.abs(b) > 1e-6),
        (a, b) => {
          assert.ok(Object.is(run('a / b', { a, b }), plain(a / b)));
          assert.ok(Object.is(run('a % b', { a, b }), plain(a % b)));
        },
      ),
    );
  });
});

describe('scalar functions against JavaScript', () => {
  test('abs, floor, ceil and int are Math.abs, Math.floor, Math.ceil and Math.trunc', () => {
    fc.assert(
      fc.property(finite, (v) => {
        assert.ok(Object.is(run('abs(v)', { v }), Math.abs(v)));
        assert.ok(Object.is(run('floor(v)', { v }), plain(Math.floor(v))));
        assert.ok(Object.is(run('ceil(v)', { v }), plain(Math.ceil(v))));
        assert.ok(Object.is(run('int(v)', { v }), plain(Math.trunc(v))));
      }),
    );
  });

  test('number and int read the decimal text of any finite number, with surrounding whitespace', () => {
    fc.assert(
      fc.property(finite, fc.constantFrom('', ' ', '\n', '\t '), (v, pad) => {
        const source = `${pad}${String(v)}${pad}`;
        assert.ok(Object.is(run('number(s)', { s: source }), plain(v)));
        assert.ok(Object.is(run('int(s)', { s: source }), plain(Math.trunc(v))));
      }),
    );
  });

  test('round without digits rounds halves away from zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.constantFrom(0, 0.25, 0.5, 0.75),
        (whole, part) => {
          const v = whole < 0 ? whole - part : whole + part;
          const expected = Math.sign(v) * Math.round(Math.abs(v));
          assert.ok(Object.is(run('round(v)', { v }), plain(expected)));
        },
      ),
    );
  });

  test('min and max of an array of numbers are Math.min and Math.max; of two values, the same', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 8 }), (items) => {
        assert.equal(
          run('min(items)', { items }),
          Math.min(...items) === 0 ? items.find((n) => n === 0) : Math.min(...items),
        );
        assert.equal(
          run('max(items)', { items }),
          Math.max(...items) === 0 ? items.find((n) => n === 0) : Math.max(...items),
        );
        const a = items[0] as number;
        const b = items[items.length - 1] as number;
        // biome-ignore lint/complexity/useMathMinMax: the first of two equal values wins (0 before -0); Math.min does not promise that
        assert.equal(run('min(a, b)', { a, b }), b < a ? b : a);
        // biome-ignore lint/complexity/useMathMinMax: as above
        assert.equal(run('max(a, b)', { a, b }), b > a ? b : a);
      }),
    );
  });

  test('min and max of strings are the first and last in sorted order', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (items) => {
        const sorted = items.slice().sort();
        assert.equal(run('min(items)', { items }), sorted[0]);
        assert.equal(run('max(items)', { items }), sorted[sorted.length - 1]);
      }),
    );
  });

  test('sum adds the numbers in order', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 8 }), (items) => {
        assert.ok(Object.is(run('sum(items)', { items }), plain(items.reduce((t, n) => t + n, 0))));
      }),
    );
  });

  test('length counts code points, elements or keys', () => {
    fc.assert(
      fc.property(unicodeText, smallArray, fc.dictionary(text, small, { maxKeys: 5 }), (s, items, object) => {
        assert.equal(run('length(s)', { s }), Array.from(s).length);
        assert.equal(run('length(items)', { items }), items.length);
        assert.equal(run('length(object)', { object }), Object.keys(object).length);
      }),
    );
  });
});

describe('collection functions against JavaScript', () => {
  test('reversed is Array.prototype.reverse on a copy, and on the code points of a string', () => {
    fc.assert(
      fc.property(smallArray, unicodeText, (items, s) => {
        const before = structuredClone(items);
        assert.deepEqual(run('reversed(items)', { items }), items.slice().reverse());
        assert.deepEqual(items, before);
        assert.equal(run('reversed(s)', { s }), Array.from(s).reverse().join(''));
      }),
    );
  });

  test('sort orders numbers numerically and strings by code units, leaving the argument alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 10 }),
        fc.array(text, { maxLength: 8 }),
        (nums, strs) => {
          const before = nums.slice();
          assert.deepEqual(
            run('sort(nums)', { nums }),
            nums.slice().sort((a, b) => a - b),
          );
          assert.deepEqual(nums, before);
          assert.deepEqual(run('sort(strs)', { strs }), strs.slice().sort());
        },
      ),
    );
  });

  test('unique keeps the first of each group of deeply equal elements, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(small, fc.dictionary(fc.constantFrom('a', 'b'), small, { maxKeys: 2 })), {
          maxLength: 10,
        }),
        (items) => {
          const expected = items.filter((item, i) => items.findIndex((other) => same(other, item)) === i);
          assert.deepEqual(run('unique(items)', { items }), expected);
        },
      ),
    );
  });

  test('flat is Array.prototype.flat with depth one', () => {
    fc.assert(
      fc.property(smallArray, (items) => {
        assert.deepEqual(run('flat(items)', { items }), items.flat(1));
      }),
    );
  });

  test('zip pairs elements up to the shorter array', () => {
    fc.assert(
      fc.property(smallArray, smallArray, (a, b) => {
        const expected = a.slice(0, Math.min(a.length, b.length)).map((item, i) => [item, b[i]]);
        assert.deepEqual(run('zip(a, b)', { a, b }), expected);
      }),
    );
  });

  test('range(end) and range(start, end) count up by one, excluding the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), (start, end) => {
        const expected: number[] = [];
        for (let i = start; i < end; i++) expected.push(i);
        assert.deepEqual(run('range(start, end)', { start, end }), expected);
        assert.deepEqual(
          run('range(end)', { end }),
          expected.length === 0 && end <= 0 ? [] : [...Array(Math.max(0, end)).keys()],
        );
      }),
    );
  });

  test('slice is Array.prototype.slice, on arrays and on the code points of strings', () => {
    const bound = fc.integer({ min: -10, max: 10 });
    fc.assert(
      fc.property(smallArray, unicodeText, bound, fc.option(bound), (items, s, start, end) => {
        const e = end ?? undefined;
        assert.deepEqual(run('slice(items, start, end)', { items, start, end }), items.slice(start, e));
        assert.deepEqual(run('slice(items, start)', { items, start }), items.slice(start));
        assert.equal(run('slice(s, start, end)', { s, start, end }), Array.from(s).slice(start, e).join(''));
      }),
    );
  });

  test('index_of and count of an array use deep equality', () => {
    fc.assert(
      fc.property(smallArray, small, (items, x) => {
        assert.equal(
          run('index_of(items, x)', { items, x }),
          items.findIndex((item) => same(item, x)),
        );
        assert.equal(run('count(items, x)', { items, x }), items.filter((item) => same(item, x)).length);
        assert.equal(
          run('contains(items, x)', { items, x }),
          items.some((item) => same(item, x)),
        );
      }),
    );
  });

  test('merge is object spread, the second object winning; keys and values list the first', () => {
    const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), small, { maxKeys: 4 });
    fc.assert(
      fc.property(object, object, (a, b) => {
        const merged = run('merge(a, b)', { a, b });
        assert.deepEqual(merged, { ...a, ...b });
        assert.deepEqual(Object.keys(merged as object), Object.keys({ ...a, ...b }));
        assert.deepEqual(run('keys(a)', { a }), Object.keys(a));
        assert.deepEqual(run('values(a)', { a }), Object.values(a));
      }),
    );
  });

  test('chunks cuts an array into runs of the size, the last one shorter', () => {
    fc.assert(
      fc.property(smallArray, fc.integer({ min: 1, max: 5 }), (items, size) => {
        const expected: unknown[][] = [];
        for (let i = 0; i < items.length; i += size) expected.push(items.slice(i, i + size));
        assert.deepEqual(run('chunks(items, size)', { items, size }), expected);
      }),
    );
  });
});

describe('exact refusals', () => {
  test('functions name themselves, what they expect, the argument and the type they got', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['chunks(v, 0)', { v: [1] }, 'chunks() expects a positive integer as argument 2, got number'],
      ['chunks(v, 1.5)', { v: [1] }, 'chunks() expects an integer as argument 2, got number'],
      ['chunks(1, 1)', {}, 'chunks() expects an array as argument 1, got number'],
      ['zip([], 1)', {}, 'zip() expects an array as argument 2, got number'],
      ['zip(1, [])', {}, 'zip() expects an array as argument 1, got number'],
      ['merge(o, 1)', { o: {} }, 'merge() expects an object as argument 2, got number'],
      ['merge(1, o)', { o: {} }, 'merge() expects an object as argument 1, got number'],
      ['range(0.5)', {}, 'range() expects an integer, got number'],
      ['range(0.5, 2)', {}, 'range() expects an integer as argument 1, got number'],
      ['range(0, "2")', {}, 'range() expects an integer as argument 2, got string'],
      ['range(0, 100001)', {}, 'range() would produce 100001 numbers; the limit is 100000'],
      ['slice(1, 0)', {}, 'slice() expects an array or string as argument 1, got number'],
      ['slice([], "0")', {}, 'slice() expects an integer as argument 2, got string'],
      ['slice([], 0, "1")', {}, 'slice() expects an integer as argument 3, got string'],
      ['index_of(1, 1)', {}, 'index_of() expects an array or string as argument 1, got number'],
      ['index_of("a", 1)', {}, 'index_of() expects a string as argument 2, got number'],
      ['count(1, 1)', {}, 'count() expects an array or string as argument 1, got number'],
      ['count("a", 1)', {}, 'count() expects a string as argument 2, got number'],
      ['reversed(1)', {}, 'reversed() expects an array or string, got number'],
      ['sort(1)', {}, 'sort() expects an array, got number'],
      ['sort(["a", "a", 1])', {}, 'Cannot sort number and string'],
      ['unique(o)', { o: {} }, 'unique() expects an array, got object'],
      ['flat("a")', {}, 'flat() expects an array, got string'],
      ['keys([])', {}, 'keys() expects an object, got array'],
      ['values(null)', {}, 'values() expects an object, got null'],
      ['length(1)', {}, 'length() expects a string, array or object, got number'],
      ['length(true)', {}, 'length() expects a string, array or object, got bool'],
      ['abs("1")', {}, 'abs() expects a number, got string'],
      ['floor("1")', {}, 'floor() expects a number, got string'],
      ['ceil(null)', {}, 'ceil() expects a number, got null'],
      ['round("1")', {}, 'round() expects a number, got string'],
      ['round("1", 1)', {}, 'round() expects a number as argument 1, got string'],
      ['round(1, 1.5)', {}, 'round() expects an integer as argument 2, got number'],
      ['round(1, -1)', {}, 'round() expects an integer from 0 to 15 as argument 2, got number'],
      ['round(1, 16)', {}, 'round() expects an integer from 0 to 15 as argument 2, got number'],
      ['sum(1)', {}, 'sum() expects an array, got number'],
      ['sum([1, "2"])', {}, 'sum() expects an array of numbers, found string'],
      ['sum([1e308, 1e308])', {}, 'Result of sum() is out of range'],
      ['min([])', {}, 'min() of an empty array'],
      ['max([])', {}, 'max() of an empty array'],
      ['min(1)', {}, 'min() expects an array, got number'],
      ['min([1, "a"])', {}, 'min() expects an array of numbers or of strings, got string among number'],
      ['max([true])', {}, 'max() expects an array of numbers or of strings, got bool among bool'],
      ['min(1, "a")', {}, 'min() expects two numbers or two strings, got string among number'],
      ['max(null, null)', {}, 'max() expects two numbers or two strings, got null among null'],
      ['number("0x10")', {}, 'number() cannot convert the string "0x10" to a number'],
      ['number("Infinity")', {}, 'number() cannot convert the string "Infinity" to a number'],
      ['number("1e999")', {}, 'number() cannot convert the string "1e999" to a number'],
      ['int(" ")', {}, 'int() cannot convert the string " " to a number'],
      ['number(null)', {}, 'number() expects a number, numeric string or bool, got null'],
      ['int([])', {}, 'int() expects a number, numeric string or bool, got array'],
      ['int(1e308 * 10)', {}, 'Result of "*" is out of range'],
    ];
    for (const [source, context, message] of cases) assert.equal(evalError(source, context), message, source);
  });

  test('conversions accept every decimal form and refuse everything else', () => {
    const accepted: [string, number][] = [
      ['1', 1],
      ['+1', 1],
      ['-1', -1],
      ['1.', 1],
      ['.5', 0.5],
      ['-.5', -0.5],
      ['1.5e2', 150],
      ['1E-2', 0.01],
      ['2e+1', 20],
      [' 7 \n', 7],
    ];
    for (const [s, n] of accepted) assert.equal(run('number(s)', { s }), n, s);
    for (const s of ['', '.', '1e', 'e1', '1.2.3', '--1', '1_000', 'NaN', '0b1', 'a1', '1a', '1 2']) {
      assert.equal(
        evalError('number(s)', { s }),
        `number() cannot convert the string ${JSON.stringify(s)} to a number`,
        s,
      );
    }
    assert.equal(run('number(true) + number(false)', {}), 1);
    assert.equal(run('int(true)', {}), 1);
  });

  test('round to digits shifts in decimal text, so 1.005 rounds up to 1.01', () => {
    assert.equal(run('round(1.005, 2)'), 1.01);
    assert.equal(run('round(-1.005, 2)'), -1.01);
    assert.equal(run('round(2.5)'), 3);
    assert.equal(run('round(-2.5)'), -3);
    assert.equal(run('round(1.23456, 0)'), 1);
    assert.equal(run('round(0.000001234, 15)'), 0.000001234);
    assert.equal(run('round(1e-7, 3)'), 0);
    assert.equal(run('round(1.5, 15)'), 1.5);
    assert.ok(Object.is(run('round(-0.4)'), 0));
  });
});
