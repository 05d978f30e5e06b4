/** One canonical JSON text for values compared across time (timer fingerprints, action parameters on upgrade). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../../core/util/canonical-json.ts';

test('key order does not change the text, at any depth', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }),
    '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
  );
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});

test('undefined keys are left out as JSON leaves them out; scalars are plain JSON', () => {
  assert.equal(canonicalJson({ a: undefined, b: 'x' }), '{"b":"x"}');
  assert.equal(canonicalJson([undefined]), '[null]');
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(canonicalJson('é"'), '"é\\""');
});
