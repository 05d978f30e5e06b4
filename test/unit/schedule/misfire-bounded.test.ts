/**
 * docs/timers.md, "Missed runs" — every slot that did not run is recorded, yet a per-second cron asleep for days must
 * not make the planner enumerate (or the store write) millions of slots. Runs of more than
 * MAX_MISSED_ENTRIES missed slots become one summary entry; counting stops at MISSED_COUNT_CAP
 * unless the schedule can count in closed form (intervals).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSchedule,
  lastSlotBefore,
  MAX_MISSED_ENTRIES,
  MISSED_COUNT_CAP,
  planMisfire,
} from '../../../core/schedule/index.ts';
import { collectSlots, countByWalking, type Schedule } from '../../../core/schedule/schedule.ts';
import { at, cron } from './helpers.ts';

const S = 1_000;
const DAY = 86_400_000;
const T0 = at('2027-03-01T00:00:00Z');

/** The schedule with every slot look-up counted (listing and counting go through `next` too). */
function counted(schedule: Schedule) {
  const seen = { lookups: 0 };
  const next = (t: number) => {
    seen.lookups++;
    return schedule.next(t);
  };
  return {
    seen,
    schedule: {
      next,
      slotsBetween: (from: number, to: number, limit: number) => collectSlots(next, from, to, limit),
      countBetween: (from: number, to: number, cap: number) => countByWalking(next, from, to, cap),
    },
  };
}

describe('huge gaps stay cheap', () => {
  it('plans a per-second cron asleep for three days in two summary entries whose counting stops at the cap', () => {
    const schedule = cron('* * * * * *', 'Europe/Berlin');
    const now = T0 + 3 * DAY;
    // How long this takes is the benchmarks' business; `exact: false` below shows counting stopped.
    const p = planMisfire({
      schedule,
      lastHandled: T0,
      now,
      policy: { policy: 'catch_up' },
      lateReason: 'asleep',
    });

    assert.deepEqual(p.missed, [
      {
        scheduledAt: T0 + S,
        reason: 'outside_window',
        summary: { lastScheduledAt: now - DAY - S, count: MISSED_COUNT_CAP, exact: false },
      },
      {
        scheduledAt: now - DAY,
        reason: 'asleep',
        summary: { lastScheduledAt: now - 12 * S, count: MISSED_COUNT_CAP, exact: false },
      },
    ]);
    // The ten most recent late slots, in order, then the two on time (within the 1 s grace).
    assert.deepEqual(p.fire, [
      ...Array.from({ length: 10 }, (_, i) => ({ scheduledAt: now - (11 - i) * S, late: true })),
      { scheduledAt: now - S, late: false },
      { scheduledAt: now, late: false },
    ]);
    assert.equal(p.handledThrough, now);
  });

  it('counts an interval timer exactly, even 2.5 million missed slots', () => {
    const schedule = createSchedule('core.intervaltimer', { interval: 1 }, { anchor: T0 });
    const now = T0 + 30 * DAY;
    const p = planMisfire({ schedule, lastHandled: T0, now, policy: null, lateReason: 'app_not_running' });
    const [outside, late] = p.missed;
    assert.deepEqual(outside?.summary, {
      lastScheduledAt: now - DAY - S,
      count: 29 * 86_400 - 1,
      exact: true,
    });
    assert.equal(late?.reason, 'app_not_running');
    assert.deepEqual(late?.summary, { lastScheduledAt: now - 3 * S, count: 86_400 - 2, exact: true });
    assert.deepEqual(p.fire, [
      { scheduledAt: now - 2 * S, late: true },
      { scheduledAt: now - S, late: false },
      { scheduledAt: now, late: false },
    ]);
  });

  it(`records up to ${MAX_MISSED_ENTRIES} missed slots one by one, and more as one summary`, () => {
    const hourly = cron('0 * * * *', 'UTC');
    const at100 = planMisfire({
      schedule: hourly,
      lastHandled: T0,
      now: T0 + 100 * 3_600_000 + 30 * 60_000,
      policy: { policy: 'skip', misfire_window: 10 * DAY },
      lateReason: 'asleep',
    });
    assert.equal(at100.missed.length, 100);
    assert.ok(at100.missed.every((m) => m.summary === undefined));
    const at101 = planMisfire({
      schedule: hourly,
      lastHandled: T0,
      now: T0 + 101 * 3_600_000 + 30 * 60_000,
      policy: { policy: 'skip', misfire_window: 10 * DAY },
      lateReason: 'asleep',
    });
    assert.deepEqual(at101.missed, [
      {
        scheduledAt: T0 + 3_600_000,
        reason: 'asleep',
        summary: { lastScheduledAt: T0 + 101 * 3_600_000, count: 101, exact: true },
      },
    ]);
  });

  it('finds the newest of 260,000 late slots by short searches back from now, not by searching the whole sleep', () => {
    const { seen, schedule } = counted(cron('* * * * * *', 'UTC'));
    const now = T0 + 3 * DAY;
    const p = planMisfire({
      schedule,
      lastHandled: T0,
      now,
      policy: { policy: 'catch_up', max_catch_up: 10 },
      lateReason: 'asleep',
    });
    assert.deepEqual(
      p.fire.map((f) => f.scheduledAt),
      Array.from({ length: 12 }, (_, i) => now - (11 - i) * S),
    );
    // The two summaries count up to the cap (~400 look-ups); each of the ten late slots then
    // takes a search of a window about one slot wide (~20), not one reaching back three days.
    assert.ok(seen.lookups < 1_000, `${seen.lookups} look-ups`);
  });

  it('reads a few late slots that all run in one pass, without searching back from now', () => {
    const { seen, schedule } = counted(cron('0 * * * *', 'UTC'));
    const now = T0 + 3 * 3_600_000 + 30 * 60_000;
    const p = planMisfire({
      schedule,
      lastHandled: T0,
      now,
      policy: { policy: 'catch_up', max_catch_up: 3 },
      lateReason: 'asleep',
    });
    assert.deepEqual(
      p.fire,
      [1, 2, 3].map((h) => ({ scheduledAt: T0 + h * 3_600_000, late: true })),
    );
    assert.deepEqual(p.missed, []);
    // Each slot once, one past the last, and the next one: a handful, not a search per slot.
    assert.ok(seen.lookups < 20, `${seen.lookups} look-ups`);
  });

  it('finds the last slot before an instant by bisection, not enumeration', () => {
    const schedule = cron('* * * * * *', 'UTC');
    let calls = 0;
    const counting = {
      next: (t: number) => {
        calls++;
        return schedule.next(t);
      },
    };
    assert.equal(lastSlotBefore(counting, T0 + 10 * DAY, T0), T0 + 10 * DAY - S);
    assert.ok(calls < 60, `${calls} calls for 864,000 slots`);
    assert.equal(lastSlotBefore(counting, T0 + S, T0), null);
  });
});
