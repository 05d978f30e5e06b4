/**
 * docs/timers.md, "Cron expressions" — core.crontimer `expression`: 5 fields, or 6 with seconds first, or 7 with a year
 * last; L W # ? and nicknames like @daily; `timezone` honoured. Invalid expressions are refused
 * at save with a message naming the field and the value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { validateTimerParams } from '../../../core/schedule/index.ts';
import { at, cron, slotsIso } from './helpers.ts';

const NOW = at('2027-01-01T00:00:00Z');

function firstSlots(
  expression: string,
  n: number,
  fromIso = '2027-01-01T00:00:00Z',
  timezone = 'UTC',
): string[] {
  return slotsIso(cron(expression, timezone), fromIso, '2100-01-01T00:00:00Z', n);
}

describe('cron syntax', () => {
  it('reads 5 fields as minute hour day month weekday', () => {
    assert.deepEqual(firstSlots('15 9 * * *', 2), ['2027-01-01T09:15:00.000Z', '2027-01-02T09:15:00.000Z']);
  });

  it('reads 6 fields with seconds first', () => {
    assert.deepEqual(firstSlots('*/20 * * * * *', 3), [
      '2027-01-01T00:00:20.000Z',
      '2027-01-01T00:00:40.000Z',
      '2027-01-01T00:01:00.000Z',
    ]);
  });

  it('reads 7 fields with the year last, and ends when the years do', () => {
    const s = cron('0 0 12 1 1 * 2028', 'UTC');
    assert.equal(s.next(NOW), at('2028-01-01T12:00:00Z'));
    assert.equal(s.next(at('2028-01-01T12:00:00Z')), null);
  });

  it('reads L in day-of-month as the last day of the month, leap years included', () => {
    assert.deepEqual(firstSlots('0 0 L 2 *', 2), ['2027-02-28T00:00:00.000Z', '2028-02-29T00:00:00.000Z']);
  });

  it('reads W as the nearest weekday without leaving the month', () => {
    // 2027-05-15 is a Saturday: Friday the 14th. 2027-08-01 is a Sunday: Monday the 2nd.
    assert.deepEqual(firstSlots('0 0 15W 5 *', 1), ['2027-05-14T00:00:00.000Z']);
    assert.deepEqual(firstSlots('0 0 1W 8 *', 1), ['2027-08-02T00:00:00.000Z']);
  });

  it('reads # as the nth weekday of the month', () => {
    assert.deepEqual(firstSlots('0 9 * * 1#2', 2), ['2027-01-11T09:00:00.000Z', '2027-02-08T09:00:00.000Z']);
    assert.deepEqual(firstSlots('0 9 * * FRI#L', 1), ['2027-01-29T09:00:00.000Z']);
  });

  it('reads ? as "any" in day-of-month and day-of-week', () => {
    assert.deepEqual(firstSlots('0 9 ? * MON', 3), firstSlots('0 9 * * MON', 3));
    assert.deepEqual(firstSlots('0 9 1 * ?', 2), ['2027-01-01T09:00:00.000Z', '2027-02-01T09:00:00.000Z']);
  });

  it('combines a restricted day-of-month and day-of-week with OR, as Vixie cron does', () => {
    // The 1st of the month or any Monday: 2027-01-01 is a Friday, 2027-01-04 a Monday.
    assert.deepEqual(firstSlots('0 9 1 * MON', 3), [
      '2027-01-01T09:00:00.000Z',
      '2027-01-04T09:00:00.000Z',
      '2027-01-11T09:00:00.000Z',
    ]);
  });

  for (const [nickname, equivalent] of [
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@hourly', '0 * * * *'],
  ] as const) {
    it(`reads ${nickname} as "${equivalent}"`, () => {
      assert.deepEqual(
        firstSlots(nickname, 3, '2027-01-01T00:30:00Z'),
        firstSlots(equivalent, 3, '2027-01-01T00:30:00Z'),
      );
    });
  }

  it('stores nicknames in lower case and expressions with single spaces', () => {
    assert.deepEqual(
      validateTimerParams('core.crontimer', { expression: '@DAILY', timezone: 'UTC' }, { now: NOW }),
      {
        expression: '@daily',
        timezone: 'UTC',
      },
    );
    assert.deepEqual(
      validateTimerParams(
        'core.crontimer',
        { expression: '  0   9 * *  1-5 ', timezone: 'UTC' },
        { now: NOW },
      ),
      { expression: '0 9 * * 1-5', timezone: 'UTC' },
    );
  });

  it('honours the timezone: 09:00 in Tokyo is 00:00 UTC', () => {
    assert.deepEqual(firstSlots('0 9 * * *', 1, '2027-01-01T00:30:00Z', 'Asia/Tokyo'), [
      '2027-01-02T00:00:00.000Z',
    ]);
  });
});

describe('invalid cron expressions', () => {
  const cases: Array<[unknown, RegExp]> = [
    [
      '61 * * * *',
      /^trigger_params\.expression "61 \* \* \* \*" is not a valid cron expression: invalid value for minute: 61$/,
    ],
    ['* * * *', /"\* \* \* \*" is not a valid cron expression: it has 4 fields; use 5/],
    ['* * * * * * * *', /it has 8 fields/],
    ['@reboot', /"@reboot" is not a valid cron expression: it uses an unknown nickname/],
    ['*/0 * * * *', /"\*\/0 \* \* \* \*" is not a valid cron expression: .*stepping/],
    ['22-2 * * * *', /"22-2 \* \* \* \*" is not a valid cron expression: from value is larger than to value/],
    ['0 0 32 * *', /"0 0 32 \* \*" is not a valid cron expression/],
    ['0 25 * * *', /"0 25 \* \* \*" is not a valid cron expression: invalid value for hour/],
    ['hello there general kenobi yes', /is not a valid cron expression/],
    ['0 0 30 2 *', /^trigger_params\.expression "0 0 30 2 \*" never fires after 2027-01-01T00:00:00\.000Z$/],
    ['0 0 0 1 1 * 2020', /"0 0 0 1 1 \* 2020" never fires after/],
    ['', /^trigger_params\.expression is required/],
    [42, /^trigger_params\.expression 42 is not a string$/],
  ];
  for (const [expression, message] of cases) {
    it(`refuses ${JSON.stringify(expression)} naming trigger_params.expression`, () => {
      assert.throws(
        () => validateTimerParams('core.crontimer', { expression, timezone: 'UTC' }, { now: NOW }),
        (err: unknown) => {
          assert.ok(err instanceof AttuneError);
          assert.equal(err.code, 'VALIDATION_ERROR');
          assert.equal(err.field, 'trigger_params.expression');
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});
