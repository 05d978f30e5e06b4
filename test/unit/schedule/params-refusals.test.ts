/**
 * docs/timers.md, "Validation at save" — every refusal of a timer's `trigger_params`, word for word:
 * one problem per field, each message naming the field and the value as given, `details` listing
 * every problem and nothing twice; and the edges of what is accepted (the smallest interval, the
 * largest one a unit allows, a fire_at one millisecond ahead), so a wrong refusal fails here as
 * surely as a wrong acceptance.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { systemTimezone, validateTimerParams } from '../../../core/schedule/index.ts';
import { at } from './helpers.ts';

const NOW = at('2027-01-01T00:00:00Z');
const OPTS = { now: NOW, defaultTimezone: 'Europe/Berlin' };

interface Problem {
  field: string;
  message: string;
}

/** The refusal's problems; asserts the error's field and message are those of the first one. */
function problems(
  ref: string,
  params: unknown,
  opts: { now: number; defaultTimezone?: string } = OPTS,
): Problem[] {
  try {
    validateTimerParams(ref, params, opts);
  } catch (err) {
    assert.ok(err instanceof AttuneError, 'throws an AttuneError');
    assert.equal(err.code, 'VALIDATION_ERROR');
    const details = err.details as Problem[];
    assert.ok(Array.isArray(details), 'details lists the problems');
    assert.equal(err.field, details[0]?.field);
    assert.equal(err.message, details[0]?.message);
    return details;
  }
  assert.fail(`accepted ${JSON.stringify(params)}`);
}

/** The single problem of a refusal, as `field: message`. */
function onlyProblem(ref: string, params: unknown, opts?: { now: number; defaultTimezone?: string }): string {
  const list = problems(ref, params, opts);
  assert.equal(list.length, 1, `one problem, got ${JSON.stringify(list)}`);
  return `${list[0]?.field}: ${list[0]?.message}`;
}

