/**
 * Which values count as secrets (docs/engine.md "Secrets"): every string and number leaf of a
 * secret, however nested; booleans and null are not; values shorter than four characters are
 * left alone; a secret reads `***`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  collectStrings,
  MIN_SECRET_LENGTH,
  REDACTED,
  secretStrings,
} from '../../../core/model/secret-values.ts';

test('a secret is replaced by three asterisks, and secrets have at least four characters', () => {
  assert.equal(REDACTED, '***');
  assert.equal(MIN_SECRET_LENGTH, 4);
});

test('collectStrings takes string and number leaves at any depth, in order, and appends to out', () => {
  const out = ['already'];
  collectStrings({ a: 'one', b: [2, { c: 'three', d: [4.5] }], e: 'five' }, out);
  assert.deepEqual(out, ['already', 'one', '2', 'three', '4.5', 'five']);
});

test('collectStrings leaves out booleans, null and undefined', () => {
  const out: string[] = [];
  collectStrings({ t: true, f: false, n: null, u: undefined, list: [true, null, 'kept'] }, out);
  assert.deepEqual(out, ['kept']);
  collectStrings(null, out);
  collectStrings(false, out);
  assert.deepEqual(out, ['kept']);
});

test('collectStrings takes a lone string or number as itself', () => {
  const out: string[] = [];
  collectStrings('plain', out);
  collectStrings(1234, out);
  assert.deepEqual(out, ['plain', '1234']);
});

test('secretStrings keeps values of four characters or more, from every field', () => {
  assert.deepEqual(secretStrings({ a: 'abcd', b: 'abc', c: { d: 12345, e: 123 }, f: ['wxyz', 'xy'] }), [
    'abcd',
    '12345',
    'wxyz',
  ]);
});

test('secretStrings of no secrets is empty', () => {
  assert.deepEqual(secretStrings(null), []);
  assert.deepEqual(secretStrings({}), []);
  assert.deepEqual(secretStrings({ flag: true, short: 'ab' }), []);
});
