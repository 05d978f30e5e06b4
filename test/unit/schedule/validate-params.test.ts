/**
 * docs/timers.md, "Validation at save" — "Validation at save: a bad cron expression, an unknown timezone, an interval < 1 or a
 * fire_at in the past is rejected with a message that names the field." Each problem has its own
 * message naming the field and the value; defaults are filled in on the way through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { isTimerTrigger, TIMER_TRIGGER_REFS, validateTimerParams } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

const NOW = at('2027-01-01T00:00:00Z');
const OPTS = { now: NOW, defaultTimezone: 'Europe/Berlin' };

function refusal(ref: string, params: unknown): AttuneError {
  try {
    validateTimerParams(ref, params, OPTS);
  } catch (err) {
    assert.ok(err instanceof AttuneError, 'throws an AttuneError');
    assert.equal(err.code, 'VALIDATION_ERROR');
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(params)}`);
}

describe('timer trigger refs', () => {
  it('lists the three core timers and recognizes only them', () => {
    assert.deepEqual([...TIMER_TRIGGER_REFS], ['core.intervaltimer', 'core.crontimer', 'core.datetimetimer']);
    assert.ok(isTimerTrigger('core.crontimer'));
    assert.ok(!isTimerTrigger('core.webhook'));
    assert.ok(!isTimerTrigger('local.crontimer'));
  });

  it('refuses a trigger that is not a timer, naming trigger_ref', () => {
    const err = refusal('core.webhook', {});
    assert.equal(err.field, 'trigger_ref');
    assert.match(err.message, /^trigger_ref "core\.webhook" is not a timer trigger/);
  });
});

describe('interval params', () => {
  it('fills in the default unit', () => {
    assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 30 }, OPTS), {
      interval: 30,
      unit: 'seconds',
    });
  });

  for (const [interval, message] of [
    [0, 'trigger_params.interval 0 is less than 1'],
    [-5, 'trigger_params.interval -5 is less than 1'],
    [1.5, 'trigger_params.interval 1.5 is not a whole number'],
    ['5', 'trigger_params.interval "5" is not a number'],
    [Number.NaN, 'trigger_params.interval NaN is not a number'],
    [1e300, 'trigger_params.interval 1e+300 is too large'],
  ] as const) {
    it(`refuses interval ${String(interval)} with its own message`, () => {
      const err = refusal('core.intervaltimer', { interval });
      assert.equal(err.field, 'trigger_params.interval');
      assert.equal(err.message, message);
    });
  }

  it('refuses a missing interval', () => {
    const err = refusal('core.intervaltimer', { unit: 'minutes' });
    assert.equal(err.field, 'trigger_params.interval');
    assert.match(err.message, /^trigger_params\.interval is required/);
  });

  it('refuses an unknown unit, naming the value and the units', () => {
    const err = refusal('core.intervaltimer', { interval: 1, unit: 'weeks' });
    assert.equal(err.field, 'trigger_params.unit');
    assert.equal(err.message, 'trigger_params.unit "weeks" is not a unit; use seconds, minutes, hours, days');
  });
});

describe('timezone', () => {
  it('fills in the default zone for cron', () => {
    assert.deepEqual(validateTimerParams('core.crontimer', { expression: '0 9 * * *' }, OPTS), {
      expression: '0 9 * * *',
      timezone: 'Europe/Berlin',
    });
  });

  it('refuses an unknown zone, naming the field and the value', () => {
    const err = refusal('core.crontimer', { expression: '0 9 * * *', timezone: 'Mars/Olympus_Mons' });
    assert.equal(err.field, 'trigger_params.timezone');
    assert.equal(
      err.message,
      'trigger_params.timezone "Mars/Olympus_Mons" is not a known IANA time zone (e.g. Europe/Berlin)',
    );
  });

  it('refuses a UTC offset, which is not a zone', () => {
    assert.equal(
      refusal('core.crontimer', { expression: '0 9 * * *', timezone: '+05:30' }).field,
      'trigger_params.timezone',
    );
  });

  it("fixes a zone's letter case and keeps the user's spelling of an alias", () => {
    const tz = (timezone: string) => {
      const params = validateTimerParams('core.crontimer', { expression: '0 9 * * *', timezone }, OPTS);
      return 'timezone' in params ? params.timezone : undefined;
    };
    assert.equal(tz('europe/berlin'), 'Europe/Berlin');
    assert.equal(tz('Asia/Kolkata'), 'Asia/Kolkata');
    assert.equal(tz('UTC'), 'UTC');
  });
});

describe('params as a whole', () => {
  it('refuses unknown keys, one problem each, naming the key', () => {
    const err = refusal('core.crontimer', { expression: '0 9 * * *', tz: 'UTC', every: 5 });
    assert.equal(err.field, 'trigger_params.tz');
    assert.equal(
      err.message,
      'trigger_params.tz is not a setting of core.crontimer; it has expression, timezone',
    );
    assert.deepEqual(
      (err.details as Array<{ field: string }>).map((d) => d.field),
      ['trigger_params.tz', 'trigger_params.every'],
    );
  });

  it('lists every problem in details and reports the first in the message', () => {
    const err = refusal('core.intervaltimer', { interval: 0, unit: 'fortnights' });
    assert.deepEqual(
      (err.details as Array<{ field: string }>).map((d) => d.field),
      ['trigger_params.unit', 'trigger_params.interval'],
    );
    assert.equal(err.message, (err.details as Array<{ message: string }>)[0]?.message);
  });

  it('refuses params that are not an object', () => {
    for (const params of [null, [], 'every 5 minutes', 5]) {
      const err = refusal('core.intervaltimer', params);
      assert.equal(err.field, 'trigger_params');
      assert.match(err.message, /^trigger_params .* must be an object$/);
    }
  });

  it('skips the checks against the current time when now is not finite', () => {
    const opts = { now: Number.NEGATIVE_INFINITY, defaultTimezone: 'UTC' };
    assert.deepEqual(validateTimerParams('core.datetimetimer', { fire_at: '2001-01-01T00:00:00Z' }, opts), {
      fire_at: '2001-01-01T00:00:00Z',
    });
    assert.deepEqual(validateTimerParams('core.crontimer', { expression: '0 0 0 1 1 * 2020' }, opts), {
      expression: '0 0 0 1 1 * 2020',
      timezone: 'UTC',
    });
  });

  it('treats null and empty optional values as absent', () => {
    assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 3, unit: null }, OPTS), {
      interval: 3,
      unit: 'seconds',
    });
    assert.deepEqual(validateTimerParams('core.crontimer', { expression: '@hourly', timezone: '' }, OPTS), {
      expression: '@hourly',
      timezone: 'Europe/Berlin',
    });
  });
});
