/**
 * docs/timers.md, "Missed runs" — the wall clock changed by hand or by NTP. Set back an hour, no slot fires twice: the
 * rule waits until the clock passes its last handled slot again. Set forward two hours, the slots
 * jumped over are late: the misfire policy applies and those not run are missed as `clock_jump`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { advanceTo, at, eventsOf, startEngine, timerRule } from './support.ts';

const HOUR = 3_600_000;

test('the wall clock set back 1 h: no slot fires twice', async (t) => {
  const clock = new SimClock('2027-06-01T09:30:00Z');
  const engine = await startEngine(t, clock);
  timerRule(engine, 'hourly', 'core.crontimer', { expression: '0 * * * *', timezone: 'UTC' });
  timerRule(engine, 'quarter', 'core.crontimer', { expression: '*/15 * * * *', timezone: 'UTC' });
  const refs = ['local.hourly', 'local.quarter'];
  await advanceTo(engine, clock, at('2027-06-01T10:10:00Z'), refs);
  clock.jumpWall(-HOUR); // 10:10 → 09:10
  await advanceTo(engine, clock, clock.now() + 2 * HOUR, refs); // the wall clock passes 10:00 again

  assert.deepEqual(
    eventsOf(engine, 'local.hourly', 'event').map((e) => e.payload.scheduled_at),
    ['2027-06-01T10:00:00.000Z', '2027-06-01T11:00:00.000Z'],
  );
  const quarters = eventsOf(engine, 'local.quarter', 'event').map((e) => e.payload.scheduled_at as string);
  assert.equal(new Set(quarters).size, quarters.length, quarters.join(' '));
  assert.deepEqual(quarters.slice(0, 3), [
    '2027-06-01T09:45:00.000Z',
    '2027-06-01T10:00:00.000Z',
    '2027-06-01T10:15:00.000Z',
  ]);
  assert.deepEqual(eventsOf(engine, 'local.hourly', 'missed'), [], 'nothing is missed: those slots ran');
});

test('the wall clock set forward 2 h: the policy applies to the slots jumped over, reason clock_jump', async (t) => {
  const clock = new SimClock('2027-06-01T09:30:00Z');
  const engine = await startEngine(t, clock);
  timerRule(engine, 'coalesce', 'core.crontimer', { expression: '0 * * * *', timezone: 'UTC' });
  timerRule(
    engine,
    'skip',
    'core.crontimer',
    { expression: '0 * * * *', timezone: 'UTC' },
    { misfire: { policy: 'skip' } },
  );
  timerRule(
    engine,
    'catch_up',
    'core.crontimer',
    { expression: '0 * * * *', timezone: 'UTC' },
    { misfire: { policy: 'catch_up' } },
  );
  const refs = ['local.coalesce', 'local.skip', 'local.catch_up'];
  await advanceTo(engine, clock, at('2027-06-01T10:10:00Z'), refs);
  clock.jumpWall(2 * HOUR); // 10:10 → 12:10: 11:00 and 12:00 jumped over
  await advanceTo(engine, clock, at('2027-06-01T12:11:00Z'), refs);

  const fired = (ref: string) => eventsOf(engine, ref, 'event').map((e) => e.payload.scheduled_at);
  const missed = (ref: string) =>
    eventsOf(engine, ref, 'missed').map((e) => [e.payload.scheduled_at, e.payload.reason]);
  assert.deepEqual(fired('local.coalesce'), ['2027-06-01T10:00:00.000Z', '2027-06-01T12:00:00.000Z']);
  assert.deepEqual(missed('local.coalesce'), [['2027-06-01T11:00:00.000Z', 'clock_jump']]);
  assert.deepEqual(eventsOf(engine, 'local.coalesce', 'event')[1]?.config, {
    late: true,
    late_reason: 'clock_jump',
  });
  assert.deepEqual(fired('local.skip'), ['2027-06-01T10:00:00.000Z']);
  assert.deepEqual(missed('local.skip'), [
    ['2027-06-01T11:00:00.000Z', 'clock_jump'],
    ['2027-06-01T12:00:00.000Z', 'clock_jump'],
  ]);
  assert.deepEqual(fired('local.catch_up'), [
    '2027-06-01T10:00:00.000Z',
    '2027-06-01T11:00:00.000Z',
    '2027-06-01T12:00:00.000Z',
  ]);
});
