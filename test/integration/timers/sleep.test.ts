/**
 * docs/timers.md, "Missed runs": a laptop asleep from 23:00 to 07:00 across
 * the three slots of `0 1-3 * * *`. skip → no run, 3 missed (asleep); coalesce → 1 run (the
 * latest, marked late) + 2 missed; catch_up → 3 runs, oldest first. Simulated clock, real engine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { advanceTo, at, eventsOf, startEngine, timerRule } from './support.ts';

test('sleeping 8 h across three slots of an hourly job applies each misfire policy with reason asleep', async (t) => {
  const clock = new SimClock('2027-03-10T22:00:00Z');
  const engine = await startEngine(t, clock);
  const refs = (['skip', 'coalesce', 'catch_up'] as const).map((policy) => {
    timerRule(
      engine,
      policy,
      'core.crontimer',
      { expression: '0 1-3 * * *', timezone: 'UTC' },
      { misfire: { policy } },
    );
    return `local.${policy}`;
  });
  await advanceTo(engine, clock, at('2027-03-10T23:00:00Z'), refs);
  const announced: unknown[] = [];
  engine.notifier.subscribe(['notification_type:missed_run'], (n) => announced.push(n));
  clock.sleep(8 * 3_600_000); // lid closed 23:00, opened 07:00: no callback runs meanwhile
  await advanceTo(engine, clock, at('2027-03-11T07:01:00Z'), refs);

  const slot = (h: number) => `2027-03-11T0${h}:00:00.000Z`;
  const missed = (ref: string) =>
    eventsOf(engine, ref, 'missed').map((e) => [e.payload.scheduled_at, e.payload.reason]);
  const fired = (ref: string) => eventsOf(engine, ref, 'event').map((e) => e.payload.scheduled_at);

  assert.deepEqual(fired('local.skip'), []);
  assert.deepEqual(missed('local.skip'), [
    [slot(1), 'asleep'],
    [slot(2), 'asleep'],
    [slot(3), 'asleep'],
  ]);

  assert.deepEqual(fired('local.coalesce'), [slot(3)]);
  assert.deepEqual(missed('local.coalesce'), [
    [slot(1), 'asleep'],
    [slot(2), 'asleep'],
  ]);
  const coalesced = eventsOf(engine, 'local.coalesce', 'event')[0];
  assert.deepEqual(coalesced?.config, { late: true, late_reason: 'asleep' });
  // Noticed at the first wake-up after the machine woke: the pending one, at most 30 s later.
  const firedAt = at(coalesced?.payload.fired_at as string);
  assert.ok(firedAt > at('2027-03-11T07:00:00Z') && firedAt <= at('2027-03-11T07:00:30Z'), String(firedAt));

  assert.deepEqual(fired('local.catch_up'), [slot(1), slot(2), slot(3)]);
  assert.deepEqual(
    eventsOf(engine, 'local.catch_up', 'event').map((e) => e.payload.execution_count),
    [1, 2, 3],
  );
  assert.deepEqual(missed('local.catch_up'), []);

  const runs = (ref: string) =>
    (
      engine.store.read
        .stmt("SELECT COUNT(*) AS n FROM executions WHERE rule_ref = ? AND status = 'completed'")
        .get(ref) as { n: number }
    ).n;
  assert.deepEqual(refs.map(runs), [0, 1, 3]);
  assert.equal(announced.length, 5, 'each missed slot is announced as missed_run');
});
