/**
 * docs/timers.md, "Pausing all timers": while timers are paused no slot fires; on resume the
 * slots that came due meanwhile are late with the reason `timers_paused` and each rule's misfire
 * policy decides, as after downtime; the pause survives a restart. Real engine, SimClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Notification } from '../../../core/contract/notifications.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { at, eventsOf, settle, startEngine, timerRule } from './support.ts';

const POLICIES = ['skip', 'coalesce', 'catch_up'] as const;

test('while paused no timer fires; on resume each misfire policy applies with the reason timers_paused', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00Z');
  const engine = await startEngine(t, clock);
  for (const policy of POLICIES)
    timerRule(
      engine,
      policy,
      'core.intervaltimer',
      { interval: 1, unit: 'minutes' },
      { misfire: { policy } },
    );
  const announced: Notification[] = [];
  engine.notifier.subscribe(['entity_type:engine'], (n) => announced.push(n));
  clock.advanceTo(at('2027-06-01T09:00:30Z'));
  assert.deepEqual(engine.pauseTimers(), { paused: true, paused_since: '2027-06-01T09:00:30.000Z' });
  for (let i = 0; i < 10; i++) {
    clock.advance(30_000);
    await settle(engine);
  }
  for (const policy of POLICIES)
    assert.deepEqual(eventsOf(engine, `local.${policy}`), [], `${policy}: paused`);
  assert.equal(engine.timerInfo('local.skip')?.next_fire_at, '2027-06-01T09:01:00.000Z', 'still scheduled');

  assert.equal(clock.now(), at('2027-06-01T09:05:30Z'));
  assert.deepEqual(engine.resumeTimers(), { paused: false, paused_since: null });
  await settle(engine);
  const slots = [1, 2, 3, 4, 5].map((m) => `2027-06-01T09:0${m}:00.000Z`);
  const fired = (ref: string) => eventsOf(engine, ref, 'event').map((e) => e.payload.scheduled_at);
  const missed = (ref: string) =>
    eventsOf(engine, ref, 'missed').map((e) => [e.payload.scheduled_at, e.payload.reason]);
  assert.deepEqual(fired('local.skip'), []);
  assert.deepEqual(
    missed('local.skip'),
    slots.map((s) => [s, 'timers_paused']),
  );
  assert.deepEqual(fired('local.coalesce'), [slots[4]]);
  assert.deepEqual(eventsOf(engine, 'local.coalesce', 'event')[0]?.config, {
    late: true,
    late_reason: 'timers_paused',
  });
  assert.deepEqual(
    missed('local.coalesce'),
    slots.slice(0, 4).map((s) => [s, 'timers_paused']),
  );
  assert.deepEqual(fired('local.catch_up'), slots);
  assert.deepEqual(
    announced.map((n) => n.notification_type),
    ['timers_paused', 'timers_resumed'],
  );
  // And the schedule goes on as before.
  clock.advanceTo(at('2027-06-01T09:06:00Z'));
  await settle(engine);
  assert.equal(fired('local.skip').at(-1), '2027-06-01T09:06:00.000Z');
});

test('pausing twice or resuming while running changes nothing and announces nothing', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00Z');
  const engine = await startEngine(t, clock);
  const announced: Notification[] = [];
  engine.notifier.subscribe(['entity_type:engine'], (n) => announced.push(n));
  assert.deepEqual(engine.resumeTimers(), { paused: false, paused_since: null });
  engine.pauseTimers();
  clock.advance(1000);
  assert.deepEqual(engine.pauseTimers(), { paused: true, paused_since: '2027-06-01T09:00:00.000Z' });
  assert.equal(announced.length, 1);
});

test('a pause survives a restart; slots of the closed time count as paused', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00Z');
  const first = await startEngine(t, clock);
  timerRule(
    first,
    'job',
    'core.intervaltimer',
    { interval: 1, unit: 'minutes' },
    { misfire: { policy: 'skip' } },
  );
  first.pauseTimers();
  const dataDir = first.dataDir;
  await first.stop(1000);
  clock.advanceTo(at('2027-06-01T09:02:30Z'));
  const second = await startEngine(t, clock, { dataDir });
  assert.deepEqual(second.timerPause(), { paused: true, paused_since: '2027-06-01T09:00:00.000Z' });
  for (let i = 0; i < 4; i++) {
    clock.advance(30_000);
    await settle(second);
  }
  assert.deepEqual(eventsOf(second, 'local.job'), [], 'nothing fired or was recorded while paused');
  second.resumeTimers();
  await settle(second);
  assert.deepEqual(
    eventsOf(second, 'local.job', 'missed').map((e) => [e.payload.scheduled_at, e.payload.reason]),
    [1, 2, 3, 4].map((m) => [`2027-06-01T09:0${m}:00.000Z`, 'timers_paused']),
  );
  await second.stop(1000);
  const third = await startEngine(t, clock, { dataDir });
  assert.equal(third.timerPause().paused, false, 'resumed stays resumed');
});
