/**
 * docs/expressions.md — the value model's forms: which values are falsy, how lengths count code
 * points (a surrogate pair is one, a lone surrogate is one), how `string(v)` spells a value and how
 * a value reads inside mixed template text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderTemplateString } from '../../../core/expr/index.ts';
import {
  codePointLength,
  isTruthy,
  toDisplayString,
  toJson,
  toTemplateText,
} from '../../../core/expr/values.ts';
import { run } from './helpers.ts';

describe('truthiness', () => {
  test('null, undefined, false, 0, NaN, "", [] and {} are falsy', () => {
    for (const value of [null, undefined, false, 0, -0, Number.NaN, '', [], {}]) {
      assert.equal(isTruthy(value), false, `${String(value)} should be falsy`);
    }
  });

  test('true, non-zero numbers, non-empty strings, arrays and objects are truthy', () => {
    for (const value of [
      true,
      1,
      -1,
      0.5,
      Number.POSITIVE_INFINITY,
      ' ',
      '0',
      'false',
      [0],
      [null],
      { a: 0 },
    ]) {
      assert.equal(isTruthy(value), true, `${JSON.stringify(value)} should be truthy`);
    }
  });

  test('a prototype-less object is falsy when empty and truthy with a key; non-enumerable keys do not count', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    assert.equal(isTruthy(bare), false);
    bare.k = 0;
    assert.equal(isTruthy(bare), true);
    assert.equal(isTruthy(Object.defineProperty({}, 'hidden', { value: 1, enumerable: false })), false);
  });

  test('an object that is not plain (a date, a map) and a bigint are truthy', () => {
    assert.equal(isTruthy(new Date(0)), true);
    assert.equal(isTruthy(new Map()), true);
    assert.equal(isTruthy(1n), true);
  });

  test('`not` in the language follows the same rule', () => {
    assert.equal(run('not []'), true);
    assert.equal(run('not x', { x: {} }), true);
    assert.equal(run('not ""'), true);
    assert.equal(run('not 0'), true);
    assert.equal(run('not x', { x: { k: null } }), false);
    assert.equal(run('not x', { x: [false] }), false);
    assert.equal(run('not "a"'), false);
  });
});

describe('code-point lengths', () => {
  test('a surrogate pair counts once, every other code unit once', () => {
    assert.equal(codePointLength(''), 0);
    assert.equal(codePointLength('abc'), 3);
    assert.equal(codePointLength('é😀'), 2);
    assert.equal(codePointLength('😀😀'), 2);
    assert.equal(codePointLength('a😀b'), 3);
    assert.equal(run('length(s)', { s: 'é😀x' }), 3);
  });

  test('a lone high or low surrogate counts as one code point', () => {
    assert.equal(codePointLength('\ud800'), 1);
    assert.equal(codePointLength('\udbff'), 1);
    assert.equal(codePointLength('\udc00'), 1);
    assert.equal(codePointLength('\ud800a'), 2);
    assert.equal(codePointLength('a\ud800'), 2);
    assert.equal(codePointLength('\udc00\ud800'), 2);
    assert.equal(codePointLength('\ud800\ud800'), 2);
  });

  test('the edges of the surrogate ranges pair exactly when high then low', () => {
    assert.equal(codePointLength('\ud800\udc00'), 1);
    assert.equal(codePointLength('\udbff\udfff'), 1);
    assert.equal(codePointLength('\ud7ff\udc00'), 2);
    assert.equal(codePointLength('\udc00\udc00'), 2);
    assert.equal(codePointLength('\ue000\udc00'), 2);
    assert.equal(codePointLength('\ud800\udbff'), 2);
    assert.equal(codePointLength('\ud800\ue000'), 2);
    assert.equal(codePointLength('\ud800\udfff'), 1);
  });

  test('matches the count of the string iterator on random text', () => {
    const samples = ['\ud83d', '\ude00', '\ud83d\ude00', 'x', '\u00e9', '\uffff', '\u0000'];
    for (const a of samples) {
      for (const b of samples) {
        for (const c of samples) {
          const text = a + b + c;
          assert.equal(codePointLength(text), [...text].length, JSON.stringify(text));
        }
      }
    }
  });
});

describe('text forms', () => {
  test('JSON text turns bigints into numbers and undefined into null', () => {
    assert.equal(toJson({ n: 12n, a: [1n] }), '{"n":12,"a":[1]}');
    assert.equal(toJson(undefined), 'null');
    assert.equal(toJson('a'), '"a"');
  });

  test('string(v) keeps strings, spells null "null", numbers and booleans plainly, others as JSON', () => {
    assert.equal(toDisplayString('x y'), 'x y');
    assert.equal(toDisplayString(''), '');
    assert.equal(toDisplayString(null), 'null');
    assert.equal(toDisplayString(undefined), 'null');
    assert.equal(toDisplayString(1.5), '1.5');
    assert.equal(toDisplayString(Number.NaN), 'NaN');
    assert.equal(toDisplayString(Number.POSITIVE_INFINITY), 'Infinity');
    assert.equal(toDisplayString(false), 'false');
    assert.equal(toDisplayString([1, 'a']), '[1,"a"]');
    assert.equal(toDisplayString({ k: 2n }), '{"k":2}');
    assert.equal(run('string(x)', { x: null }), 'null');
    assert.equal(run('string(x)', { x: { a: [true] } }), '{"a":[true]}');
  });

  test('inside template text strings read raw, null as empty, numbers (NaN too) and booleans plainly, others as JSON', () => {
    assert.equal(toTemplateText('"q"'), '"q"');
    assert.equal(toTemplateText(null), '');
    assert.equal(toTemplateText(undefined), '');
    assert.equal(toTemplateText(3), '3');
    assert.equal(toTemplateText(Number.NaN), 'NaN');
    assert.equal(toTemplateText(Number.NEGATIVE_INFINITY), '-Infinity');
    assert.equal(toTemplateText(true), 'true');
    assert.equal(toTemplateText(['a']), '["a"]');
    assert.equal(toTemplateText({ n: 5n }), '{"n":5}');
    assert.equal(renderTemplateString('a={{ x }};', { x: null }), 'a=;');
    assert.equal(renderTemplateString('a={{ x }};', { x: { b: 1 } }), 'a={"b":1};');
  });
});
