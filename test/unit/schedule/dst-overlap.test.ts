/**
 * docs/timers.md, "Daylight saving time" — "a time in a fall-back overlap runs once (the first occurrence)", for every wall-clock
 * slot: a 15-minute job never fires twice for one wall-clock time in the repeated hour. Europe/Berlin
 * repeats 02:00-03:00 on 2027-10-31 (02:00+02:00 = 00:00Z, 02:00+01:00 = 01:00Z); America/New_York
 * repeats 01:00-02:00 on 2027-11-07; Australia/Lord_Howe repeats 01:30-02:00 on 2027-04-04.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import { at, cron, local, slotsIso, wall } from './helpers.ts';

function assertNoRepeatedWallTime(slots: number[], timezone: string): void {
  const seen = new Map<string, number>();
  for (const t of slots) {
    const w = wall(t, timezone);
    const before = seen.get(w);
    assert.equal(
      before,
      undefined,
      `${w} fired twice: ${new Date(before ?? 0).toISOString()} and ${new Date(t).toISOString()}`,
    );
    seen.set(w, t);
  }
}

describe('fall-back overlap', () => {
  it('never gives a 15-minute job two slots with the same wall-clock time', () => {
    const s = cron('0 */15 * * * *', 'Europe/Berlin');
    const slots = s.slotsBetween(at('2027-10-30T22:00:00Z'), at('2027-10-31T04:00:00Z'), 1000);
    assertNoRepeatedWallTime(slots, 'Europe/Berlin');
    assert.deepEqual(
      slots.map((t) => local(t, 'Europe/Berlin').slice(11)),
      [
        '00:15:00+02:00',
        '00:30:00+02:00',
        '00:45:00+02:00',
        '01:00:00+02:00',
        '01:15:00+02:00',
        '01:30:00+02:00',
        '01:45:00+02:00',
        '02:00:00+02:00',
        '02:15:00+02:00',
        '02:30:00+02:00',
        '02:45:00+02:00',
        '03:00:00+01:00', // the hour 02:00-03:00 repeats at +01:00: nothing until the clock shows 03:00
        '03:15:00+01:00',
        '03:30:00+01:00',
        '03:45:00+01:00',
        '04:00:00+01:00',
        '04:15:00+01:00',
        '04:30:00+01:00',
        '04:45:00+01:00',
        '05:00:00+01:00',
      ],
    );
  });

  it('never gives an hourly job two slots at 02:00', () => {
    const s = cron('0 * * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-10-30T22:30:00Z', '2027-10-31T03:00:00Z'), [
      '2027-10-30T23:00:00.000Z', // 01:00+02:00
      '2027-10-31T00:00:00.000Z', // 02:00+02:00
      '2027-10-31T02:00:00.000Z', // 03:00+01:00 (not 01:00Z, the second 02:00)
      '2027-10-31T03:00:00.000Z',
    ]);
  });

  it('corrects croner, which runs step jobs on both occurrences', () => {
    const raw = new Cron('0 * * * *', { paused: true, timezone: 'Europe/Berlin' });
    const runs = raw.nextRuns(3, new Date(at('2027-10-30T23:30:00Z'))).map((d) => d.toISOString());
    assert.deepEqual(runs, [
      '2027-10-31T00:00:00.000Z',
      '2027-10-31T01:00:00.000Z',
      '2027-10-31T02:00:00.000Z',
    ]);
  });

  it('runs a fixed-time job at the first 02:30 only', () => {
    const s = cron('30 2 * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-10-30T12:00:00Z', '2027-11-01T12:00:00Z'), [
      '2027-10-31T00:30:00.000Z',
      '2027-11-01T01:30:00.000Z',
    ]);
  });

  it('waits, from inside the repeated hour, for a wall time not shown yet', () => {
    const s = cron('*/10 * * * *', 'Europe/Berlin');
    // 01:10Z is 02:10+01:00: the second 02:10. The clock shows 03:00 next at 02:00Z.
    assert.equal(s.next(at('2027-10-31T01:10:00Z')), at('2027-10-31T02:00:00Z'));
    assert.equal(s.next(at('2027-10-31T00:55:00Z')), at('2027-10-31T02:00:00Z'));
  });

  it('skips the whole repeated hour of a per-second job in one step', () => {
    const s = cron('* * * * * *', 'Europe/Berlin');
    assert.equal(s.next(at('2027-10-31T00:59:58Z')), at('2027-10-31T00:59:59Z'));
    assert.equal(s.next(at('2027-10-31T00:59:59Z')), at('2027-10-31T02:00:00Z'));
  });

  it('never repeats a wall time of a 30-minute job in New York', () => {
    const s = cron('*/30 * * * *', 'America/New_York');
    const slots = s.slotsBetween(at('2027-11-07T04:00:00Z'), at('2027-11-07T09:00:00Z'), 100);
    assertNoRepeatedWallTime(slots, 'America/New_York');
    assert.deepEqual(
      slots.map((t) => local(t, 'America/New_York').slice(11)),
      [
        '00:30:00-04:00',
        '01:00:00-04:00',
        '01:30:00-04:00',
        '02:00:00-05:00',
        '02:30:00-05:00',
        '03:00:00-05:00',
        '03:30:00-05:00',
        '04:00:00-05:00',
      ],
    );
  });

  it('never repeats a wall time in a 30-minute overlap (Lord Howe)', () => {
    const s = cron('*/20 * * * *', 'Australia/Lord_Howe');
    const slots = s.slotsBetween(at('2027-04-03T14:00:00Z'), at('2027-04-03T16:10:00Z'), 100);
    assertNoRepeatedWallTime(slots, 'Australia/Lord_Howe');
    assert.deepEqual(
      slots.map((t) => local(t, 'Australia/Lord_Howe').slice(11)),
      ['01:20:00+11:00', '01:40:00+11:00', '02:00:00+10:30', '02:20:00+10:30', '02:40:00+10:30'],
    );
  });
});
