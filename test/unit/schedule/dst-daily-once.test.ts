/**
 * docs/timers.md, "Daylight saving time" — "Daily jobs run exactly once per calendar day across both transitions." A daily
 * 02:30 job, and daily jobs placed inside each zone's gap and overlap, in four zones through all
 * of 2027: one slot per local calendar day, at the documented instant on transition days.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, cron, local } from './helpers.ts';

/** Slots of a daily expression on every local day of 2027, keyed by that day. */
function slotsByLocalDay(expression: string, timezone: string): Map<string, number[]> {
  const schedule = cron(expression, timezone);
  const byDay = new Map<string, number[]>();
  for (const t of schedule.slotsBetween(at('2026-12-30T00:00:00Z'), at('2028-01-02T00:00:00Z'), 1000)) {
    const day = local(t, timezone).slice(0, 10);
    if (!day.startsWith('2027-')) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), t]);
  }
  return byDay;
}

function assertOncePerDay(byDay: Map<string, number[]>): void {
  assert.equal(byDay.size, 365, 'every calendar day of 2027 has a slot');
  for (const [day, slots] of byDay) assert.equal(slots.length, 1, `${day} has exactly one slot`);
}

interface Case {
  timezone: string;
  expression: string;
  /** Local day → the exact instant expected that day (the transition days). */
  expected: Record<string, string>;
  /** The wall-clock time of the slot on every other day. */
  usual: string;
}

const CASES: Case[] = [
  {
    timezone: 'Europe/Berlin',
    expression: '30 2 * * *',
    usual: '02:30:00',
    expected: {
      '2027-03-28': '2027-03-28T01:00:00.000Z', // 02:30 does not exist: 03:00+02:00, the end of the gap
      '2027-10-31': '2027-10-31T00:30:00.000Z', // 02:30 happens twice: the first, 02:30+02:00
    },
  },
  {
    timezone: 'America/New_York',
    expression: '30 2 * * *',
    usual: '02:30:00',
    expected: {
      '2027-03-14': '2027-03-14T07:00:00.000Z', // gap 02:00-03:00: 03:00-04:00
      '2027-11-07': '2027-11-07T07:30:00.000Z', // the overlap is 01:00-02:00, so 02:30-05:00 is untouched
    },
  },
  {
    timezone: 'America/New_York',
    expression: '30 1 * * *',
    usual: '01:30:00',
    expected: {
      '2027-03-14': '2027-03-14T06:30:00.000Z',
      '2027-11-07': '2027-11-07T05:30:00.000Z', // 01:30 twice: the first, 01:30-04:00
    },
  },
  {
    timezone: 'Australia/Lord_Howe',
    expression: '30 2 * * *',
    usual: '02:30:00',
    expected: {
      '2027-04-04': '2027-04-03T16:00:00.000Z', // overlap is 01:30-02:00 (+11 → +10:30): 02:30+10:30
      '2027-10-03': '2027-10-02T15:30:00.000Z', // gap is 02:00-02:30: 02:30 itself exists, +11:00
    },
  },
  {
    timezone: 'Australia/Lord_Howe',
    expression: '15 2 * * *',
    usual: '02:15:00',
    expected: {
      '2027-10-03': '2027-10-02T15:30:00.000Z', // 02:15 is in the 30-minute gap: 02:30+11:00
    },
  },
  {
    timezone: 'Australia/Lord_Howe',
    expression: '45 1 * * *',
    usual: '01:45:00',
    expected: {
      '2027-04-04': '2027-04-03T14:45:00.000Z', // 01:45 twice: the first, 01:45+11:00
    },
  },
  {
    timezone: 'Asia/Kolkata',
    expression: '30 2 * * *',
    usual: '02:30:00',
    expected: {
      '2027-03-28': '2027-03-27T21:00:00.000Z', // no DST: 02:30+05:30 every day
      '2027-10-31': '2027-10-30T21:00:00.000Z',
    },
  },
];

describe('daily jobs across DST transitions', () => {
  for (const c of CASES) {
    it(`runs "${c.expression}" in ${c.timezone} exactly once on every calendar day of 2027`, () => {
      const byDay = slotsByLocalDay(c.expression, c.timezone);
      assertOncePerDay(byDay);
      for (const [day, slots] of byDay) {
        const [slot] = slots;
        assert.ok(slot !== undefined);
        const expected = c.expected[day];
        if (expected !== undefined) {
          assert.equal(new Date(slot).toISOString(), expected, `${c.timezone} ${day}`);
        } else {
          assert.equal(
            local(slot, c.timezone).slice(11, 19),
            c.usual,
            `${c.timezone} ${day} runs at ${c.usual}`,
          );
        }
      }
    });
  }

  it('shows the transition-day instants with the offset that applies then', () => {
    const berlin = slotsByLocalDay('30 2 * * *', 'Europe/Berlin');
    const spring = berlin.get('2027-03-28')?.[0];
    const autumn = berlin.get('2027-10-31')?.[0];
    assert.ok(spring !== undefined && autumn !== undefined);
    assert.equal(local(spring, 'Europe/Berlin'), '2027-03-28T03:00:00+02:00');
    assert.equal(local(autumn, 'Europe/Berlin'), '2027-10-31T02:30:00+02:00');
  });
});
