/**
 * docs/timers.md, "Interval timers count elapsed time" — slots are anchor + k·interval, k ≥ 1,
 * anywhere a Date can point. Far apart, the distance from the anchor to the asked instant no
 * longer fits a double exactly (beyond 2^53 ms, about 285,000 years), so a slot index read off
 * one division can be one too high; the slots must still be the exact grid. The oracle is the
 * same arithmetic in BigInt, which never rounds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createSchedule, type IntervalUnit, UNIT_MS } from '../../../core/schedule/index.ts';
import { MAX_INSTANT } from '../../../core/schedule/schedule.ts';

/** The earliest instant a Date can hold. */
const MIN_INSTANT = -MAX_INSTANT;

/** The first slot strictly after `after`, in exact integer arithmetic. */
function referenceNext(anchor: number, step: number, after: number): number | null {
  const a = BigInt(anchor);
  const s = BigInt(step);
  const d = BigInt(after) - a;
  // BigInt division truncates toward zero; floor it for negative distances.
  const floor = d >= 0n ? d / s : -((-d + s - 1n) / s);
  const k = floor + 1n > 1n ? floor + 1n : 1n;
  const slot = a + k * s;
  return slot <= BigInt(MAX_INSTANT) ? Number(slot) : null;
}

/** How many slots lie in (from, to], in exact integer arithmetic. */
function referenceCount(anchor: number, step: number, from: number, to: number): number {
  const first = referenceNext(anchor, step, from);
  const end = BigInt(Math.min(to, MAX_INSTANT));
  if (first === null || BigInt(first) > end) return 0;
  return Number((end - BigInt(first)) / BigInt(step) + 1n);
}

const unitArb = fc.constantFrom<IntervalUnit>('seconds', 'minutes', 'hours', 'days');

describe('interval slots across the whole Date range', () => {
  it('lands one second after an instant 12·10^15 ms past an anchor at the start of the Date range', () => {
    // 12·10^15 − 1 is odd and above 2^53, so the distance rounds up to a whole number of steps.
    const s = createSchedule('core.intervaltimer', { interval: 1 }, { anchor: MIN_INSTANT });
    const after = MIN_INSTANT + 12_000_000_000_000_000 - 1;
    assert.equal(s.next(after), after + 1);
    assert.deepEqual(s.slotsBetween(after - 1_000, after + 1_000, 5), [after - 999, after + 1]);
    assert.deepEqual(s.countBetween(after, after + 1, 5), { count: 1, exact: true });
  });

  it('counts no slot past the end of the Date range, where the distance rounds up', () => {
    // (MAX_INSTANT − anchor) is 17,279,999,999,999,999 ms, which a double rounds to a whole number of seconds.
    const s = createSchedule('core.intervaltimer', { interval: 1 }, { anchor: MIN_INSTANT + 1 });
    const after = 8_639_999_999_997_001;
    assert.deepEqual(s.slotsBetween(after, MAX_INSTANT, 5), [after + 1_000, after + 2_000]);
    assert.deepEqual(s.countBetween(after, MAX_INSTANT, 5), { count: 2, exact: true });
  });

  it('property: next, slotsBetween and countBetween match exact integer arithmetic, near slots and anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }),
        unitArb,
        fc.integer({ min: 1, max: 1_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: MIN_INSTANT, max: MAX_INSTANT }),
        fc.boolean(),
        (anchor, unit, interval, where, nudge, anywhere, nearSlot) => {
          const step = interval * UNIT_MS[unit];
          const s = createSchedule('core.intervaltimer', { interval, unit }, { anchor });
          // Near a slot (where rounding bites) or anywhere in the range.
          const slotsInRange = Math.floor((MAX_INSTANT - anchor) / step);
          const k = Math.floor(where * slotsInRange);
          const after = nearSlot ? Math.min(MAX_INSTANT, anchor + k * step + nudge) : anywhere;
          const label = `anchor ${anchor}, every ${interval} ${unit}, after ${after}`;
          const want = referenceNext(anchor, step, after);
          assert.equal(s.next(after), want, label);
          const to = Math.min(MAX_INSTANT, after + 3 * step);
          assert.deepEqual(
            s.countBetween(after, to, 1),
            { count: referenceCount(anchor, step, after, to), exact: true },
            label,
          );
          const inRange = want !== null && want <= to ? [want] : [];
          assert.deepEqual(s.slotsBetween(after, to, 1), inRange, label);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
