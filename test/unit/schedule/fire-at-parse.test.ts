/**
 * docs/timers.md, `core.datetimetimer` — how `fire_at` is read: `YYYY-MM-DD`, then `T`, `t` or a
 * space, `HH:MM`, optional `:SS` and a fraction (`.` or `,`, up to 9 digits, cut to
 * milliseconds), then `Z`, an offset `±HH`, `±HHMM` or `±HH:MM` (at most 18 h), or nothing (a
 * local time in the timer's zone). Dates and times must exist on the calendar. The one slot is
 * the instant itself; a local time follows the DST rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createOneShotSchedule, fireAtInstant, parseFireAt } from '../../../core/schedule/one-shot.ts';
import { at } from './helpers.ts';

const NOT_ISO =
  'is not an ISO 8601 date-time (e.g. 2027-03-28T09:30:00+01:00, or 2027-03-28T09:30 with a timezone)';
const NOT_CALENDAR = 'is not a valid calendar date and time';
const BAD_OFFSET = 'has an invalid UTC offset';

const instant = (iso: string) => ({ kind: 'instant', at: at(iso) });
const local = (isoUtc: string) => ({ kind: 'local', naive: at(isoUtc) });
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('reading fire_at', () => {
  it('reads Z (either case), T, t or a space, and optional seconds', () => {
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15Z'), instant('2027-06-01T09:30:15Z'));
    assert.deepEqual(parseFireAt('2027-06-01t09:30z'), instant('2027-06-01T09:30:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01 09:30Z'), instant('2027-06-01T09:30:00Z'));
    assert.deepEqual(parseFireAt('  2027-06-01T09:30Z \n'), instant('2027-06-01T09:30:00Z'));
  });

  it('cuts a fraction of up to 9 digits, after . or ,, to milliseconds without rounding', () => {
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15.1Z'), instant('2027-06-01T09:30:15.100Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15,25Z'), instant('2027-06-01T09:30:15.250Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15.999999999Z'), instant('2027-06-01T09:30:15.999Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15.0019'), local('2027-06-01T09:30:15.001Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30:15.1234567891Z'), { error: NOT_ISO }, 'ten digits');
    assert.deepEqual(parseFireAt('2027-06-01T09:30.5Z'), { error: NOT_ISO }, 'a fraction needs seconds');
  });

  it('subtracts a positive offset and adds a negative one, in three spellings', () => {
    for (const offset of ['+05:30', '+0530']) {
      assert.deepEqual(parseFireAt(`2027-06-01T09:30${offset}`), instant('2027-06-01T04:00:00Z'), offset);
    }
    assert.deepEqual(parseFireAt('2027-06-01T09:30+05'), instant('2027-06-01T04:30:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30-03:15'), instant('2027-06-01T12:45:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30-00:00'), instant('2027-06-01T09:30:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30+18:00'), instant('2027-05-31T15:30:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30+05:59'), instant('2027-06-01T03:31:00Z'));
    assert.deepEqual(parseFireAt('2027-06-01T09:30-18:00'), instant('2027-06-02T03:30:00Z'));
  });

  it('refuses an offset beyond 18 h or with more than 59 minutes', () => {
    for (const offset of ['+18:01', '-19:00', '+05:60', '+00:99', '+99']) {
      assert.deepEqual(parseFireAt(`2027-06-01T09:30${offset}`), { error: BAD_OFFSET }, offset);
    }
  });

  it('reads a date-time without offset as a local time', () => {
    assert.deepEqual(parseFireAt('2027-06-01T09:30'), local('2027-06-01T09:30:00Z'));
    assert.deepEqual(parseFireAt('2027-12-31T23:59:59'), local('2027-12-31T23:59:59Z'));
    assert.deepEqual(parseFireAt('2027-01-01T00:00:00'), local('2027-01-01T00:00:00Z'));
  });

  it('refuses what is not shaped like an ISO 8601 date-time', () => {
    for (const text of [
      '',
      'tomorrow',
      '2027-06-01',
      '2027-6-01T09:30',
      '2027-06-1T09:30',
      '27-06-01T09:30',
      '2027-06-01T9:30',
      '2027-06-01T09:3',
      '2027-06-01T09:30:1',
      '2027/06/01T09:30',
      '2027-06-01X09:30',
      '2027-06-01T09:30:00ZZ',
      '2027-06-01T09:30:00+5:00',
      '2027-06-01T09:30:00+05:0',
      '2027-06-01T09:30:00 +05:00',
      'x2027-06-01T09:30',
      '2027-06-01T09:30x',
      '12027-06-01T09:30',
    ]) {
      assert.deepEqual(parseFireAt(text), { error: NOT_ISO }, JSON.stringify(text));
    }
  });

  it('refuses dates and times that are not on the calendar, at every bound', () => {
    for (const text of [
      '2027-00-10T09:30',
      '2027-13-10T09:30',
      '2027-06-00T09:30',
      '2027-06-31T09:30',
      '2027-01-32T09:30',
      '2027-02-29T09:30',
      '2100-02-29T09:30',
      '2027-06-01T24:00',
      '2027-06-01T09:60',
      '2027-06-01T09:30:60',
    ]) {
      assert.deepEqual(parseFireAt(text), { error: NOT_CALENDAR }, text);
    }
    for (const text of [
      '2028-02-29T09:30',
      '2000-02-29T09:30',
      '2027-12-31T23:59:59',
      '2027-01-31T00:00',
      '2027-04-30T00:00',
    ]) {
      assert.equal('kind' in parseFireAt(text), true, text);
    }
  });

  it('property: agrees with the calendar of Date.UTC for every field combination', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2400 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('Z', '', '+01:00', '-09:30'),
        (y, mo, d, h, mi, s, ms, zone) => {
          const text = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}${zone}`;
          const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
          const real = new Date(utc);
          const exists =
            real.getUTCFullYear() === y &&
            real.getUTCMonth() === mo - 1 &&
            real.getUTCDate() === d &&
            real.getUTCHours() === h &&
            real.getUTCMinutes() === mi &&
            real.getUTCSeconds() === s;
          const parsed = parseFireAt(text);
          if (!exists) assert.deepEqual(parsed, { error: NOT_CALENDAR }, text);
          else if (zone === '') assert.deepEqual(parsed, { kind: 'local', naive: utc }, text);
          else assert.deepEqual(parsed, { kind: 'instant', at: Date.parse(text) }, text);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('a one-shot schedule', () => {
  const T = at('2027-06-01T09:30:00Z');
  const schedule = createOneShotSchedule({ kind: 'instant', at: T }, 'UTC');

  it('has its one slot strictly after any earlier instant and none from the slot on', () => {
    assert.equal(schedule.kind, 'one_shot');
    assert.equal(schedule.timezone, 'UTC');
    assert.equal(schedule.next(T - 1), T);
    assert.equal(schedule.next(0), T);
    assert.equal(schedule.next(T), null);
    assert.equal(schedule.next(T + 1), null);
    assert.deepEqual(schedule.slotsBetween(T - 1, T, 10), [T]);
    assert.deepEqual(schedule.slotsBetween(T, T + 1000, 10), []);
  });

  it('counts its slot in (from, to]', () => {
    assert.deepEqual(schedule.countBetween(T - 1, T, 10), { count: 1, exact: true });
    assert.deepEqual(schedule.countBetween(T - 1000, T + 1000, 10), { count: 1, exact: true });
    assert.deepEqual(schedule.countBetween(T, T + 1000, 10), { count: 0, exact: true });
    assert.deepEqual(schedule.countBetween(T - 1000, T - 1, 10), { count: 0, exact: true });
  });

  it('notes a local time moved out of a gap, a repeated one, and otherwise only a transition day', () => {
    const gap = createOneShotSchedule({ kind: 'local', naive: at('2027-03-28T02:30:00Z') }, 'Europe/Berlin');
    const gapAt = at('2027-03-28T03:00:00+02:00');
    assert.equal(gap.next(0), gapAt);
    assert.equal(gap.dstNote(gapAt), 'gap_shifted');
    assert.equal(gap.dstNote(gapAt + 60_000), 'transition_day', 'another instant that day');

    const twice = createOneShotSchedule(
      { kind: 'local', naive: at('2027-10-31T02:30:00Z') },
      'Europe/Berlin',
    );
    const first = at('2027-10-31T02:30:00+02:00');
    assert.equal(twice.next(0), first);
    assert.equal(twice.dstNote(first), 'overlap_first');

    const plain = createOneShotSchedule(
      { kind: 'local', naive: at('2027-06-01T09:30:00Z') },
      'Europe/Berlin',
    );
    const plainAt = at('2027-06-01T09:30:00+02:00');
    assert.equal(plain.next(0), plainAt);
    assert.equal(plain.dstNote(plainAt), null);

    const offsetInGap = createOneShotSchedule({ kind: 'instant', at: gapAt }, 'Europe/Berlin');
    assert.equal(offsetInGap.dstNote(gapAt), 'transition_day', 'an exact instant is never moved');
  });

  it('maps a parsed fire_at to its instant: as written with an offset, by the DST rule without', () => {
    assert.equal(fireAtInstant({ kind: 'instant', at: T }, 'Europe/Berlin'), T);
    assert.equal(
      fireAtInstant({ kind: 'local', naive: at('2027-03-28T02:30:00Z') }, 'Europe/Berlin'),
      at('2027-03-28T03:00:00+02:00'),
    );
    assert.equal(
      fireAtInstant({ kind: 'local', naive: at('2027-06-01T09:30:00Z') }, 'Europe/Berlin'),
      at('2027-06-01T09:30:00+02:00'),
    );
  });
});
