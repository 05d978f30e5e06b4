/**
 * docs/timers.md, "Daylight saving time" — defined DST behaviour, as one rule: a wall-clock slot runs at the first instant the
 * wall clock shows that time or a later one (so gap times run at the end of the gap, repeated
 * times at their first occurrence). Property: around every 2027 transition of zones with 1 h,
 * 30 min, 2 h and midnight changes, our cron layer (croner plus corrections) gives exactly the
 * slots of a brute-force model that walks the clock second by second.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import fc from 'fast-check';
import { transitionsBetween } from '../../../core/schedule/tz.ts';
import { at, cron, intlWallNaive } from './helpers.ts';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // 30-minute DST
  'America/Santiago', // changes at midnight
  'Antarctica/Troll', // 2-hour DST
  'Pacific/Chatham', // +12:45 / +13:45
];

const TRANSITIONS = ZONES.flatMap((timezone) =>
  transitionsBetween(timezone, at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z')).map((t) => ({
    timezone,
    at: t.at,
  })),
);

/** The rule, by brute force: walk second by second, firing when the clock first reaches a matching time. */
function modelSlots(expression: string, timezone: string, from: number, to: number): number[] {
  const wallCron = new Cron(expression, { paused: true, timezone: 'Etc/UTC' });
  const out: number[] = [];
  let highest = intlWallNaive(from, timezone);
  for (let t = from + 1000; t <= to; t += 1000) {
    const w = intlWallNaive(t, timezone);
    if (w <= highest) continue; // a time already shown (the repeated hour)
    const reached =
      w - highest === 1000
        ? wallCron.match(new Date(w))
        : (wallCron.nextRun(new Date(highest))?.getTime() ?? Number.POSITIVE_INFINITY) <= w; // a gap
    if (reached) out.push(t);
    highest = w;
  }
  return out;
}

const field = {
  second: fc.constantFrom('0', '30', '0,30', '*/20', '15-17'),
  minute: fc.constantFrom('*', '0', '30', '45', '*/15', '0-10', '5,35', '*/7'),
  hour: fc.constantFrom('*', '0', '1', '2', '3', '1-3', '*/2', '0,2', '2-4', '23,0,1', '22-23'),
};

describe('the DST rule against a brute-force model', () => {
  it('finds the 2027 transitions the property runs around', () => {
    const berlin = TRANSITIONS.filter((t) => t.timezone === 'Europe/Berlin').map((t) =>
      new Date(t.at).toISOString(),
    );
    assert.deepEqual(berlin, ['2027-03-28T01:00:00.000Z', '2027-10-31T01:00:00.000Z']);
    assert.equal(TRANSITIONS.length, 2 * ZONES.length);
  });

  it('gives the same slots as the model around every transition, and the same next() from any instant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TRANSITIONS),
        field.second,
        field.minute,
        field.hour,
        fc.array(fc.integer({ min: 0, max: 3 * 3600 * 1000 }), { minLength: 5, maxLength: 5 }),
        (transition, second, minute, hour, probes) => {
          const expression = `${second} ${minute} ${hour} * * *`;
          const from = transition.at - 30 * 60_000;
          const to = transition.at + 150 * 60_000;
          const expected = modelSlots(expression, transition.timezone, from, to);
          const schedule = cron(expression, transition.timezone);
          const actual = schedule.slotsBetween(from, to, 100_000);
          const label = `${expression} in ${transition.timezone} near ${new Date(transition.at).toISOString()}`;
          assert.deepEqual(actual.map(isoOf), expected.map(isoOf), label);
          for (const offset of probes) {
            const x = from + offset;
            const want = expected.find((s) => s > x);
            if (want !== undefined) assert.equal(schedule.next(x), want, `${label}: next(${isoOf(x)})`);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

function isoOf(t: number): string {
  return new Date(t).toISOString();
}
