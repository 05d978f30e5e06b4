/**
 * The `core.system` sensor on a real engine and a SimClock (docs/sensors.md, "Built-in sensors:
 * filewatch and system"): `engine_started` once per start; sleep and clock changes seen in the
 * clock readings or announced by a host hint become events; nothing runs without a bound rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Engine } from '../../../core/engine/create-engine.ts';
import { AttuneError } from '../../../core/model/errors.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, settle, startEngine } from './support.ts';

function systemRule(engine: Engine, ref: string, event: string) {
  return engine.rules.create({
    ref,
    trigger_ref: 'core.system',
    trigger_params: { event },
    action_ref: 'core.noop',
  });
}

const kinds = (engine: Engine, ref: string) => eventsOf(engine, ref).map((e) => e.payload['event']);

test('engine_started fires the rules bound to it once per start, and their action runs', async (t) => {
  const dataDir = tempDir(t);
  const clock = new SimClock('2026-05-01T08:00:00Z');
  const first = await startEngine(t, { clock, dataDir });
  systemRule(first, 'on_start', 'engine_started');
  systemRule(first, 'on_wake', 'resumed_from_sleep');
  await settle(first);
  // Bound after this start: it waits for the next one.
  assert.deepEqual(eventsOf(first, 'local.on_start'), []);
  await first.stop(1000);

  const second = await startEngine(t, { clock, dataDir });
  await settle(second);
  const events = eventsOf(second, 'local.on_start');
  assert.equal(events.length, 1);
  assert.deepEqual(events[0]?.payload, { event: 'engine_started', at: '2026-05-01T08:00:00.000Z' });
  assert.deepEqual(eventsOf(second, 'local.on_wake'), []);
  const executions = second.store.read
    .stmt(`SELECT status FROM executions WHERE rule_ref = 'local.on_start'`)
    .all() as Array<{ status: string }>;
  assert.deepEqual(executions, [{ status: 'completed' }]);
  assert.equal(second.system.state().events_emitted, 1);
});

test('a sleep seen in the clock readings fires resumed_from_sleep with how long the machine slept', async (t) => {
  const clock = new SimClock('2026-05-01T08:00:00Z');
  const engine = await startEngine(t, { clock });
  systemRule(engine, 'wake', 'resumed_from_sleep');
  systemRule(engine, 'clock', 'clock_changed');
  clock.advance(30_000);
  clock.sleep(3_600_000);
  clock.advance(30_000);
  await settle(engine);
  const events = eventsOf(engine, 'local.wake');
  assert.equal(events.length, 1);
  assert.deepEqual(events[0]?.payload, {
    event: 'resumed_from_sleep',
    at: '2026-05-01T09:01:00.000Z',
    slept_ms: 3_600_000,
    detected_by: 'clock',
  });
  assert.deepEqual(eventsOf(engine, 'local.clock'), []);
});

test('a wall-clock change fires clock_changed with the jump, forward or back', async (t) => {
  const clock = new SimClock('2026-05-01T08:00:00Z');
  const engine = await startEngine(t, { clock });
  systemRule(engine, 'clock', 'clock_changed');
  clock.advance(10_000);
  clock.jumpWall(-7_200_000);
  clock.advance(30_000);
  clock.jumpWall(90_000);
  engine.hint('clock_change');
  await settle(engine);
  assert.deepEqual(
    eventsOf(engine, 'local.clock').map((e) => [e.payload['jump_ms'], e.payload['detected_by']]),
    [
      [-7_200_000, 'clock'],
      [90_000, 'clock'],
    ],
  );
});

test('a resume hint checks the clocks at once and is reported even when they show no sleep', async (t) => {
  const clock = new SimClock('2026-05-01T08:00:00Z');
  const engine = await startEngine(t, { clock });
  systemRule(engine, 'wake', 'resumed_from_sleep');
  clock.advance(5_000);
  clock.sleep(600_000);
  // The host's powerMonitor hint arrives before the next 30 s check: one event, from the clocks.
  engine.hint('resume');
  clock.advance(30_000);
  // A sleep too short for the clocks to tell: the hint alone says so.
  clock.sleep(500);
  engine.hint('resume');
  await settle(engine);
  assert.deepEqual(
    eventsOf(engine, 'local.wake').map((e) => [e.payload['slept_ms'], e.payload['detected_by']]),
    [
      [600_000, 'clock'],
      [null, 'os'],
    ],
  );
});

test('without a rule needing the clocks the sensor keeps no timer; disabling the last rule stops it', async (t) => {
  const clock = new SimClock('2026-05-01T08:00:00Z');
  const engine = await startEngine(t, { clock });
  assert.equal(engine.system.state().status, 'stopped');
  assert.equal(engine.system.state().detail?.['watching_clocks'], false);
  const others = clock.pendingTimers();
  systemRule(engine, 'wake', 'resumed_from_sleep');
  assert.equal(engine.system.state().status, 'running');
  assert.equal(engine.system.state().detail?.['watching_clocks'], true);
  assert.equal(clock.pendingTimers(), others + 1);
  engine.rules.update('local.wake', { enabled: false });
  assert.equal(engine.system.state().detail?.['watching_clocks'], false);
  assert.equal(clock.pendingTimers(), others);
  clock.sleep(3_600_000);
  engine.hint('resume');
  await settle(engine);
  assert.deepEqual(kinds(engine, 'local.wake'), []);
});

test('an unknown system event is refused at save, naming trigger_params.event', async (t) => {
  const engine = await startEngine(t, { clock: new SimClock('2026-05-01T08:00:00Z') });
  assert.throws(
    () => systemRule(engine, 'bad', 'lunch_time'),
    (err) => err instanceof AttuneError && err.field === 'trigger_params.event',
  );
});