/** The error of a refusal that has no details (the trigger or the params as a whole). */
function wholeRefusal(ref: string, params: unknown): AttuneError {
  try {
    validateTimerParams(ref, params, OPTS);
  } catch (err) {
    assert.ok(err instanceof AttuneError);
    assert.equal(err.code, 'VALIDATION_ERROR');
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(params)}`);
}

describe('the trigger and the params as a whole', () => {
  it('refuses a trigger that is not a timer, listing the three timers', () => {
    const err = wholeRefusal('core.webhook', { interval: 5 });
    assert.equal(err.field, 'trigger_ref');
    assert.equal(
      err.message,
      'trigger_ref "core.webhook" is not a timer trigger; use one of core.intervaltimer, core.crontimer, core.datetimetimer',
    );
  });

  it('shows params that are not an object as they were given', () => {
    for (const [params, shown] of [
      [undefined, 'undefined'],
      [null, 'null'],
      [[], '[]'],
      ['every 5 minutes', '"every 5 minutes"'],
      [5, '5'],
      [Number.NaN, 'NaN'],
      [true, 'true'],
      [Symbol('every minute'), 'Symbol(every minute)'],
    ] as const) {
      const err = wholeRefusal('core.intervaltimer', params);
      assert.equal(err.field, 'trigger_params');
      assert.equal(err.message, `trigger_params ${shown} must be an object`);
    }
  });

  it("names an unknown key together with the timer's own keys, for each timer", () => {
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: 5, every: 5 }),
      'trigger_params.every: trigger_params.every is not a setting of core.intervaltimer; it has interval, unit',
    );
    assert.equal(
      onlyProblem('core.datetimetimer', { fire_at: '2027-06-01T09:30:00Z', at: 'noon' }),
      'trigger_params.at: trigger_params.at is not a setting of core.datetimetimer; it has fire_at, timezone',
    );
    assert.equal(
      onlyProblem('core.crontimer', { expression: '0 9 * * *', interval: 5 }),
      'trigger_params.interval: trigger_params.interval is not a setting of core.crontimer; it has expression, timezone',
    );
  });

  it('accepts every key a timer has', () => {
    assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 2, unit: 'hours' }, OPTS), {
      interval: 2,
      unit: 'hours',
    });
    assert.deepEqual(
      validateTimerParams(
        'core.datetimetimer',
        { fire_at: '2027-06-01T09:30', timezone: 'Asia/Tokyo' },
        OPTS,
      ),
      { fire_at: '2027-06-01T09:30', timezone: 'Asia/Tokyo' },
    );
  });
});

describe('interval', () => {
  it('accepts 1, the smallest interval, in every unit', () => {
    for (const unit of ['seconds', 'minutes', 'hours', 'days'] as const) {
      assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 1, unit }, OPTS), {
        interval: 1,
        unit,
      });
    }
  });

  it('accepts the largest interval whose length in ms is a safe integer, and refuses the next one', () => {
    // 2^53 − 1 ms is 104,249,991.37 days and 9,007,199,254,740.991 seconds.
    assert.deepEqual(
      validateTimerParams('core.intervaltimer', { interval: 104_249_991, unit: 'days' }, OPTS),
      {
        interval: 104_249_991,
        unit: 'days',
      },
    );
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: 104_249_992, unit: 'days' }),
      'trigger_params.interval: trigger_params.interval 104249992 is too large',
    );
    assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 9_007_199_254_740 }, OPTS), {
      interval: 9_007_199_254_740,
      unit: 'seconds',
    });
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: 9_007_199_254_741 }),
      'trigger_params.interval: trigger_params.interval 9007199254741 is too large',
    );
  });

  it('refuses infinite intervals as not numbers', () => {
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: Number.POSITIVE_INFINITY }),
      'trigger_params.interval: trigger_params.interval Infinity is not a number',
    );
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: Number.NEGATIVE_INFINITY }),
      'trigger_params.interval: trigger_params.interval -Infinity is not a number',
    );
  });

  it('refuses a missing, null or empty interval as required, without showing a value', () => {
    for (const params of [{}, { interval: null }, { interval: '' }, { unit: 'minutes' }]) {
      assert.equal(
        onlyProblem('core.intervaltimer', params),
        'trigger_params.interval: trigger_params.interval is required (a whole number of at least 1)',
      );
    }
  });

  it('refuses values that are not numbers, showing them as JSON', () => {
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: [5] }),
      'trigger_params.interval: trigger_params.interval [5] is not a number',
    );
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: { every: 5 } }),
      'trigger_params.interval: trigger_params.interval {"every":5} is not a number',
    );
  });

  it('takes an absent, null or empty unit as seconds', () => {
    for (const unit of [undefined, null, '']) {
      assert.deepEqual(validateTimerParams('core.intervaltimer', { interval: 7, unit }, OPTS), {
        interval: 7,
        unit: 'seconds',
      });
    }
  });

  it('refuses a unit in another letter case or of another type, naming the units', () => {
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: 1, unit: 'Minutes' }),
      'trigger_params.unit: trigger_params.unit "Minutes" is not a unit; use seconds, minutes, hours, days',
    );
    assert.equal(
      onlyProblem('core.intervaltimer', { interval: 1, unit: 60 }),
      'trigger_params.unit: trigger_params.unit 60 is not a unit; use seconds, minutes, hours, days',
    );
  });

  it('checks the size of an interval with an unknown unit as seconds', () => {
    assert.deepEqual(
      problems('core.intervaltimer', { interval: 9_007_199_254_741, unit: 'weeks' }).map((p) => p.field),
      ['trigger_params.unit', 'trigger_params.interval'],
    );
  });
});

describe('timezone', () => {
  it('refuses a zone that is not a string, showing the value', () => {
    assert.equal(
      onlyProblem('core.crontimer', { expression: '0 9 * * *', timezone: 1 }),
      'trigger_params.timezone: trigger_params.timezone 1 is not a known IANA time zone (e.g. Europe/Berlin)',
    );
    assert.equal(
      onlyProblem('core.datetimetimer', { fire_at: '2027-06-01T09:30', timezone: ['UTC'] }),
      'trigger_params.timezone: trigger_params.timezone ["UTC"] is not a known IANA time zone (e.g. Europe/Berlin)',
    );
  });

  it('uses the system zone when no default zone is given', () => {
    assert.deepEqual(validateTimerParams('core.crontimer', { expression: '0 9 * * *' }, { now: NOW }), {
      expression: '0 9 * * *',
      timezone: systemTimezone(),
    });
    assert.deepEqual(
      validateTimerParams('core.datetimetimer', { fire_at: '2027-06-01T09:30' }, { now: NOW }),
      {
        fire_at: '2027-06-01T09:30',
        timezone: systemTimezone(),
      },
    );
  });
});

describe('cron expression', () => {
  for (const [params, problem] of [
    [{}, 'trigger_params.expression is required (e.g. "0 9 * * MON-FRI")'],
    [{ expression: null }, 'trigger_params.expression is required (e.g. "0 9 * * MON-FRI")'],
    [{ expression: '' }, 'trigger_params.expression is required (e.g. "0 9 * * MON-FRI")'],
    [{ expression: ['0 9 * * *'] }, 'trigger_params.expression ["0 9 * * *"] is not a string'],
    [{ expression: '   ' }, 'trigger_params.expression "   " is not a valid cron expression: it is empty'],
    [
      { expression: '* * * *' },
      'trigger_params.expression "* * * *" is not a valid cron expression: it has 4 fields; use 5 (minute hour day month weekday), 6 (seconds first) or 7 (seconds first, year last)',
    ],
    [
      { expression: '0 25 * * *', timezone: 'UTC' },
      'trigger_params.expression "0 25 * * *" is not a valid cron expression: invalid value for hour: 25',
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(params)} with one problem: ${problem}`, () => {
      assert.equal(onlyProblem('core.crontimer', params), `trigger_params.expression: ${problem}`);
    });
  }

  it('reports a bad zone and a bad expression together, the zone first', () => {
    assert.deepEqual(problems('core.crontimer', { expression: '0 25 * * *', timezone: 'Nowhere/City' }), [
      {
        field: 'trigger_params.timezone',
        message: 'trigger_params.timezone "Nowhere/City" is not a known IANA time zone (e.g. Europe/Berlin)',
      },
      {
        field: 'trigger_params.expression',
        message:
          'trigger_params.expression "0 25 * * *" is not a valid cron expression: invalid value for hour: 25',
      },
    ]);
  });

  it('shows the expression in its stored form when it never fires', () => {
    assert.equal(
      onlyProblem('core.crontimer', { expression: '  0 0  30 2 * ', timezone: 'UTC' }),
      'trigger_params.expression: trigger_params.expression "0 0 30 2 *" never fires after 2027-01-01T00:00:00.000Z',
    );
  });
});

