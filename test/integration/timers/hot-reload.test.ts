/**
 * docs/timers.md, "Changing rules (hot reload)": creating, editing (including trigger_params), enabling, disabling or
 * deleting a timer rule reschedules at once, with no restart. Also the decisions docs/timers.md
 * records where Attune is silent: slots that passed while a rule was disabled are recorded as
 * `rule_disabled`; a one-shot that fired keeps its rule, with no next fire; an `overlap: single`
 * fire skipped because the previous run is still active is also a missed `overlap_skipped` slot.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { getTimerState } from '../../../core/store/index.ts';
import { advanceTo, eventsOf, settle, startEngine, timerRule } from './support.ts';

test("editing an enabled rule's interval from 5 s to 1 s takes effect at once", async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const t0 = clock.now();
  timerRule(engine, 'tick', 'core.intervaltimer', { interval: 5 });
  await advanceTo(engine, clock, t0 + 7_000, ['local.tick']); // fired at 5 s
  const editedAt = clock.now();
  engine.rules.update('local.tick', { trigger_params: { interval: 1 } });
  const next = Date.parse(engine.timerInfo('local.tick')?.next_fire_at as string);
  assert.ok(next > editedAt && next <= editedAt + 1_000, `next fire ${next - editedAt} ms after the edit`);
  await advanceTo(engine, clock, t0 + 10_000, ['local.tick']);
  assert.deepEqual(
    eventsOf(engine, 'local.tick', 'event').map((e) => [
      (Date.parse(e.payload.scheduled_at as string) - t0) / 1000,
      e.payload.interval_seconds,
    ]),
    [
      [5, 5],
      [8, 1],
      [9, 1],
      [10, 1],
    ],
  );
});

test('disabling stops fires while in-flight executions finish; re-enabling resumes one interval later', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const t0 = clock.now();
  timerRule(
    engine,
    'nap',
    'core.intervaltimer',
    { interval: 1 },
    { action_ref: 'core.sleep', action_params: { seconds: 0.4 } },
  );
  clock.advance(1_000); // fires; the shell action now sleeps 0.4 s of real time
  await new Promise((r) => setImmediate(r));
  const running = engine.store.read
    .stmt('SELECT id FROM executions WHERE rule_ref = ?')
    .all('local.nap') as Array<{ id: number }>;
  assert.equal(running.length, 1);
  engine.rules.update('local.nap', { enabled: false });
  assert.deepEqual(engine.timerInfo('local.nap'), {
    next_fire_at: null,
    last_fired_at: new Date(t0 + 1_000).toISOString(),
  });
  await engine.executor.idle();
  const done = engine.store.read
    .stmt('SELECT status FROM executions WHERE id = ?')
    .get(running[0]?.id) as Pick<Execution, 'status'>;
  assert.equal(done.status, 'completed', 'the run in flight was not cancelled');

  await advanceTo(engine, clock, t0 + 10_500, ['local.nap']);
  assert.equal(eventsOf(engine, 'local.nap', 'event').length, 1, 'no fire while disabled');
  assert.equal(getTimerState(engine.store.read, 'local.nap')?.disabled_at, t0 + 1_000);

  const enabledAt = clock.now();
  engine.rules.update('local.nap', { enabled: true, action_ref: 'core.noop', action_params: {} });
  await settle(engine);
  assert.equal(engine.timerInfo('local.nap')?.next_fire_at, new Date(enabledAt + 1_000).toISOString());
  // The slots of 2 s … 10 s passed while it was disabled: recorded, not run.
  assert.deepEqual(
    eventsOf(engine, 'local.nap', 'missed').map((e) => [
      (Date.parse(e.payload.scheduled_at as string) - t0) / 1000,
      e.payload.reason,
    ]),
    [2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => [s, 'rule_disabled']),
  );
  await advanceTo(engine, clock, enabledAt + 3_000, ['local.nap']);
  // Seconds since the rule was created, and the count, which goes on across disable/enable.
  assert.deepEqual(
    eventsOf(engine, 'local.nap', 'event').map((e) => [
      (Date.parse(e.payload.scheduled_at as string) - t0) / 1000,
      e.payload.execution_count,
    ]),
    [
      [1, 1],
      [11.5, 2],
      [12.5, 3],
      [13.5, 4],
    ],
  );
});

test('creating and deleting a timer rule take effect at once, and a deleted rule leaves no state', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const t0 = clock.now();
  timerRule(engine, 'gone', 'core.crontimer', { expression: '*/2 * * * * *', timezone: 'UTC' });
  await advanceTo(engine, clock, t0 + 4_000, ['local.gone']);
  assert.equal(eventsOf(engine, 'local.gone', 'event').length, 2);
  engine.rules.delete('local.gone');
  assert.equal(engine.timerInfo('local.gone'), null);
  assert.equal(getTimerState(engine.store.read, 'local.gone'), null);
  clock.advance(60_000);
  await settle(engine);
  assert.equal(eventsOf(engine, 'local.gone', 'event').length, 2);
  assert.equal(clock.pendingTimers(), 1, 'one wake-up, whatever happened to the rules');
  await engine.stop(100);
  assert.equal(clock.pendingTimers(), 0);
});

test('a one-shot fires once; its rule stays enabled with no next fire until fire_at is edited', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  timerRule(engine, 'once', 'core.datetimetimer', { fire_at: '2027-06-01T11:30:00+02:00' });
  assert.equal(engine.timerInfo('local.once')?.next_fire_at, '2027-06-01T09:30:00.000Z');
  await advanceTo(engine, clock, Date.parse('2027-06-01T12:00:00Z'), ['local.once']);
  assert.deepEqual(
    eventsOf(engine, 'local.once', 'event').map((e) => e.payload),
    [
      {
        type: 'one_shot',
        fire_at: '2027-06-01T09:30:00.000Z',
        fired_at: '2027-06-01T09:30:00.000Z',
        delay_ms: 0,
      },
    ],
  );
  assert.equal(engine.rules.get('local.once').enabled, true);
  assert.deepEqual(engine.timerInfo('local.once'), {
    next_fire_at: null,
    last_fired_at: '2027-06-01T09:30:00.000Z',
  });
  engine.rules.update('local.once', { trigger_params: { fire_at: '2027-06-01T13:00:00Z' } });
  assert.equal(engine.timerInfo('local.once')?.next_fire_at, '2027-06-01T13:00:00.000Z');
});

test('a fire skipped by overlap single is also recorded as a missed overlap_skipped slot', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  timerRule(
    engine,
    'single',
    'core.intervaltimer',
    { interval: 1 },
    { action_ref: 'core.sleep', action_params: { seconds: 0.5 }, overlap: 'single' },
  );
  clock.advance(1_000);
  await new Promise((r) => setImmediate(r));
  clock.advance(1_000); // the first run still sleeps (real time)
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  const fires = eventsOf(engine, 'local.single', 'event');
  assert.equal(fires.length, 2);
  const outcome = engine.store.read
    .stmt('SELECT outcome FROM evaluations WHERE event_id = ?')
    .get(fires[1]?.id) as {
    outcome: string;
  };
  assert.equal(outcome.outcome, 'overlap_skipped');
  assert.deepEqual(
    eventsOf(engine, 'local.single', 'missed').map((e) => e.payload),
    [
      {
        type: 'interval',
        scheduled_at: fires[1]?.payload.scheduled_at,
        reason: 'overlap_skipped',
        event_id: fires[1]?.id,
      },
    ],
  );
  await engine.executor.idle();
});
