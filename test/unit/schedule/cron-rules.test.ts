/**
 * docs/timers.md, "Cron expressions" and "Daylight saving time" — the parts of core.crontimer
 * that are ours rather than croner's: the stored form of an expression and the sentence saying
 * what is wrong with one, and the DST note each slot carries (moved out of a gap, the first of a
 * repeated time, or only on a transition day).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CRON_NICKNAMES, checkCronExpression, normalizeCronExpression } from '../../../core/schedule/cron.ts';
import { at, cron } from './helpers.ts';

const FIELD_HELP = 'use 5 (minute hour day month weekday), 6 (seconds first) or 7 (seconds first, year last)';

describe('the stored form of a cron expression', () => {
  it('trims it and joins its fields with single spaces, tabs and newlines included', () => {
    assert.deepEqual(normalizeCronExpression(' \t0   9\t* *\n 1-5  '), { expression: '0 9 * * 1-5' });
    assert.deepEqual(normalizeCronExpression('0 0 9 * * * 2030'), { expression: '0 0 9 * * * 2030' });
    assert.deepEqual(normalizeCronExpression('0 9 * * 1'), { expression: '0 9 * * 1' });
  });

  it('says an empty or blank expression is empty', () => {
    assert.deepEqual(normalizeCronExpression(''), { error: 'is empty' });
    assert.deepEqual(normalizeCronExpression(' \t '), { error: 'is empty' });
  });

  it('stores a nickname in lower case, and names the accepted ones when it does not know it', () => {
    assert.deepEqual(normalizeCronExpression(' @Hourly '), { expression: '@hourly' });
    assert.deepEqual(CRON_NICKNAMES, [
      '@yearly',
      '@annually',
      '@monthly',
      '@weekly',
      '@daily',
      '@midnight',
      '@hourly',
    ]);
    assert.deepEqual(normalizeCronExpression('@reboot'), {
      error:
        'uses an unknown nickname; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
    });
  });

  it('counts the fields of an expression with too few or too many, in the singular for one', () => {
    assert.deepEqual(normalizeCronExpression('*'), { error: `has 1 field; ${FIELD_HELP}` });
    assert.deepEqual(normalizeCronExpression('* * * *'), { error: `has 4 fields; ${FIELD_HELP}` });
    assert.deepEqual(normalizeCronExpression('* * * * * * * *'), { error: `has 8 fields; ${FIELD_HELP}` });
  });

  it("gives croner's reason for a malformed expression without its prefix, starting in lower case", () => {
    assert.equal(checkCronExpression('0 9 * * *', 'Europe/Berlin'), null);
    assert.equal(checkCronExpression('61 * * * *', 'UTC'), 'invalid value for minute: 61');
    assert.equal(checkCronExpression('*/0 * * * *', 'UTC'), 'syntax error, illegal stepping: 0');
  });
});

describe('the DST note of a cron slot (Europe/Berlin, 2027)', () => {
  const SPRING = at('2027-03-28T01:00:00Z'); // 02:00 → 03:00
  const AUTUMN_FIRST_0230 = at('2027-10-31T00:30:00Z'); // 02:30+02:00, shown again at 01:30Z
  const Z = 'Europe/Berlin';

  it('marks a slot moved out of the gap, from the gap’s first minute to its last', () => {
    for (const expression of ['0 2 * * *', '30 2 * * *', '59 2 * * *', '*/15 2 * * *']) {
      assert.equal(cron(expression, Z).dstNote(SPRING), 'gap_shifted', expression);
    }
  });

  it('does not mark a slot whose own time is the end of the gap as moved', () => {
    assert.equal(cron('0 3 * * *', Z).dstNote(SPRING), 'transition_day');
    // Only the gap's own times count: 00:00 matches too, but it is not in the gap.
    assert.equal(cron('0 0,3 * * *', Z).dstNote(SPRING), 'transition_day');
  });

  it('marks the first of a repeated time, and other slots of the day as on a transition day', () => {
    assert.equal(cron('30 2 * * *', Z).dstNote(AUTUMN_FIRST_0230), 'overlap_first');
    assert.equal(cron('0 12 * * *', Z).dstNote(at('2027-10-31T11:00:00Z')), 'transition_day');
    assert.equal(cron('0 12 * * *', Z).dstNote(at('2027-10-30T10:00:00Z')), null);
  });

  it('marks an instant after a gap as moved only if a time in the gap matches: not when the job has no time left at all', () => {
    // The job's last year is 2026, so no wall-clock time from 2027 on matches it.
    assert.equal(cron('0 30 2 * * * 2026', Z).dstNote(SPRING), 'transition_day');
    assert.equal(cron('0 30 2 * * *', Z).dstNote(SPRING), 'gap_shifted');
  });
});

describe('cron slots our rule moves where croner alone finds none', () => {
  const SPRING = at('2027-03-28T01:00:00Z');
  const Z = 'Europe/Berlin';

  it('runs a yearly stepped job whose times all fall in the gap at the end of the gap, though the year around has the same offset', () => {
    // From summer to the next summer the offset is +02:00 at both ends; croner skips 2027's gap times.
    assert.equal(cron('*/30 2 28 3 *', Z).next(at('2026-07-01T00:00:00Z')), SPRING);
  });

  it('runs a job whose last year has all its times in the gap once, at the end of the gap, and then never', () => {
    const s = cron('0 */30 2 28 3 * 2027', Z);
    assert.equal(s.next(at('2027-01-01T00:00:00Z')), SPRING);
    assert.equal(s.next(SPRING), null);
  });

  it('moves a gap time more than a week after the reference out of the gap in years before 1970 too', () => {
    // New York, 30 April 1967: 02:00 EST → 03:00 EDT. From May 1966 (EDT) to croner's next
    // candidate, 30 April 1968 (EDT again), the offset is the same at both ends.
    const s = cron('0,30 2 30 4 *', 'America/New_York');
    assert.equal(s.next(at('1966-05-01T12:00:00Z')), at('1967-04-30T03:00:00-04:00'));
  });
});

describe('a cron schedule', () => {
  it('says it is a cron schedule in its zone and counts its slots, up to a cap', () => {
    const s = cron('0 * * * *', 'Europe/Berlin');
    assert.equal(s.kind, 'cron');
    assert.equal(s.timezone, 'Europe/Berlin');
    // The spring-forward day has 23 hours.
    const dayStart = at('2027-03-27T23:00:00Z');
    const dayEnd = at('2027-03-28T22:00:00Z');
    assert.deepEqual(s.countBetween(dayStart, dayEnd, 100), { count: 23, exact: true });
    assert.deepEqual(s.countBetween(dayStart, dayEnd, 5), { count: 5, exact: false });
  });
});
