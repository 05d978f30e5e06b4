/**
 * docs/timers.md, "Restarts": the app closed for three
 * days, then started on the same data folder. The misfire policies apply from the persisted
 * state with reason `app_not_running`, slots older than misfire_window are `outside_window`, the
 * count goes on, and a one-shot whose time passed while closed fires once, with its delay.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { advanceTo, at, eventsOf, settle, startEngine, timerRule } from './support.ts';

const POLICIES = ['skip', 'coalesce', 'catch_up'] as const;

test('after three days closed, each policy applies from the persisted state with reason app_not_running', async (t) => {
  const dataDir = tempDir(t);
  const clock = new SimClock('2027-03-10T00:30:00Z');
  const first = await startEngine(t, clock, { dataDir });
  const refs = POLICIES.map((policy) => {
    timerRule(
      first,
      policy,
      'core.crontimer',
      { expression: '0 1-3 * * *', timezone: 'UTC' },
      { misfire: { policy } },
    );
    return `local.${policy}`;
  });
  timerRule(first, 'once', 'core.datetimetimer', { fire_at: '2027-03-13T01:15:00Z' });
  await advanceTo(first, clock, at('2027-03-10T03:30:00Z'), refs); // 01:00, 02:00, 03:00 fire
  await first.stop(1000);
  assert.equal(clock.pendingTimers(), 0, 'a stopped engine leaves no wake-up behind');

  clock.advance(3 * 86_400_000 + 3.5 * 3_600_000); // closed for three days, until 2027-03-13T07:00Z
  const second = await startEngine(t, clock, { dataDir });
  await settle(second);

  const day = (d: number, h: number) => `2027-03-${d}T0${h}:00:00.000Z`;
  const missed = (ref: string) =>
    eventsOf(second, ref, 'missed').map((e) => [e.payload.scheduled_at, e.payload.reason]);
  const fired = (ref: string) => eventsOf(second, ref, 'event').map((e) => e.payload.scheduled_at);
  // The 24 h window (default) reaches back to 2027-03-12T07:00Z: the 11th and 12th are outside it.
  const outside = [11, 12].flatMap((d) => [1, 2, 3].map((h) => [day(d, h), 'outside_window']));
  const withinDay = (h: number) => [day(13, h), 'app_not_running'];

  assert.deepEqual(fired('local.skip').slice(3), []);
  assert.deepEqual(missed('local.skip'), [...outside, withinDay(1), withinDay(2), withinDay(3)]);

  assert.deepEqual(fired('local.coalesce').slice(3), [day(13, 3)]);
  assert.deepEqual(missed('local.coalesce'), [...outside, withinDay(1), withinDay(2)]);
  const coalesced = eventsOf(second, 'local.coalesce', 'event').at(-1);
  assert.equal(coalesced?.payload.execution_count, 4, 'the count goes on from the persisted state');
  assert.deepEqual(coalesced?.config, { late: true, late_reason: 'app_not_running' });

  assert.deepEqual(fired('local.catch_up').slice(3), [day(13, 1), day(13, 2), day(13, 3)]);
  assert.deepEqual(missed('local.catch_up'), outside);

  const once = eventsOf(second, 'local.once', 'event');
  assert.deepEqual(
    once.map((e) => e.payload),
    [
      {
        type: 'one_shot',
        fire_at: '2027-03-13T01:15:00.000Z',
        fired_at: '2027-03-13T07:00:00.000Z',
        delay_ms: 5.75 * 3_600_000,
      },
    ],
  );
  assert.deepEqual(second.timerInfo('local.once'), {
    next_fire_at: null,
    last_fired_at: '2027-03-13T07:00:00.000Z',
  });
  assert.equal(
    second.rules.get('local.once').enabled,
    true,
    'a fired one-shot stays enabled, with no next fire',
  );

  // Started again: nothing fires twice.
  await second.stop(1000);
  const third = await startEngine(t, clock, { dataDir });
  await settle(third);
  assert.equal(eventsOf(third, 'local.once').length, 1);
  assert.equal(eventsOf(third, 'local.coalesce').length, 3 + 6 + 2 + 1);
});
