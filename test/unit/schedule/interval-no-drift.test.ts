/**
 * docs/timers.md, "Interval timers count elapsed time" — core.intervaltimer: "Precision without drift: fire times are computed from absolute
 * wall-clock schedules, never by chaining delays", and "the first interval fire is one interval
 * after the rule is enabled". Slots are anchor + k·interval, k ≥ 1, for every unit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createSchedule, UNIT_MS } from '../../../core/schedule/index.ts';
import { MAX_INSTANT } from '../../../core/schedule/schedule.ts';
import { at } from './helpers.ts';

// An anchor with milliseconds, as a rule enabled at a random moment has.
const ANCHOR = at('2027-03-27T22:17:03.123Z');

describe('interval slots', () => {
  for (const [unit, interval] of [
    ['seconds', 7],
    ['minutes', 13],
    ['hours', 5],
    ['days', 3],
  ] as const) {
    it(`puts 10,000 slots of every ${interval} ${unit} exactly at anchor + k·interval`, () => {
      const s = createSchedule(
        'core.intervaltimer',
        { interval, unit },
        { anchor: ANCHOR, defaultTimezone: 'Europe/Berlin' },
      );
      const step = interval * UNIT_MS[unit];
      const slots = s.slotsBetween(ANCHOR, Number.MAX_SAFE_INTEGER, 10_000);
      assert.equal(slots.length, 10_000);
      slots.forEach((t, i) => {
        if (t !== ANCHOR + (i + 1) * step)
          assert.fail(`slot ${i + 1} is ${t}, not ${ANCHOR + (i + 1) * step}`);
      });
      // Asking from anywhere lands on the same grid: next() is computed, not accumulated.
      const far = ANCHOR + 9_999 * step + 1;
      assert.equal(s.next(far), ANCHOR + 10_000 * step);
      assert.deepEqual(s.countBetween(ANCHOR, ANCHOR + 10_000 * step, 1), { count: 10_000, exact: true });
    });
  }

  it('fires first one interval after the anchor, never at the anchor', () => {
    const s = createSchedule('core.intervaltimer', { interval: 5, unit: 'minutes' }, { anchor: ANCHOR });
    assert.equal(s.next(ANCHOR - 1), ANCHOR + 300_000);
    assert.equal(s.next(ANCHOR), ANCHOR + 300_000);
    assert.equal(s.next(ANCHOR - 86_400_000), ANCHOR + 300_000);
  });

  it('returns the first slot strictly after its argument, also exactly on a slot', () => {
    const s = createSchedule('core.intervaltimer', { interval: 10 }, { anchor: ANCHOR });
    assert.equal(s.next(ANCHOR + 10_000), ANCHOR + 20_000);
    assert.equal(s.next(ANCHOR + 19_999), ANCHOR + 20_000);
  });

  it('defaults the unit to seconds', () => {
    const s = createSchedule('core.intervaltimer', { interval: 2 }, { anchor: 0 });
    assert.equal(s.next(0), 2_000);
  });

  it('counts elapsed time through DST: 1 day is 24 h, so the wall-clock time moves by an hour', () => {
    const s = createSchedule(
      'core.intervaltimer',
      { interval: 1, unit: 'days' },
      { anchor: at('2027-03-27T08:00:00Z'), defaultTimezone: 'Europe/Berlin' },
    );
    const [first, second] = s.slotsBetween(at('2027-03-27T08:00:00Z'), at('2027-03-30T00:00:00Z'), 2);
    assert.equal(first, at('2027-03-28T08:00:00Z')); // 10:00+02:00 (was 09:00+01:00)
    assert.equal(second, at('2027-03-29T08:00:00Z'));
    assert.equal(s.dstNote(at('2027-03-28T08:00:00Z')), 'transition_day');
    assert.equal(s.dstNote(at('2027-03-29T08:00:00Z')), null);
  });

  it('counts slots in closed form, even for a billion of them', () => {
    const s = createSchedule('core.intervaltimer', { interval: 1 }, { anchor: 0 });
    assert.deepEqual(s.countBetween(0, 1_000_000_000_000, 10), { count: 1_000_000_000, exact: true });
    assert.deepEqual(s.countBetween(5_500, 7_000, 10), { count: 2, exact: true });
    assert.deepEqual(s.countBetween(7_000, 7_999, 10), { count: 0, exact: true });
  });

  it('property: next and countBetween agree with walking the grid anchor + k·step, k ≥ 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: -200_000, max: 200_000 }),
        fc.integer({ min: -1_000, max: 200_000 }),
        (anchor, interval, fromOffset, span) => {
          const s = createSchedule('core.intervaltimer', { interval }, { anchor });
          const step = interval * 1000;
          const from = anchor + fromOffset;
          const to = from + span;
          let first = anchor + step;
          while (first <= from) first += step;
          assert.equal(s.next(from), first);
          let count = 0;
          for (let t = first; t <= to; t += step) count++;
          assert.deepEqual(s.countBetween(from, to, 1), { count, exact: true });
        },
      ),
      { numRuns: 500 },
    );
  });

  it(`has no slot after the last representable instant, and counts none past it`, () => {
    const anchor = MAX_INSTANT - 1_500;
    const s = createSchedule(
      'core.intervaltimer',
      { interval: 1 },
      { anchor, defaultTimezone: 'Asia/Tokyo' },
    );
    assert.equal(s.kind, 'interval');
    assert.equal(s.timezone, 'Asia/Tokyo');
    assert.equal(s.next(anchor), anchor + 1_000);
    assert.equal(s.next(anchor + 1_000), null);
    assert.deepEqual(s.countBetween(anchor, MAX_INSTANT + 10_000, 1), { count: 1, exact: true });
    assert.deepEqual(s.slotsBetween(anchor, MAX_INSTANT + 10_000, 10), [anchor + 1_000]);
    const exactlyLast = createSchedule(
      'core.intervaltimer',
      { interval: 1 },
      { anchor: MAX_INSTANT - 1_000 },
    );
    assert.equal(exactlyLast.next(0), MAX_INSTANT, 'the last instant itself is a slot');
  });
});
