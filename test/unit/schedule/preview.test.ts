/**
 * docs/timers.md, "The preview" — "the UI shows the next runs before saving": previewSchedule lists the next slots with
 * their UTC instant, wall-clock time and offset, and marks the ones a DST transition touched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { MAX_PREVIEW_COUNT, previewSchedule } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

describe('schedule preview', () => {
  it('lists cron slots with UTC, local time and offset, and marks the spring-forward shift', () => {
    const entries = previewSchedule(
      'core.crontimer',
      { expression: '30 2 * * *', timezone: 'Europe/Berlin' },
      { count: 3, now: at('2027-03-26T12:00:00Z') },
    );
    assert.deepEqual(entries, [
      {
        at: '2027-03-27T01:30:00.000Z',
        local: '2027-03-27T02:30:00+01:00',
        timezone: 'Europe/Berlin',
        dst: null,
      },
      {
        at: '2027-03-28T01:00:00.000Z',
        local: '2027-03-28T03:00:00+02:00',
        timezone: 'Europe/Berlin',
        dst: 'gap_shifted',
      },
      {
        at: '2027-03-29T00:30:00.000Z',
        local: '2027-03-29T02:30:00+02:00',
        timezone: 'Europe/Berlin',
        dst: null,
      },
    ]);
  });

  it('marks the first occurrence of a repeated time and the other slots of a transition day', () => {
    const entries = previewSchedule(
      'core.crontimer',
      { expression: '30 1,2,4 * * *', timezone: 'Europe/Berlin' },
      { count: 3, now: at('2027-10-30T22:00:00Z') },
    );
    assert.deepEqual(
      entries.map((e) => [e.local, e.dst]),
      [
        ['2027-10-31T01:30:00+02:00', 'transition_day'],
        ['2027-10-31T02:30:00+02:00', 'overlap_first'],
        ['2027-10-31T04:30:00+01:00', 'transition_day'],
      ],
    );
  });

  it('formats half-hour and negative offsets', () => {
    const kolkata = previewSchedule(
      'core.crontimer',
      { expression: '0 9 * * *', timezone: 'Asia/Kolkata' },
      { count: 1, now: at('2027-01-01T00:00:00Z') },
    );
    assert.equal(kolkata[0]?.local, '2027-01-01T09:00:00+05:30');
    assert.equal(kolkata[0]?.at, '2027-01-01T03:30:00.000Z');
    const ny = previewSchedule(
      'core.crontimer',
      { expression: '0 9 * * *', timezone: 'America/New_York' },
      { count: 1, now: at('2027-07-01T00:00:00Z') },
    );
    assert.equal(ny[0]?.local, '2027-07-01T09:00:00-04:00');
  });

  it('counts an interval from the anchor, or from now when there is none', () => {
    const params = { interval: 90, unit: 'minutes' };
    const now = at('2027-05-05T10:00:00Z');
    const fromNow = previewSchedule('core.intervaltimer', params, { count: 2, now, defaultTimezone: 'UTC' });
    assert.deepEqual(
      fromNow.map((e) => e.at),
      ['2027-05-05T11:30:00.000Z', '2027-05-05T13:00:00.000Z'],
    );
    const anchored = previewSchedule('core.intervaltimer', params, {
      count: 1,
      now,
      anchor: at('2027-05-05T09:45:00Z'),
      defaultTimezone: 'UTC',
    });
    assert.deepEqual(
      anchored.map((e) => e.at),
      ['2027-05-05T11:15:00.000Z'],
    );
  });

  it('shows a one-shot timer once, in its own zone', () => {
    const entries = previewSchedule(
      'core.datetimetimer',
      { fire_at: '2027-03-28T02:30', timezone: 'Europe/Berlin' },
      { count: 5, now: at('2027-01-01T00:00:00Z'), defaultTimezone: 'UTC' },
    );
    assert.deepEqual(entries, [
      {
        at: '2027-03-28T01:00:00.000Z',
        local: '2027-03-28T03:00:00+02:00',
        timezone: 'Europe/Berlin',
        dst: 'gap_shifted',
      },
    ]);
  });

  it(`clamps the count to 0…${MAX_PREVIEW_COUNT}`, () => {
    const params = { interval: 1 };
    const opts = { now: 0, defaultTimezone: 'UTC' };
    assert.equal(previewSchedule('core.intervaltimer', params, { ...opts, count: -3 }).length, 0);
    assert.equal(
      previewSchedule('core.intervaltimer', params, { ...opts, count: 5000 }).length,
      MAX_PREVIEW_COUNT,
    );
  });

  it('refuses invalid params exactly as saving would', () => {
    assert.throws(
      () => previewSchedule('core.crontimer', { expression: '61 * * * *' }, { count: 3, now: 0 }),
      (err: unknown) => err instanceof AttuneError && err.field === 'trigger_params.expression',
    );
  });
});
