/**
 * docs/packs.md, "StackStorm rules" — properties of the StackStorm criteria conversion: for arbitrary payload values and
 * patterns the converted expression decides as st2's operators.py does (st2-reference.ts), and
 * any string survives quoting as an expression literal. Booleans are kept apart from numbers:
 * Python's True == 1 is the one documented difference.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileExpression, isTruthy } from '../../../core/expr/index.ts';
import { criterionExpression } from '../../../core/packs/index.ts';
import { decide } from './st2-reference.ts';

/** JSON values of the kinds payloads carry, booleans kept apart from numbers (see the header). */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.string({ maxLength: 6 }),
    fc.integer({ min: -5, max: 5 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/**
 * Why `criterionExpression` must refuse `op` with pattern `p` (strings, integers, string lists),
 * or null when it must convert it: a Jinja pattern has no equivalent, and neither has `lt`/`gt`
 * against a list.
 */
function expectedRefusal(op: string, p: unknown): string | null {
  if (op === 'exists' || op === 'nexists' || op === 'nequals') return null;
  if (typeof p === 'string' && (p.includes('{{') || p.includes('{%'))) {
    return 'a Jinja pattern (datastore lookup) has no equivalent; use a literal value';
  }
  if ((op === 'lt' || op === 'gt') && Array.isArray(p))
    return `comparing with ${JSON.stringify(p)} has no equivalent`;
  return null;
}

test('for arbitrary payload values, converted operators agree with the reference (property)', () => {
  const ops = [
    'equals',
    'nequals',
    'iequals',
    'contains',
    'ncontains',
    'icontains',
    'startswith',
    'endswith',
    'lt',
    'gt',
    'inside',
    'ninside',
    'exists',
    'nexists',
  ];
  const pattern = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.integer({ min: -5, max: 5 }),
    fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...ops), jsonValue, pattern, (op, value, p) => {
      const expr = criterionExpression('event.payload.v', op, p);
      if (!expr.ok) {
        // Only two refusals are possible for these patterns, and each must say which.
        assert.equal(expr.reason, expectedRefusal(op, p), `${op} ${JSON.stringify(p)}`);
        return true;
      }
      assert.equal(expectedRefusal(op, p), null, `${op} ${JSON.stringify(p)} should have been refused`);
      const actual = isTruthy(compileExpression(expr.expression)({ event: { payload: { v: value } } }));
      return actual === decide(op, value, p);
    }),
    { numRuns: 2000 },
  );
});

test('any string survives quoting as an expression literal (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const expr = criterionExpression('event.payload.v', 'equals', s);
      if (!expr.ok) return s.includes('{{') || s.includes('{%');
      return compileExpression(expr.expression)({ event: { payload: { v: s } } }) === true;
    }),
    { numRuns: 1000 },
  );
});
