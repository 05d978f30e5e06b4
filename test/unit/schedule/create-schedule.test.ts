/**
 * docs/timers.md, "The three timers" — one door from a rule's trigger and params to its schedule:
 * each timer gets its own kind, zone and slots; params are parsed (and refused) but not checked
 * against the current time, so a stored one-shot in the past simply has no next slot.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import {
  createSchedule,
  parseTimerParams,
  scheduleFromParsed,
  systemTimezone,
} from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

describe('createSchedule', () => {
  it('builds an interval schedule counted from the anchor, shown in the default zone', () => {
    const s = createSchedule(
      'core.intervaltimer',
      { interval: 5, unit: 'minutes' },
      { anchor: at('2027-01-01T00:00:00Z'), defaultTimezone: 'Asia/Tokyo' },
    );
    assert.equal(s.kind, 'interval');
    assert.equal(s.timezone, 'Asia/Tokyo');
    assert.equal(s.next(at('2027-01-01T00:00:00Z')), at('2027-01-01T00:05:00Z'));
  });

  it('shows an interval schedule in the system zone when no default zone is given', () => {
    const s = createSchedule('core.intervaltimer', { interval: 5 }, { anchor: 0 });
    assert.equal(s.timezone, systemTimezone());
  });

  it('builds a cron schedule in its own zone, else the default zone', () => {
    const own = createSchedule(
      'core.crontimer',
      { expression: '0 9 * * *', timezone: 'Asia/Tokyo' },
      { anchor: 0, defaultTimezone: 'UTC' },
    );
    assert.equal(own.kind, 'cron');
    assert.equal(own.timezone, 'Asia/Tokyo');
    assert.equal(own.next(at('2027-01-01T00:00:00Z')), at('2027-01-02T00:00:00Z'));
    const byDefault = createSchedule(
      'core.crontimer',
      { expression: '0 9 * * *' },
      { anchor: 0, defaultTimezone: 'America/New_York' },
    );
    assert.equal(byDefault.timezone, 'America/New_York');
    assert.equal(byDefault.next(at('2027-01-01T00:00:00Z')), at('2027-01-01T14:00:00Z'));
  });

  it('builds a one-shot schedule that reads a local fire_at in the default zone', () => {
    const s = createSchedule(
      'core.datetimetimer',
      { fire_at: '2027-06-01T09:30' },
      { anchor: 0, defaultTimezone: 'Asia/Tokyo' },
    );
    assert.equal(s.kind, 'one_shot');
    assert.equal(s.timezone, 'Asia/Tokyo');
    assert.equal(s.next(0), at('2027-06-01T00:30:00Z'));
  });

  it('builds a one-shot in the past without complaint; it has no next slot', () => {
    const s = createSchedule('core.datetimetimer', { fire_at: '2001-01-01T00:00:00Z' }, { anchor: 0 });
    assert.equal(s.next(at('2027-01-01T00:00:00Z')), null);
    assert.equal(s.next(at('2000-01-01T00:00:00Z')), at('2001-01-01T00:00:00Z'));
  });

  it('refuses params that do not parse, naming the field', () => {
    assert.throws(
      () => createSchedule('core.intervaltimer', { interval: 0 }, { anchor: 0 }),
      (err: unknown) =>
        err instanceof AttuneError &&
        err.field === 'trigger_params.interval' &&
        err.message === 'trigger_params.interval 0 is less than 1',
    );
  });

  it('builds from parsed params what createSchedule builds from raw ones', () => {
    const opts = { anchor: at('2027-01-01T00:00:07Z'), defaultTimezone: 'Europe/Berlin' };
    for (const [ref, params] of [
      ['core.intervaltimer', { interval: 90, unit: 'minutes' }],
      ['core.crontimer', { expression: '30 2 * * *' }],
      ['core.datetimetimer', { fire_at: '2027-03-28T02:30' }],
    ] as const) {
      const parsed = parseTimerParams(ref, params, { defaultTimezone: opts.defaultTimezone });
      const direct = createSchedule(ref, params, opts);
      const fromParsed = scheduleFromParsed(parsed, opts);
      assert.equal(fromParsed.kind, direct.kind);
      assert.equal(fromParsed.timezone, direct.timezone);
      const from = at('2027-03-20T00:00:00Z');
      const to = at('2027-04-01T00:00:00Z');
      assert.deepEqual(fromParsed.slotsBetween(from, to, 20), direct.slotsBetween(from, to, 20));
    }
  });

  it('shows a parsed interval in the system zone when no default zone is given', () => {
    const parsed = parseTimerParams('core.intervaltimer', { interval: 1 }, { defaultTimezone: 'Asia/Tokyo' });
    assert.equal(scheduleFromParsed(parsed, { anchor: 0 }).timezone, systemTimezone());
  });
});
