/**
 * docs/security.md, "Webhooks" — JSON nested deeper than 256 levels is refused before it is
 * parsed, by a count that cannot itself overflow the stack.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findTooDeep, MAX_JSON_DEPTH, parseJsonBounded } from '../../../core/model/json-depth.ts';

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

test('256 levels parse; 257 are refused with the offset of the bracket that went too deep', () => {
  assert.equal(MAX_JSON_DEPTH, 256);
  assert.ok(parseJsonBounded(nested(256)).ok);
  assert.deepEqual(parseJsonBounded(nested(257)), {
    ok: false,
    tooDeep: true,
    message: 'JSON is nested deeper than 256 levels (at position 256)',
  });
  const objects = `${'{"a":'.repeat(257)}1${'}'.repeat(257)}`;
  assert.equal(findTooDeep(objects), 5 * 256);
});

test('a million levels are counted without overflowing the stack', () => {
  const r = parseJsonBounded(nested(1_000_000));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.tooDeep);
});

test('brackets and escaped quotes inside strings do not count', () => {
  const text = JSON.stringify({ s: `${'['.repeat(1000)}\\"{{{"`, t: ['\\', '"]]]]'] });
  assert.equal(findTooDeep(text, 2), -1);
  assert.equal(findTooDeep(text, 1), text.indexOf('"t":[') + 4);
});

test('invalid JSON is refused as invalid, not as too deep', () => {
  const r = parseJsonBounded('{"a": ');
  assert.equal(r.ok, false);
  assert.ok(!r.ok && !r.tooDeep && /^not valid JSON: /.test(r.message));
});

test('for any JSON value the count equals the real depth', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      const text = JSON.stringify(value);
      const depth = depthOf(value);
      assert.equal(findTooDeep(text, depth), -1);
      if (depth > 0) assert.ok(findTooDeep(text, depth - 1) >= 0);
    }),
    { numRuns: 500 },
  );
});
