/**
 * docs/timers.md, "Daylight saving time" — "a wall-clock time that falls in a spring-forward gap runs once, at the first instant
 * after the gap." For every kind of cron slot: fixed times, steps, ranges, lists, seconds.
 * Europe/Berlin skips 02:00-03:00 on 2027-03-28 (01:00Z); America/Santiago skips 00:00-01:00 on
 * 2027-09-05; Australia/Lord_Howe skips 02:00-02:30 on 2027-10-03.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cron } from 'croner';
import { at, cron, local, slotsIso } from './helpers.ts';

describe('spring-forward gap', () => {
  it('fires once at 03:00 when 02:30 does not exist', () => {
    const s = cron('30 2 * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-27T12:00:00Z', '2027-03-29T12:00:00Z'), [
      '2027-03-28T01:00:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
    assert.equal(local(at('2027-03-28T01:00:00Z'), 'Europe/Berlin'), '2027-03-28T03:00:00+02:00');
  });

  it('gives a 15-minute job one slot at 03:00 for 02:00, 02:15, 02:30, 02:45 and 03:00 together', () => {
    const s = cron('0 */15 * * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-28T00:30:00Z', '2027-03-28T01:30:00Z'), [
      '2027-03-28T00:45:00.000Z', // 01:45+01:00
      '2027-03-28T01:00:00.000Z', // 03:00+02:00, the first instant after the gap
      '2027-03-28T01:15:00.000Z',
      '2027-03-28T01:30:00.000Z',
    ]);
  });

  it('gives an hourly job one slot at 03:00 for the 02:00 that did not happen', () => {
    const s = cron('0 * * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-27T23:30:00Z', '2027-03-28T02:00:00Z'), [
      '2027-03-28T00:00:00.000Z', // 01:00+01:00
      '2027-03-28T01:00:00.000Z', // 03:00+02:00 (02:00 and 03:00, once)
      '2027-03-28T02:00:00.000Z', // 04:00+02:00
    ]);
  });

  it('runs a range job at 03:00 for its 02:30, which croner alone would skip', () => {
    const s = cron('30 1-3 * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-27T22:00:00Z', '2027-03-28T02:00:00Z'), [
      '2027-03-28T00:30:00.000Z', // 01:30+01:00
      '2027-03-28T01:00:00.000Z', // 02:30 → 03:00+02:00
      '2027-03-28T01:30:00.000Z', // 03:30+02:00
    ]);
    // What we correct: croner 11 treats a range as an "interval job" and skips gap times.
    const raw = new Cron('30 1-3 * * *', { paused: true, timezone: 'Europe/Berlin' });
    assert.equal(
      raw.nextRun(new Date(at('2027-03-28T00:30:00Z')))?.toISOString(),
      '2027-03-28T01:30:00.000Z',
    );
  });

  it('runs a list job at 03:00 for its 02:30', () => {
    const s = cron('30 2,14 * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-27T14:00:00Z', '2027-03-28T14:00:00Z'), [
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T12:30:00.000Z',
    ]);
  });

  it('moves a per-20-seconds job from 01:59:40 straight to 03:00:00', () => {
    const s = cron('*/20 * * * * *', 'Europe/Berlin');
    assert.deepEqual(slotsIso(s, '2027-03-28T00:59:30Z', '2027-03-28T01:00:20Z'), [
      '2027-03-28T00:59:40.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T01:00:20.000Z',
    ]);
  });

  it('runs a time in a 30-minute gap at its end (Lord Howe, 02:15 → 02:30+11:00)', () => {
    const s = cron('15 2 * * *', 'Australia/Lord_Howe');
    const [slot] = s.slotsBetween(at('2027-10-02T12:00:00Z'), at('2027-10-03T12:00:00Z'), 1);
    assert.equal(slot, at('2027-10-02T15:30:00Z'));
    assert.equal(local(at('2027-10-02T15:30:00Z'), 'Australia/Lord_Howe'), '2027-10-03T02:30:00+11:00');
  });

  it('runs a time in a gap at midnight at 01:00 the same day (Santiago)', () => {
    const s = cron('30 0 * * *', 'America/Santiago');
    assert.deepEqual(slotsIso(s, '2027-09-04T12:00:00Z', '2027-09-06T12:00:00Z'), [
      '2027-09-05T04:00:00.000Z', // 01:00-03:00
      '2027-09-06T03:30:00.000Z', // 00:30-03:00
    ]);
  });

  it('never gives next() a slot at or before its argument, even at the gap', () => {
    const s = cron('*/10 * * * *', 'Europe/Berlin');
    for (let t = at('2027-03-28T00:40:00Z'); t < at('2027-03-28T01:20:00Z'); t += 7_000) {
      const n = s.next(t);
      assert.ok(n !== null && n > t, `next(${new Date(t).toISOString()})`);
    }
    assert.equal(s.next(at('2027-03-28T00:50:00Z')), at('2027-03-28T01:00:00Z'));
  });
});
