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
  redactForms,
  redactText,
  secretForms,
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

test('a secret is looked for as written and as it reads inside JSON, longest form first', () => {
  assert.deepEqual(secretForms(['ab"c\\d', 'plain', '', 'plain']), ['ab\\"c\\\\d', 'ab"c\\d', 'plain']);
  assert.deepEqual(secretForms([]), []);
  // A secret that contains another is replaced whole, not around its part.
  assert.deepEqual(secretForms(['hunter', 'hunter2']), ['hunter2', 'hunter']);
});

test('the forms of one list are worked out once and handed out again', () => {
  const list = ['s3cret', 'other1'];
  assert.equal(secretForms(list), secretForms(list));
  assert.notEqual(secretForms(list), secretForms([...list]));
});

test('redaction replaces every occurrence of every form, and leaves text without them alone', () => {
  const secret = 'pa"ss\nword';
  const quoted = `cannot convert the string ${JSON.stringify(secret)} to a number`;
  assert.equal(redactText(quoted, [secret]), `cannot convert the string "${REDACTED}" to a number`);
  assert.equal(redactText(`${secret} and ${secret}`, [secret]), `${REDACTED} and ${REDACTED}`);
  assert.equal(redactText('hunter2 here', ['hunter', 'hunter2']), `${REDACTED} here`);
  assert.equal(redactText('nothing to hide', ['s3cret']), 'nothing to hide');
  assert.equal(redactText('s3cret', []), 's3cret');
  assert.equal(redactForms('a s3cret b', secretForms(['s3cret'])), `a ${REDACTED} b`);
});
