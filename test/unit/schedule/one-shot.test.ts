/**
 * docs/timers.md, "One-shot timers" — core.datetimetimer: `fire_at` as ISO 8601 with an offset, or a local date-time plus
 * `timezone`; local times follow the DST rule (gap → first instant after it, overlap → first
 * occurrence); a `fire_at` in the past is refused at save.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { createSchedule, validateTimerParams } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

const NOW = at('2027-01-01T00:00:00Z');

function fireAt(params: Record<string, unknown>): number | null {
  return createSchedule('core.datetimetimer', params, { anchor: NOW, defaultTimezone: 'UTC' }).next(NOW);
}

describe('one-shot timers', () => {
  it('fires once at an ISO instant with an offset', () => {
    assert.equal(fireAt({ fire_at: '2027-06-01T09:30:00+02:00' }), at('2027-06-01T07:30:00Z'));
    assert.equal(fireAt({ fire_at: '2027-06-01T07:30:00Z' }), at('2027-06-01T07:30:00Z'));
    assert.equal(fireAt({ fire_at: '2027-06-01T09:30:00.250+0200' }), at('2027-06-01T07:30:00.250Z'));
    assert.equal(fireAt({ fire_at: '2027-06-01 01:30-06' }), at('2027-06-01T07:30:00Z'));
  });

  it('fires once only: nothing after the instant', () => {
    const s = createSchedule('core.datetimetimer', { fire_at: '2027-06-01T07:30:00Z' }, { anchor: NOW });
    assert.equal(s.next(at('2027-06-01T07:30:00Z')), null);
    assert.deepEqual(s.slotsBetween(NOW, at('2030-01-01T00:00:00Z'), 10), [at('2027-06-01T07:30:00Z')]);
  });

  it('reads a local date-time in its timezone', () => {
    assert.equal(
      fireAt({ fire_at: '2027-06-01T09:30:00', timezone: 'Europe/Berlin' }),
      at('2027-06-01T07:30:00Z'),
    );
    assert.equal(
      fireAt({ fire_at: '2027-12-01T09:30', timezone: 'Europe/Berlin' }),
      at('2027-12-01T08:30:00Z'),
    );
  });

  it('fires at 03:00 when the local 02:30 falls in the spring-forward gap', () => {
    const s = createSchedule(
      'core.datetimetimer',
      { fire_at: '2027-03-28T02:30:00', timezone: 'Europe/Berlin' },
      { anchor: NOW },
    );
    assert.equal(s.next(NOW), at('2027-03-28T01:00:00Z')); // 03:00+02:00
    assert.equal(s.dstNote(at('2027-03-28T01:00:00Z')), 'gap_shifted');
  });

  it('fires at the first 02:30 when the local time occurs twice', () => {
    const s = createSchedule(
      'core.datetimetimer',
      { fire_at: '2027-10-31T02:30:00', timezone: 'Europe/Berlin' },
      { anchor: NOW },
    );
    assert.equal(s.next(NOW), at('2027-10-31T00:30:00Z')); // 02:30+02:00
    assert.equal(s.dstNote(at('2027-10-31T00:30:00Z')), 'overlap_first');
  });

  it('lets an explicit offset decide the instant even inside a gap', () => {
    assert.equal(
      fireAt({ fire_at: '2027-03-28T02:30:00+01:00', timezone: 'Europe/Berlin' }),
      at('2027-03-28T01:30:00Z'),
    );
  });

  it('keeps the zone of a local fire_at when normalizing, so a later system-zone change cannot move it', () => {
    assert.deepEqual(
      validateTimerParams(
        'core.datetimetimer',
        { fire_at: '2027-06-01T09:30' },
        { now: NOW, defaultTimezone: 'Asia/Tokyo' },
      ),
      { fire_at: '2027-06-01T09:30', timezone: 'Asia/Tokyo' },
    );
    assert.deepEqual(
      validateTimerParams(
        'core.datetimetimer',
        { fire_at: '2027-06-01T09:30Z' },
        { now: NOW, defaultTimezone: 'Asia/Tokyo' },
      ),
      { fire_at: '2027-06-01T09:30Z' },
    );
  });

  for (const [fire_at, message] of [
    [
      '2026-12-31T23:59:59Z',
      /^trigger_params\.fire_at "2026-12-31T23:59:59Z" is in the past: it is 2026-12-31T23:59:59\.000Z and now is 2027-01-01T00:00:00\.000Z$/,
    ],
    ['2027-01-01T00:00:00Z', /is in the past/],
    ['tomorrow at nine', /^trigger_params\.fire_at "tomorrow at nine" is not an ISO 8601 date-time/],
    ['2027-02-29T10:00:00Z', /"2027-02-29T10:00:00Z" is not a valid calendar date and time/],
    ['2027-06-01T24:00:00Z', /is not a valid calendar date and time/],
    ['2027-06-01', /is not an ISO 8601 date-time/],
    ['2027-06-01T09:30:00+25:00', /has an invalid UTC offset/],
  ] as const) {
    it(`refuses fire_at ${JSON.stringify(fire_at)} naming trigger_params.fire_at`, () => {
      assert.throws(
        () => validateTimerParams('core.datetimetimer', { fire_at }, { now: NOW, defaultTimezone: 'UTC' }),
        (err: unknown) => {
          assert.ok(err instanceof AttuneError);
          assert.equal(err.code, 'VALIDATION_ERROR');
          assert.equal(err.field, 'trigger_params.fire_at');
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('accepts a leap day that exists', () => {
    assert.equal(fireAt({ fire_at: '2028-02-29T10:00:00Z' }), at('2028-02-29T10:00:00Z'));
  });
});
