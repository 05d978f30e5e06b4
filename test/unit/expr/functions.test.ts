/**
 * docs/expressions.md, "The language" — built-in functions: each one's ordinary use, and an evaluation error naming the
 * function when an argument has the wrong type or the argument count is wrong.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FUNCTIONS } from '../../../core/expr/functions.ts';
import type { ExprNode } from '../../../core/expr/index.ts';
import {
  ExprEvalError,
  evaluateExpression,
  FUNCTION_NAMES,
  functionArity,
} from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

describe('the function table', () => {
  test('every listed function is implemented and nothing else is', () => {
    assert.deepEqual(Object.keys(FUNCTIONS).sort(), [...FUNCTION_NAMES].sort());
    assert.equal(FUNCTION_NAMES.length, 38);
  });

  test('calling with too few or too many arguments names the function and its arity', () => {
    assertEvalError('length()', 'length() takes 1 argument, got 0');
    assertEvalError('length(1, 2)', 'length() takes 1 argument, got 2');
    assertEvalError('replace("a", "b")', 'replace() takes 3 arguments, got 2');
    assertEvalError('range()', 'range() takes 1 or 2 arguments, got 0');
    assert.deepEqual(functionArity('slice'), { min: 2, max: 3 });
  });

  test('a hand-built tree naming an unknown function fails as an evaluation error', () => {
    const node = JSON.parse('{"type":"call","name":"constructor","args":[]}') as ExprNode;
    assert.throws(() => evaluateExpression(node, {}), ExprEvalError);
  });
});

describe('conversion', () => {
  test('string renders any value as text', () => {
    assert.equal(run('string(42)'), '42');
    assert.equal(run('string(2.5)'), '2.5');
    assert.equal(run('string(true)'), 'true');
    assert.equal(run('string(null)'), 'null');
    assert.equal(run('string("x")'), 'x');
    assert.equal(run('string([1, "a"])'), '[1,"a"]');
    assert.equal(run('string(o)', { o: { a: 1 } }), '{"a":1}');
  });

  test('number parses numeric strings and booleans', () => {
    assert.equal(run('number("3.15")'), 3.15);
    assert.equal(run('number(" 42\\n")'), 42);
    assert.equal(run('number("-1e3")'), -1000);
    assert.equal(run('number(7)'), 7);
    assert.equal(run('number(true)'), 1);
    assert.equal(run('number(false)'), 0);
  });

  test('number refuses non-numeric strings and other types', () => {
    assertEvalError('number("abc")', 'number() cannot convert the string "abc" to a number');
    assertEvalError('number("0x10")', /cannot convert/);
    assertEvalError('number("Infinity")', /cannot convert/);
    assertEvalError('number("")', /cannot convert/);
    assertEvalError('number(null)', 'number() expects a number, numeric string or bool, got null');
  });

  test('int truncates toward zero', () => {
    assert.equal(run('int(3.9)'), 3);
    assert.equal(run('int(-3.9)'), -3);
    assert.equal(run('int("42")'), 42);
    assert.equal(run('int("2.7")'), 2);
    assert.equal(run('int(true)'), 1);
    assertEvalError('int([1])', 'int() expects a number, numeric string or bool, got array');
  });

  test('bool gives the truthiness of any value', () => {
    assert.equal(run('bool(1)'), true);
    assert.equal(run('bool(0)'), false);
    assert.equal(run('bool("")'), false);
    assert.equal(run('bool("x")'), true);
    assert.equal(run('bool([])'), false);
    assert.equal(run('bool(null)'), false);
  });
});

describe('introspection', () => {
  test('type_of names the six JSON types as Attune does', () => {
    const ctx = { arr: [1], obj: {} };
    assert.equal(run('type_of(42)', ctx), 'number');
    assert.equal(run('type_of(4.2)', ctx), 'number');
    assert.equal(run('type_of("hi")', ctx), 'string');
    assert.equal(run('type_of(true)', ctx), 'bool');
    assert.equal(run('type_of(null)', ctx), 'null');
    assert.equal(run('type_of(arr)', ctx), 'array');
    assert.equal(run('type_of(obj)', ctx), 'object');
  });

  test('length counts code points of strings, elements of arrays and keys of objects', () => {
    assert.equal(run('length("hello")'), 5);
    assert.equal(run('length("é😀")'), 2);
    assert.equal(run('length([1, 2, 3])'), 3);
    assert.equal(run('length(o)', { o: { a: 1, b: 2 } }), 2);
    assertEvalError('length(5)', 'length() expects a string, array or object, got number');
    assertEvalError('length(null)', 'length() expects a string, array or object, got null');
  });

  test('keys and values list an object in insertion order', () => {
    const ctx = { o: { b: 2, a: 1 } };
    assert.deepEqual(run('keys(o)', ctx), ['b', 'a']);
    assert.deepEqual(run('values(o)', ctx), [2, 1]);
    assert.deepEqual(run('sort(keys(o))', ctx), ['a', 'b']);
    assertEvalError('keys([1])', 'keys() expects an object, got array');
    assertEvalError('values("x")', 'values() expects an object, got string');
  });
});

describe('math', () => {
  test('abs, floor and ceil work on numbers', () => {
    assert.equal(run('abs(-5)'), 5);
    assert.equal(run('abs(2.5)'), 2.5);
    assert.equal(run('floor(3.7)'), 3);
    assert.equal(run('floor(-3.2)'), -4);
    assert.equal(run('ceil(3.2)'), 4);
    assert.equal(run('ceil(-3.7)'), -3);
    assertEvalError('abs("5")', 'abs() expects a number, got string');
    assertEvalError('floor(null)', 'floor() expects a number, got null');
    assertEvalError('ceil(true)', 'ceil() expects a number, got bool');
  });

  test('round rounds halves away from zero, optionally to a number of decimals', () => {
    assert.equal(run('round(3.5)'), 4);
    assert.equal(run('round(2.5)'), 3);
    assert.equal(run('round(-2.5)'), -3);
    assert.equal(run('round(3.4)'), 3);
    assert.equal(run('round(3.14159, 2)'), 3.14);
    assert.equal(run('round(1.005, 2)'), 1.01);
    assert.equal(run('round(-1.005, 2)'), -1.01);
    assert.ok(Object.is(run('round(-0.4)'), 0));
    assertEvalError('round("3.5")', 'round() expects a number, got string');
    assertEvalError('round(1.5, 1.5)', 'round() expects an integer as argument 2, got number');
    assertEvalError('round(1.5, 16)', 'round() expects an integer from 0 to 15 as argument 2, got number');
  });

  test('min and max take two numbers, two strings or one array', () => {
    assert.equal(run('min(3, 7)'), 3);
    assert.equal(run('max(3, 7)'), 7);
    assert.equal(run('min("b", "a")'), 'a');
    assert.equal(run('max([4, 9, 2])'), 9);
    assert.equal(run('min([4, 9, 2])'), 2);
    assertEvalError('min(1, "a")', /^min\(\) expects two numbers or two strings/);
    assertEvalError('max([1, null])', /^max\(\) expects an array of numbers or of strings/);
    assertEvalError('max([])', 'max() of an empty array');
    assertEvalError('min(5)', 'min() expects an array, got number');
  });

  test('sum adds an array of numbers', () => {
    assert.equal(run('sum([1, 2, 3, 4])'), 10);
    assert.equal(run('sum([0.5, 1])'), 1.5);
    assert.equal(run('sum([])'), 0);
    assertEvalError('sum([1, "2"])', 'sum() expects an array of numbers, found string');
    assertEvalError('sum(3)', 'sum() expects an array, got number');
  });
});

describe('strings', () => {
  test('lower, upper and trim change a string', () => {
    assert.equal(run('lower("HeLLo")'), 'hello');
    assert.equal(run('upper("hello")'), 'HELLO');
    assert.equal(run('trim("  hi \\n")'), 'hi');
    assertEvalError('lower(1)', 'lower() expects a string, got number');
    assertEvalError('upper(null)', 'upper() expects a string, got null');
    assertEvalError('trim([])', 'trim() expects a string, got array');
  });

  test('split cuts at every separator; an empty separator splits into characters', () => {
    assert.deepEqual(run('split("a,b,c", ",")'), ['a', 'b', 'c']);
    assert.deepEqual(run('split("a,,b", ",")'), ['a', '', 'b']);
    assert.deepEqual(run('split("a😀", "")'), ['a', '😀']);
    assertEvalError('split("a", 1)', 'split() expects a string as argument 2, got number');
    assertEvalError('split(1, ",")', 'split() expects a string as argument 1, got number');
  });

  test('join glues elements with a separator, rendering non-strings as string() does', () => {
    assert.equal(run('join(["a", "b", "c"], ",")'), 'a,b,c');
    assert.equal(run('join([1, true, null], "-")'), '1-true-null');
    assert.equal(run('join([], ",")'), '');
    assertEvalError('join("abc", ",")', 'join() expects an array as argument 1, got string');
    assertEvalError('join(["a"], 1)', 'join() expects a string as argument 2, got number');
  });

  test('replace replaces every occurrence literally', () => {
    assert.equal(run('replace("hello world", "world", "attune")'), 'hello attune');
    assert.equal(run('replace("a.a.a", ".", "-")'), 'a-a-a');
    assert.equal(run('replace("cost", "c", "$&")'), '$&ost');
    assert.equal(run('replace("ab", "", "-")'), '-a-b-');
    assertEvalError('replace("a", "a", 1)', 'replace() expects a string as argument 3, got number');
  });

  test('starts_with and ends_with test a prefix or suffix', () => {
    assert.equal(run('starts_with("hello", "hel")'), true);
    assert.equal(run('starts_with("hello", "llo")'), false);
    assert.equal(run('ends_with("hello", "llo")'), true);
    assert.equal(run('ends_with("hello", "")'), true);
    assertEvalError('starts_with(1, "1")', 'starts_with() expects a string as argument 1, got number');
    assertEvalError('ends_with("a", null)', 'ends_with() expects a string as argument 2, got null');
  });

  test('match tests a regular expression against a string', () => {
    assert.equal(run('match("^hello", "hello world")'), true);
    assert.equal(run('match("^world", "hello world")'), false);
    assert.equal(run('match("\\d{3}-\\d{4}", "call 555-1234")'), true);
    assertEvalError('match("a", 1)', 'match() expects a string as argument 2, got number');
    assertEvalError('match(1, "a")', 'match() expects a string as argument 1, got number');
  });
});

describe('collections', () => {
  test('contains is in with the arguments swapped', () => {
    assert.equal(run('contains([1, 2, 3], 2)'), true);
    assert.equal(run('contains("hello", "ell")'), true);
    assert.equal(run('contains(o, "a")', { o: { a: 1 } }), true);
    assert.equal(run('contains([[1]], [1])'), true);
    assertEvalError('contains(5, 5)', 'contains() needs an array, object or string, got number');
  });

  test('reversed reverses an array or a string', () => {
    assert.deepEqual(run('reversed(arr)', { arr: [3, 1, 2] }), [2, 1, 3]);
    assert.equal(run('reversed("abc")'), 'cba');
    assert.equal(run('reversed("a😀")'), '😀a');
    assertEvalError('reversed(1)', 'reversed() expects an array or string, got number');
  });

  test('reversed and sort do not change their argument', () => {
    const arr = [3, 1, 2];
    run('reversed(arr)', { arr });
    run('sort(arr)', { arr });
    assert.deepEqual(arr, [3, 1, 2]);
  });

  test('sort orders numbers, strings or arrays ascending', () => {
    assert.deepEqual(run('sort([3, 1, 2])'), [1, 2, 3]);
    assert.deepEqual(run('sort(["c", "a", "b"])'), ['a', 'b', 'c']);
    assert.deepEqual(run('sort([10, 9, 100])'), [9, 10, 100]);
    assert.deepEqual(run('sort([[2], [1, 5], [1]])'), [[1], [1, 5], [2]]);
    assertEvalError('sort([1, "a"])', /^Cannot sort (number and string|string and number)$/);
    assertEvalError('sort("abc")', 'sort() expects an array, got string');
  });

  test('unique keeps the first of deeply equal elements', () => {
    assert.deepEqual(run('unique([1, 2, 2, 3, 1])'), [1, 2, 3]);
    assert.deepEqual(run('unique([1, "1", 1.0])'), [1, '1']);
    assert.deepEqual(run('unique(list)', { list: [{ a: 1, b: 2 }, { b: 2, a: 1 }, [1], [1]] }), [
      { a: 1, b: 2 },
      [1],
    ]);
    assertEvalError('unique("aab")', 'unique() expects an array, got string');
  });

  test('flat flattens one level', () => {
    assert.deepEqual(run('flat([[1, 2], [3, 4]])'), [1, 2, 3, 4]);
    assert.deepEqual(run('flat([1, [2, [3]]])'), [1, 2, [3]]);
    assertEvalError('flat(null)', 'flat() expects an array, got null');
  });

  test('zip pairs elements up to the shorter array', () => {
    assert.deepEqual(run('zip([1, 2], ["a", "b"])'), [
      [1, 'a'],
      [2, 'b'],
    ]);
    assert.deepEqual(run('zip([1, 2, 3], ["a"])'), [[1, 'a']]);
    assertEvalError('zip([1], "a")', 'zip() expects an array as argument 2, got string');
  });

  test('range counts from zero or from a start, excluding the end', () => {
    assert.deepEqual(run('range(5)'), [0, 1, 2, 3, 4]);
    assert.deepEqual(run('range(2, 5)'), [2, 3, 4]);
    assert.deepEqual(run('range(-2, 1)'), [-2, -1, 0]);
    assert.deepEqual(run('range(5, 2)'), []);
    assertEvalError('range(1.5)', 'range() expects an integer, got number');
    assertEvalError('range("3")', 'range() expects an integer, got string');
    assertEvalError('range(0, 1e9)', /range\(\) would produce 1000000000 numbers; the limit is 100000/);
  });

  test('slice cuts arrays and strings, counting negative bounds from the end', () => {
    assert.deepEqual(run('slice([1, 2, 3, 4], 1)'), [2, 3, 4]);
    assert.deepEqual(run('slice([1, 2, 3, 4], 1, 3)'), [2, 3]);
    assert.deepEqual(run('slice([1, 2, 3, 4], -2)'), [3, 4]);
    assert.deepEqual(run('slice([1, 2, 3, 4], 0, -1)'), [1, 2, 3]);
    assert.deepEqual(run('slice([1, 2], 5)'), []);
    assert.equal(run('slice("hello", 1, 3)'), 'el');
    assert.equal(run('slice("a😀b", 1, null)'), '😀b');
    assertEvalError('slice(5, 1)', 'slice() expects an array or string as argument 1, got number');
    assertEvalError('slice([1], "1")', 'slice() expects an integer as argument 2, got string');
  });

  test('index_of finds the first position, or -1', () => {
    assert.equal(run('index_of([1, 2, 3], 2)'), 1);
    assert.equal(run('index_of([[1], [2]], [2])'), 1);
    assert.equal(run('index_of([1, 2, 3], 5)'), -1);
    assert.equal(run('index_of("hello", "l")'), 2);
    assert.equal(run('index_of("😀ab", "b")'), 2);
    assert.equal(run('index_of("hello", "z")'), -1);
    assertEvalError('index_of("hello", 1)', 'index_of() expects a string as argument 2, got number');
    assertEvalError('index_of(null, 1)', 'index_of() expects an array or string as argument 1, got null');
  });

  test('count counts equal elements or non-overlapping substrings', () => {
    assert.equal(run('count([1, 2, 1, [1]], 1)'), 2);
    assert.equal(run('count("banana", "an")'), 2);
    assert.equal(run('count("aaaa", "aa")'), 2);
    assert.equal(run('count("abc", "")'), 4);
    assertEvalError('count(5, 5)', 'count() expects an array or string as argument 1, got number');
  });

  test('merge combines two objects, the second winning', () => {
    const ctx = { a: { x: 1, y: 2 }, b: { y: 3, z: 4 } };
    assert.deepEqual(run('merge(a, b)', ctx), { x: 1, y: 3, z: 4 });
    assert.deepEqual(ctx.a, { x: 1, y: 2 });
    assertEvalError('merge(a, [1])', 'merge() expects an object as argument 2, got array', ctx);
  });

  test('chunks splits an array into groups of a size', () => {
    assert.deepEqual(run('chunks([1, 2, 3, 4, 5], 2)'), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(run('chunks([], 3)'), []);
    assertEvalError('chunks([1], 0)', 'chunks() expects a positive integer as argument 2, got number');
    assertEvalError('chunks("ab", 1)', 'chunks() expects an array as argument 1, got string');
  });

  test('functions nest', () => {
    assert.equal(run('length(split("a,b,c", ","))'), 3);
    assert.equal(run('join(sort(["c", "a", "b"]), "-")'), 'a-b-c');
    assert.equal(run('length(items) > 3 and 5 in items', { items: [1, 2, 3, 4, 5] }), true);
  });
});

describe('size limits', () => {
  test('an operation that would build a huge string or array is an evaluation error', () => {
    assertEvalError(
      'replace(replace(replace(s, "", s), "", s), "", s)',
      /Result of replace\(\) is longer than 1000000 elements/,
      { s: 'x'.repeat(200) },
    );
    assertEvalError('s + s', /Result of "\+" is longer than 1000000/, { s: 'x'.repeat(600_000) });
  });
});
