/**
 * docs/timers.md, "The three timers" — the walks every schedule is built on, checked against the
 * plain reading of their contracts over any set of slots: `slotsBetween` lists the slots in
 * (from, to] oldest first, at most `limit`; `countBetween` counts them up to a cap and says
 * whether it stopped early; `lastSlotBefore` finds the latest slot in (floor, before) by
 * bisection, as the misfire planner asks for it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  collectSlots,
  countByWalking,
  lastSlotBefore,
  MAX_INSTANT,
} from '../../../core/schedule/schedule.ts';
import { at, cron } from './helpers.ts';

/** The `next` of a schedule whose slots are exactly `slots`. */
function nextOf(slots: readonly number[]): (afterMs: number) => number | null {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  return (afterMs) => sorted.find((s) => s > afterMs) ?? null;
}

const slotSets = fc.array(fc.integer({ min: -50, max: 250 }), { maxLength: 30 });
const bound = fc.integer({ min: -60, max: 260 });

describe('schedule walks', () => {
  it('collects the slots in (from, to], oldest first, at most limit of them', () => {
    fc.assert(
      fc.property(slotSets, bound, bound, fc.integer({ min: 0, max: 40 }), (slots, from, to, limit) => {
        const expected = [...new Set(slots)]
          .sort((a, b) => a - b)
          .filter((s) => s > from && s <= to)
          .slice(0, limit);
        assert.deepEqual(collectSlots(nextOf(slots), from, to, limit), expected);
      }),
    );
  });

  it('includes a slot at exactly `to`, excludes one at exactly `from`, and stops at the limit', () => {
    const next = nextOf([10, 20, 30, 40]);
    assert.deepEqual(collectSlots(next, 10, 30, 10), [20, 30]);
    assert.deepEqual(collectSlots(next, 0, 40, 3), [10, 20, 30]);
    assert.deepEqual(collectSlots(next, 0, 40, 0), []);
    assert.deepEqual(collectSlots(next, 40, 100, 10), []);
  });

  it('counts up to the cap and says whether the count is exact', () => {
    fc.assert(
      fc.property(slotSets, bound, bound, fc.integer({ min: 0, max: 40 }), (slots, from, to, cap) => {
        const n = [...new Set(slots)].filter((s) => s > from && s <= to).length;
        assert.deepEqual(countByWalking(nextOf(slots), from, to, cap), {
          count: Math.min(n, cap),
          exact: n <= cap,
        });
      }),
    );
  });

  it('calls a count equal to the cap exact, and one more than the cap not', () => {
    const next = nextOf([1, 2, 3]);
    assert.deepEqual(countByWalking(next, 0, 3, 3), { count: 3, exact: true });
    assert.deepEqual(countByWalking(next, 0, 3, 2), { count: 2, exact: false });
    assert.deepEqual(countByWalking(next, 0, 0, 0), { count: 0, exact: true });
  });

  it('finds the latest slot in (floor, before), or null when there is none', () => {
    fc.assert(
      fc.property(slotSets, bound, bound, (slots, floor, before) => {
        const inside = slots.filter((s) => s > floor && s < before);
        const expected = inside.length === 0 ? null : Math.max(...inside);
        assert.equal(lastSlotBefore({ next: nextOf(slots) }, before, floor), expected);
      }),
    );
  });

  it('excludes a slot at exactly `before` and one at exactly `floor`', () => {
    const schedule = { next: nextOf([10, 11, 20]) };
    assert.equal(lastSlotBefore(schedule, 20, 0), 11);
    assert.equal(lastSlotBefore(schedule, 21, 0), 20);
    assert.equal(lastSlotBefore(schedule, 11, 0), 10);
    assert.equal(lastSlotBefore(schedule, 10, 0), null);
    assert.equal(lastSlotBefore(schedule, 21, 11), 20);
    assert.equal(lastSlotBefore(schedule, 21, 20), null);
  });

  it('finds the last of a million per-second slots of a real cron schedule', () => {
    const everySecond = cron('* * * * * *', 'UTC');
    const floor = at('2027-01-01T00:00:00Z');
    const before = floor + 1_000_000_000;
    assert.equal(lastSlotBefore(everySecond, before, floor), before - 1_000);
    assert.equal(lastSlotBefore(everySecond, before + 1, floor), before);
  });

  it('names the latest instant a Date can hold', () => {
    assert.equal(MAX_INSTANT, 8.64e15);
    assert.equal(new Date(MAX_INSTANT).toISOString(), '+275760-09-13T00:00:00.000Z');
    assert.ok(Number.isNaN(new Date(MAX_INSTANT + 1).getTime()));
  });
});
