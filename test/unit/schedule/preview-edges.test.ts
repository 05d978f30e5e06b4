/**
 * docs/timers.md, "The preview" — the edges of the preview: at most 1,000 slots, a fractional
 * count rounded down, the system zone when no default is given, slots strictly after `now`, and
 * the params returned exactly as saving would store them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_PREVIEW_COUNT,
  previewSchedule,
  previewTimer,
  systemTimezone,
} from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

describe('schedule preview edges', () => {
  it('shows at most 1,000 slots', () => {
    assert.equal(MAX_PREVIEW_COUNT, 1000);
    const entries = previewSchedule(
      'core.intervaltimer',
      { interval: 1 },
      { count: 1001, now: 0, defaultTimezone: 'UTC' },
    );
    assert.equal(entries.length, 1000);
    assert.equal(entries.at(-1)?.at, '1970-01-01T00:16:40.000Z');
  });

  it('rounds a fractional count down', () => {
    const opts = { now: 0, defaultTimezone: 'UTC' };
    assert.equal(previewSchedule('core.intervaltimer', { interval: 1 }, { ...opts, count: 2.9 }).length, 2);
    assert.equal(previewSchedule('core.intervaltimer', { interval: 1 }, { ...opts, count: 0.5 }).length, 0);
  });

  it('lists only slots strictly after now', () => {
    const entries = previewSchedule(
      'core.crontimer',
      { expression: '0 * * * *', timezone: 'UTC' },
      { count: 2, now: at('2027-01-01T10:00:00Z') },
    );
    assert.deepEqual(
      entries.map((e) => e.at),
      ['2027-01-01T11:00:00.000Z', '2027-01-01T12:00:00.000Z'],
    );
  });

  it('shows an interval in the system zone when no default zone is given', () => {
    const [entry] = previewSchedule(
      'core.intervaltimer',
      { interval: 1, unit: 'hours' },
      { count: 1, now: 0 },
    );
    assert.equal(entry?.timezone, systemTimezone());
  });

  it('returns the params as saving would store them, with their slots', () => {
    const preview = previewTimer(
      'core.crontimer',
      { expression: '  @DAILY ' },
      { count: 1, now: at('2027-01-01T10:00:00Z'), defaultTimezone: 'Asia/Tokyo' },
    );
    assert.deepEqual(preview, {
      params: { expression: '@daily', timezone: 'Asia/Tokyo' },
      items: [
        {
          at: '2027-01-01T15:00:00.000Z',
          local: '2027-01-02T00:00:00+09:00',
          timezone: 'Asia/Tokyo',
          dst: null,
        },
      ],
    });
  });

  it('checks params against now as saving would: a past fire_at is refused', () => {
    assert.throws(
      () =>
        previewSchedule(
          'core.datetimetimer',
          { fire_at: '2027-01-01T09:00:00Z' },
          { count: 1, now: at('2027-01-01T10:00:00Z'), defaultTimezone: 'UTC' },
        ),
      {
        field: 'trigger_params.fire_at',
        message:
          'trigger_params.fire_at "2027-01-01T09:00:00Z" is in the past: it is 2027-01-01T09:00:00.000Z and now is 2027-01-01T10:00:00.000Z',
      },
    );
  });
});
