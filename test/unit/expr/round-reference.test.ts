/**
 * docs/expressions.md, "Functions" — `round(x, digits)` rounds the decimal value of `x` (the
 * number as it is written) half away from zero, checked against a reference that rounds the
 * decimal digits with BigInt, for numbers of every size: 1.005 rounds to 1.01, 1e-7 to 0, and
 * 1e20 stays 1e20.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { run } from './helpers.ts';

/** Rounds `sign × digits × 10^exponent` to `places` decimals, half away from zero, in decimal. */
function referenceRound(sign: 1 | -1, digits: bigint, exponent: number, places: number): number {
  const dropped = -(exponent + places);
  if (dropped <= 0) return digits === 0n ? 0 : sign * Number(`${digits}e${exponent}`);
  const unit = 10n ** BigInt(dropped);
  const kept = digits / unit + (2n * (digits % unit) >= unit ? 1n : 0n);
  const rounded = Number(`${kept}e${-places}`);
  return rounded === 0 ? 0 : sign * rounded;
}

test('round(x, d) is the decimal value of x rounded half away from zero, at every magnitude', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<1 | -1>(1, -1),
      // At most 15 significant digits, so the number's shortest text has the same value.
      fc.bigInt({ min: 0n, max: 999_999_999_999_999n }),
      fc.integer({ min: -25, max: 25 }),
      fc.integer({ min: 0, max: 15 }),
      (sign, digits, exponent, places) => {
        const v = sign * Number(`${digits}e${exponent}`);
        const expected = referenceRound(sign, digits, exponent, places);
        const got = run('round(v, d)', { v, d: places });
        assert.ok(Object.is(got, expected), `round(${v}, ${places}) = ${got}, expected ${expected}`);
      },
    ),
  );
});

test('round to digits works on very small and very large numbers', () => {
  assert.equal(run('round(1e-7, 3)'), 0);
  assert.equal(run('round(-1e-7, 3)'), 0);
  assert.equal(run('round(1.5e-7, 7)'), 2e-7);
  assert.equal(run('round(1.25e-7, 8)'), 1.3e-7);
  assert.equal(run('round(1e20, 2)'), 1e20);
  assert.equal(run('round(1e12 + 0.5, 10)'), 1e12 + 0.5);
  assert.equal(run('round(123456789.123456, 15)'), 123456789.123456);
  assert.equal(run('round(1.7976931348623157e308, 2)'), 1.7976931348623157e308);
});
