/** The one mapping check the layers share. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecord } from '../../../core/util/records.ts';

test('a mapping is an object that is neither null nor an array', () => {
  assert.equal(isRecord({ a: 1 }), true);
  assert.equal(isRecord(Object.create(null)), true);
  assert.equal(isRecord(null), false);
  assert.equal(isRecord([1]), false);
  assert.equal(isRecord('x'), false);
  assert.equal(isRecord(undefined), false);
});
