/**
 * docs/timers.md, "Missed runs" — "Missed runs are a policy, not an accident": skip | coalesce (default) | catch_up (at
 * most max_catch_up, default 10) within misfire_window (default 24 h); every slot that did not run
 * is recorded with its reason; a wall clock set back never runs a slot twice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { MisfirePolicy } from '../../../core/model/entities.ts';
import {
  createSchedule,
  type MisfirePlan,
  ON_TIME_GRACE_MS,
  planMisfire,
  resolveMisfirePolicy,
  type Schedule,
} from '../../../core/schedule/index.ts';
import { at, cron } from './helpers.ts';

function plan(
  schedule: Schedule,
  lastHandled: string | number | null,
  now: string | number,
  policy: Partial<MisfirePolicy> | null,
  lateReason: 'asleep' | 'app_not_running' | 'clock_jump' = 'asleep',
): MisfirePlan {
  const toMs = (v: string | number) => (typeof v === 'string' ? at(v) : v);
  return planMisfire({
    schedule,
    lastHandled: lastHandled === null ? null : toMs(lastHandled),
    now: toMs(now),
    policy,
    lateReason,
  });
}

const isoList = (xs: Array<{ scheduledAt: number }>) => xs.map((x) => new Date(x.scheduledAt).toISOString());

describe('misfire policy after 8 hours asleep across three slots', () => {
  // Runs hourly from 01:00 to 03:00; the machine sleeps from 23:00 to 07:00.
  const nightly = cron('0 1-3 * * *', 'UTC');
  const lastHandled = '2027-03-09T03:00:00Z';
  const wake = '2027-03-10T07:00:00Z';
  const slots = ['2027-03-10T01:00:00.000Z', '2027-03-10T02:00:00.000Z', '2027-03-10T03:00:00.000Z'];

  it('skip fires none and records all three as asleep', () => {
    const p = plan(nightly, lastHandled, wake, { policy: 'skip' });
    assert.deepEqual(p.fire, []);
    assert.deepEqual(isoList(p.missed), slots);
    assert.ok(p.missed.every((m) => m.reason === 'asleep' && m.summary === undefined));
  });

  it('coalesce fires the latest once, late, and records the other two', () => {
    const p = plan(nightly, lastHandled, wake, { policy: 'coalesce' });
    assert.deepEqual(p.fire, [{ scheduledAt: at(slots[2] ?? ''), late: true }]);
    assert.deepEqual(isoList(p.missed), slots.slice(0, 2));
  });

  it('catch_up fires all three in chronological order', () => {
    const p = plan(nightly, lastHandled, wake, { policy: 'catch_up' });
    assert.deepEqual(isoList(p.fire), slots);
    assert.ok(p.fire.every((f) => f.late));
    assert.deepEqual(p.missed, []);
  });

  it('says what to persist and when to wake next, whatever the policy', () => {
    for (const policy of ['skip', 'coalesce', 'catch_up'] as const) {
      const p = plan(nightly, lastHandled, wake, { policy });
      assert.equal(p.handledThrough, at(slots[2] ?? ''));
      assert.equal(p.nextAfter, at('2027-03-11T01:00:00Z'));
    }
  });

  it('records late slots with the reason the caller gives', () => {
    const p = plan(nightly, lastHandled, wake, { policy: 'skip' }, 'app_not_running');
    assert.ok(p.missed.every((m) => m.reason === 'app_not_running'));
  });
});

describe('misfire policy details', () => {
  const hourly = cron('0 * * * *', 'UTC');

  it('defaults to coalesce, at most 10 caught up, within 24 hours', () => {
    assert.deepEqual(resolveMisfirePolicy(null), {
      policy: 'coalesce',
      max_catch_up: 10,
      misfire_window: 86_400,
    });
    assert.deepEqual(resolveMisfirePolicy({ policy: 'catch_up' }), {
      policy: 'catch_up',
      max_catch_up: 10,
      misfire_window: 86_400,
    });
    const p = plan(hourly, '2027-03-10T00:00:00Z', '2027-03-10T05:30:00Z', null);
    assert.deepEqual(isoList(p.fire), ['2027-03-10T05:00:00.000Z']);
    assert.equal(p.missed.length, 4);
  });

  it('catches up only the most recent max_catch_up, oldest first, and records the older ones', () => {
    const p = plan(hourly, '2027-03-10T00:00:00Z', '2027-03-10T08:30:00Z', {
      policy: 'catch_up',
      max_catch_up: 3,
    });
    assert.deepEqual(isoList(p.fire), [
      '2027-03-10T06:00:00.000Z',
      '2027-03-10T07:00:00.000Z',
      '2027-03-10T08:00:00.000Z',
    ]);
    assert.deepEqual(isoList(p.missed), [
      '2027-03-10T01:00:00.000Z',
      '2027-03-10T02:00:00.000Z',
      '2027-03-10T03:00:00.000Z',
      '2027-03-10T04:00:00.000Z',
      '2027-03-10T05:00:00.000Z',
    ]);
  });

  it('treats max_catch_up 0 like skip', () => {
    const p = plan(hourly, '2027-03-10T00:00:00Z', '2027-03-10T03:30:00Z', {
      policy: 'catch_up',
      max_catch_up: 0,
    });
    assert.deepEqual(p.fire, []);
    assert.equal(p.missed.length, 3);
  });

  it('never runs slots older than the window, and records them as outside_window', () => {
    // Three days closed; a 24 h window. Slots before 2027-03-12T12:00 are outside it.
    const p = plan(hourly, '2027-03-10T12:00:00Z', '2027-03-13T12:00:00Z', {
      policy: 'catch_up',
      max_catch_up: 100,
    });
    const outside = p.missed.filter((m) => m.reason === 'outside_window');
    assert.equal(outside.length, 47); // 03-10T13:00 … 03-12T11:00
    assert.equal(outside.at(-1)?.scheduledAt, at('2027-03-12T11:00:00Z'));
    assert.equal(p.fire.length, 25); // 03-12T12:00 (exactly the window's edge) … 03-13T12:00
    assert.equal(p.fire[0]?.scheduledAt, at('2027-03-12T12:00:00Z'));
    assert.deepEqual(p.fire.at(-1), { scheduledAt: at('2027-03-13T12:00:00Z'), late: false });
  });

  it('fires a slot that is late by less than the grace as on time, and a later one as late', () => {
    const s = cron('0 * * * *', 'UTC');
    const jitter = plan(s, '2027-03-10T09:00:00Z', at('2027-03-10T10:00:00Z') + 15, { policy: 'skip' });
    assert.deepEqual(jitter.fire, [{ scheduledAt: at('2027-03-10T10:00:00Z'), late: false }]);
    const edge = plan(s, '2027-03-10T09:00:00Z', at('2027-03-10T10:00:00Z') + ON_TIME_GRACE_MS, {
      policy: 'skip',
    });
    assert.equal(edge.fire.length, 1);
    const late = plan(s, '2027-03-10T09:00:00Z', at('2027-03-10T10:00:00Z') + ON_TIME_GRACE_MS + 1, {
      policy: 'skip',
    });
    assert.deepEqual(late.fire, []);
    assert.deepEqual(late.missed, [{ scheduledAt: at('2027-03-10T10:00:00Z'), reason: 'asleep' }]);
  });

  it('fires on-time slots whatever the policy, even with a zero window', () => {
    const p = plan(hourly, '2027-03-10T08:00:00Z', '2027-03-10T10:00:00Z', {
      policy: 'catch_up',
      misfire_window: 0,
    });
    assert.deepEqual(p.fire, [{ scheduledAt: at('2027-03-10T10:00:00Z'), late: false }]);
    assert.deepEqual(p.missed, [{ scheduledAt: at('2027-03-10T09:00:00Z'), reason: 'outside_window' }]);
  });

  it('with nothing handled yet, fires only what is due now and misses nothing', () => {
    assert.deepEqual(plan(hourly, null, '2027-03-10T10:00:00.300Z', null).fire, [
      { scheduledAt: at('2027-03-10T10:00:00Z'), late: false },
    ]);
    const between = plan(hourly, null, '2027-03-10T10:20:00Z', null);
    assert.deepEqual([between.fire, between.missed, between.handledThrough], [[], [], null]);
    assert.equal(between.nextAfter, at('2027-03-10T11:00:00Z'));
  });
});

describe('a wall clock set back', () => {
  const hourly = cron('0 * * * *', 'UTC');

  it('never fires a slot twice: after 10:00 ran and the clock went back to 09:10, the next fire is 11:00', () => {
    const lastHandled = at('2027-03-10T10:00:00Z');
    const back = plan(hourly, lastHandled, '2027-03-10T09:10:00Z', null, 'clock_jump');
    assert.deepEqual([back.fire, back.missed, back.handledThrough], [[], [], lastHandled]);
    assert.equal(back.nextAfter, at('2027-03-10T11:00:00Z'));
    // The clock passes 10:00 a second time: still nothing.
    const again = plan(hourly, lastHandled, '2027-03-10T10:00:00Z', null);
    assert.deepEqual(again.fire, []);
    const later = plan(hourly, lastHandled, '2027-03-10T11:00:00Z', null);
    assert.deepEqual(later.fire, [{ scheduledAt: at('2027-03-10T11:00:00Z'), late: false }]);
  });

  it('never returns a slot at or before lastHandled, nor after now, nor the same slot twice (property)', () => {
    const policies = fc.record({
      policy: fc.constantFrom('skip' as const, 'coalesce' as const, 'catch_up' as const),
      max_catch_up: fc.integer({ min: 0, max: 20 }),
      misfire_window: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7_200 }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: -86_400_000, max: 5 * 86_400_000 }),
        policies,
        (seconds, handledOffset, nowOffset, policy) => {
          const anchor = at('2027-01-01T00:00:00Z');
          const s = createSchedule('core.intervaltimer', { interval: seconds }, { anchor });
          const lastHandled = anchor + handledOffset;
          const now = lastHandled + nowOffset;
          const p = planMisfire({ schedule: s, lastHandled, now, policy, lateReason: 'asleep' });
          const all = [...p.fire.map((f) => f.scheduledAt), ...p.missed.map((m) => m.scheduledAt)];
          for (const t of all) assert.ok(t > lastHandled && t <= now);
          assert.equal(new Set(all).size, all.length);
          const fired = p.fire.map((f) => f.scheduledAt);
          assert.deepEqual(
            fired,
            [...fired].sort((a, b) => a - b),
          );
          if (nowOffset <= 0) assert.equal(all.length, 0);
          assert.ok(p.nextAfter === null || p.nextAfter > Math.max(now, lastHandled));
          const accounted = p.fire.length + p.missed.reduce((n, m) => n + (m.summary?.count ?? 1), 0);
          const expected = s.countBetween(lastHandled, now, Number.MAX_SAFE_INTEGER).count;
          assert.equal(
            accounted,
            Math.max(0, expected),
            'every slot in (lastHandled, now] fires or is recorded',
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