describe('fire_at', () => {
  for (const [params, problem] of [
    [{}, 'trigger_params.fire_at is required (e.g. "2027-03-28T09:30:00+01:00")'],
    [{ fire_at: null }, 'trigger_params.fire_at is required (e.g. "2027-03-28T09:30:00+01:00")'],
    [{ fire_at: '' }, 'trigger_params.fire_at is required (e.g. "2027-03-28T09:30:00+01:00")'],
    [{ fire_at: 1_800_000_000_000 }, 'trigger_params.fire_at 1800000000000 is not a string'],
    [
      { fire_at: 'next tuesday' },
      'trigger_params.fire_at "next tuesday" is not an ISO 8601 date-time (e.g. 2027-03-28T09:30:00+01:00, or 2027-03-28T09:30 with a timezone)',
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(params)} with one problem: ${problem}`, () => {
      assert.equal(onlyProblem('core.datetimetimer', params), `trigger_params.fire_at: ${problem}`);
    });
  }

  it('refuses an instant equal to now and accepts one a millisecond later', () => {
    const opts = { now: at('2027-06-01T09:30:00.000Z'), defaultTimezone: 'UTC' };
    assert.equal(
      onlyProblem('core.datetimetimer', { fire_at: '2027-06-01T09:30:00.000Z' }, opts),
      'trigger_params.fire_at: trigger_params.fire_at "2027-06-01T09:30:00.000Z" is in the past: it is 2027-06-01T09:30:00.000Z and now is 2027-06-01T09:30:00.000Z',
    );
    assert.deepEqual(
      validateTimerParams('core.datetimetimer', { fire_at: '2027-06-01T09:30:00.001Z' }, opts),
      {
        fire_at: '2027-06-01T09:30:00.001Z',
      },
    );
  });

  it('judges a local fire_at in the past in its own zone, and shows it trimmed', () => {
    // 09:30 in Tokyo is 00:30 UTC, which is before 01:00 UTC.
    const opts = { now: at('2027-06-01T01:00:00Z'), defaultTimezone: 'UTC' };
    assert.equal(
      onlyProblem('core.datetimetimer', { fire_at: ' 2027-06-01T09:30 ', timezone: 'Asia/Tokyo' }, opts),
      'trigger_params.fire_at: trigger_params.fire_at "2027-06-01T09:30" is in the past: it is 2027-06-01T00:30:00.000Z and now is 2027-06-01T01:00:00.000Z',
    );
  });

  it('stores fire_at trimmed, with the zone only when it is local or a zone was given', () => {
    assert.deepEqual(validateTimerParams('core.datetimetimer', { fire_at: ' 2027-06-01T09:30:00Z ' }, OPTS), {
      fire_at: '2027-06-01T09:30:00Z',
    });
    assert.deepEqual(
      validateTimerParams(
        'core.datetimetimer',
        { fire_at: '2027-06-01T09:30:00Z', timezone: 'Asia/Tokyo' },
        OPTS,
      ),
      { fire_at: '2027-06-01T09:30:00Z', timezone: 'Asia/Tokyo' },
    );
    assert.deepEqual(
      validateTimerParams(
        'core.datetimetimer',
        { fire_at: '2027-06-01T09:30:00+02:00', timezone: null },
        OPTS,
      ),
      { fire_at: '2027-06-01T09:30:00+02:00' },
    );
    assert.deepEqual(
      validateTimerParams('core.datetimetimer', { fire_at: '2027-06-01T09:30', timezone: '' }, OPTS),
      {
        fire_at: '2027-06-01T09:30',
        timezone: 'Europe/Berlin',
      },
    );
  });

  it('skips the past check when now is not finite, also for a local time', () => {
    const opts = { now: Number.NaN, defaultTimezone: 'UTC' };
    assert.deepEqual(validateTimerParams('core.datetimetimer', { fire_at: '2001-01-01T00:00' }, opts), {
      fire_at: '2001-01-01T00:00',
      timezone: 'UTC',
    });
    assert.deepEqual(validateTimerParams('core.crontimer', { expression: '0 0 0 1 1 * 2020' }, opts), {
      expression: '0 0 0 1 1 * 2020',
      timezone: 'UTC',
    });
  });
});
