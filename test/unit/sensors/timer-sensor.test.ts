/**
 * docs/timers.md, "The clock" — the timer sensor on its own, with a real store and a recording
 * ingest in place of the engine: one pending wake-up never more than 30 s away and none after
 * stop, a restart that resumes from the persisted state, a crash between an event and the state
 * write that neither loses nor repeats a slot, and `hint()` re-checking at once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { JsonObject, Rule } from '../../../core/model/entities.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { MAX_TIMER_WAIT_MS, SimClock } from '../../../core/schedule/index.ts';
import type { TimerSubmission } from '../../../core/sensors/timer-payload.ts';
import { type TimerRuleChange, TimerSensor } from '../../../core/sensors/timer-sensor.ts';
import { getTimerState, insertEvent, insertRule, openStore, type Store } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const T0 = Date.parse('2027-03-10T10:00:00Z');

function seededStore(t: { after(fn: () => void): void }, dir = tempDir(t)): Store {
  const store = openStore({ file: path.join(dir, 'attune.db') });
  t.after(() => store.close());
  store.transaction((w) =>
    w.raw.exec(`
      INSERT OR IGNORE INTO packs (ref, label, version, created, updated) VALUES ('core', 'Core', '1', 0, 0), ('local', 'Local', '1', 0, 0);
      INSERT OR IGNORE INTO triggers (ref, pack_ref, label, created, updated) VALUES
        ('core.intervaltimer', 'core', 'i', 0, 0), ('core.crontimer', 'core', 'c', 0, 0), ('core.datetimetimer', 'core', 'd', 0, 0);
      INSERT OR IGNORE INTO actions (ref, pack_ref, label, runner_type, entry_point, created, updated)
        VALUES ('core.noop', 'core', 'n', 'builtin', 'noop', 0, 0);
    `),
  );
  return store;
}

function addRule(
  store: Store,
  ref: string,
  trigger_ref: string,
  trigger_params: JsonObject,
  o: Partial<Rule> = {},
): Rule {
  return store.transaction((w) =>
    insertRule(
      w,
      {
        ref,
        pack_ref: 'local',
        label: ref,
        description: '',
        trigger_ref,
        trigger_params,
        conditions: null,
        action_ref: 'core.noop',
        action_params: {},
        enabled: true,
        overlap: 'parallel',
        retry: null,
        misfire: null,
        ...o,
      },
      T0,
    ),
  );
}

/** A sensor whose ingest stores the event at once; `hold` keeps the promise unresolved (a crash). */
function sensorOn(store: Store, clock: SimClock, o: { hold?: boolean } = {}) {
  const submitted: TimerSubmission[] = [];
  const listeners = new Set<(c: TimerRuleChange) => void>();
  const sensor = new TimerSensor({
    store,
    clock,
    logger: silentLogger,
    defaultTimezone: 'UTC',
    ingest: (e) => {
      submitted.push(e);
      const id = store.transaction((w) =>
        insertEvent(w, { ...e, config: e.config, trace_tag: 't', created: clock.now() }),
      );
      return o.hold ? new Promise(() => {}) : Promise.resolve({ event_id: id, evaluations: [] });
    },
    publish: () => {},
    onRuleChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  return {
    sensor,
    submitted,
    change: (c: TimerRuleChange) => {
      for (const l of listeners) l(c);
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the pending wake-up', () => {
  test('is one, never more than 30 s away, and gone after stop', async (t) => {
    const store = seededStore(t);
    addRule(store, 'local.daily', 'core.crontimer', { expression: '0 3 * * *', timezone: 'UTC' });
    const clock = new SimClock(T0);
    const { sensor } = sensorOn(store, clock);
    const attached = sensor.start();
    assert.equal(clock.pendingTimers(), 1);
    assert.equal(clock.msUntilNextTimer(), MAX_TIMER_WAIT_MS);
    for (let i = 0; i < 5; i++) {
      clock.runNext();
      assert.equal(clock.pendingTimers(), 1);
      assert.ok((clock.msUntilNextTimer() ?? Infinity) <= MAX_TIMER_WAIT_MS);
    }
    attached.dispose();
    assert.equal(clock.pendingTimers(), 0);
  });

  test('is set for the exact fire instant when it is less than 30 s away', (t) => {
    const store = seededStore(t);
    addRule(store, 'local.every7', 'core.intervaltimer', { interval: 7 });
    const clock = new SimClock(T0);
    const { sensor, submitted } = sensorOn(store, clock);
    sensor.start();
    t.after(() => sensor.stop());
    assert.equal(clock.msUntilNextTimer(), 7_000);
    clock.advance(7_000);
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0]?.payload.scheduled_at, new Date(T0 + 7_000).toISOString());
  });
});

describe('a restart', () => {
  test('resumes from the persisted state: handled slots never fire again, the count goes on', async (t) => {
    const dir = tempDir(t);
    const store = seededStore(t, dir);
    addRule(store, 'local.every10', 'core.intervaltimer', { interval: 10 });
    const clock = new SimClock(T0);
    const first = sensorOn(store, clock);
    first.sensor.start();
    clock.advance(25_000); // fires at 10 s and 20 s
    await tick();
    first.sensor.stop();
    const row = getTimerState(store.read, 'local.every10');
    assert.equal(row?.last_handled, T0 + 20_000);
    assert.equal(row?.next_fire_at, T0 + 30_000);
    assert.equal(row?.execution_count, 2);

    clock.advance(3_000); // closed for 3 s; started again before the next slot
    const second = sensorOn(store, clock);
    second.sensor.start();
    t.after(() => second.sensor.stop());
    assert.equal(second.sensor.info('local.every10')?.next_fire_at, new Date(T0 + 30_000).toISOString());
    clock.advance(5_000);
    assert.deepEqual(
      second.submitted.map((s) => [s.payload.scheduled_at, s.payload.execution_count]),
      [[new Date(T0 + 30_000).toISOString(), 3]],
    );
  });

  test('after a crash between storing a fire and storing the state, neither loses nor repeats the slot', async (t) => {
    const dir = tempDir(t);
    const store = seededStore(t, dir);
    addRule(store, 'local.every10', 'core.intervaltimer', { interval: 10 });
    const clock = new SimClock(T0);
    const crashing = sensorOn(store, clock, { hold: true });
    crashing.sensor.start();
    clock.advance(10_000); // the fire is stored, but its ingest never answers: no state write
    await tick();
    crashing.sensor.stop();
    assert.equal(getTimerState(store.read, 'local.every10')?.last_handled, T0);

    clock.advance(1_000);
    const next = sensorOn(store, clock);
    next.sensor.start();
    t.after(() => next.sensor.stop());
    await tick();
    assert.equal(next.submitted.length, 0, 'the 10 s slot is neither fired again nor recorded as missed');
    clock.advance(9_000);
    assert.deepEqual(
      next.submitted.map((s) => [s.kind, s.payload.scheduled_at, s.payload.execution_count]),
      [['event', new Date(T0 + 20_000).toISOString(), 2]],
    );
  });
});

describe('rule changes', () => {
  test('a disabled rule is disarmed at once and its state kept; deleting forgets it', async (t) => {
    const store = seededStore(t);
    const rule = addRule(store, 'local.every5', 'core.intervaltimer', { interval: 5 });
    const clock = new SimClock(T0);
    const { sensor, change, submitted } = sensorOn(store, clock);
    sensor.start();
    t.after(() => sensor.stop());
    clock.advance(5_000);
    await tick();
    const disabled = { ...rule, enabled: false };
    change({ kind: 'updated', rule: disabled, previous: rule });
    assert.deepEqual(sensor.info('local.every5'), {
      next_fire_at: null,
      last_fired_at: new Date(T0 + 5_000).toISOString(),
    });
    assert.equal(getTimerState(store.read, 'local.every5')?.disabled_at, T0 + 5_000);
    clock.advance(60_000);
    assert.equal(submitted.length, 1);
    change({ kind: 'deleted', previous: disabled });
    assert.equal(clock.pendingTimers(), 1, 'the heartbeat wake-up stays');
  });
});

describe('hint()', () => {
  test('re-checks at once after the machine slept, without waiting for the pending wake-up', (t) => {
    const store = seededStore(t);
    addRule(store, 'local.hourly', 'core.crontimer', { expression: '0 * * * *', timezone: 'UTC' });
    const clock = new SimClock(T0 + 60_000);
    const { sensor, submitted } = sensorOn(store, clock);
    sensor.start();
    t.after(() => sensor.stop());
    clock.sleep(3 * 3_600_000);
    sensor.hint();
    assert.deepEqual(
      submitted.map((s) => [
        s.kind,
        s.payload.scheduled_at,
        s.kind === 'missed' ? s.payload.reason : s.config,
      ]),
      [
        ['missed', '2027-03-10T11:00:00.000Z', 'asleep'],
        ['missed', '2027-03-10T12:00:00.000Z', 'asleep'],
        ['event', '2027-03-10T13:00:00.000Z', { late: true, late_reason: 'asleep' }],
      ],
    );
  });
});
