/**
 * Interval timers (docs/timers.md, "Interval timers count elapsed time"): "the first interval fire is one interval after the rule is enabled";
 * fire times are computed from absolute schedules, never by chaining delays, so nothing drifts;
 * each event is addressed to its own rule, so two interval rules never fire each other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/index.ts';
import { advanceTo, eventsOf, settle, startEngine, timerRule } from './support.ts';

test('the first fire is one interval after the rule is enabled, not at it', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.250Z');
  const engine = await startEngine(t, clock);
  clock.advance(1_234);
  const enabledAt = clock.now();
  timerRule(engine, 'every10', 'core.intervaltimer', { interval: 10 });
  assert.equal(engine.timerInfo('local.every10')?.next_fire_at, new Date(enabledAt + 10_000).toISOString());
  await advanceTo(engine, clock, enabledAt + 9_999, ['local.every10']);
  assert.equal(eventsOf(engine, 'local.every10').length, 0);
  await advanceTo(engine, clock, enabledAt + 10_000, ['local.every10']);
  assert.deepEqual(
    eventsOf(engine, 'local.every10').map((e) => e.payload),
    [
      {
        type: 'interval',
        interval_seconds: 10,
        scheduled_at: new Date(enabledAt + 10_000).toISOString(),
        fired_at: new Date(enabledAt + 10_000).toISOString(),
        execution_count: 1,
      },
    ],
  );
});

test('fired_at gaps equal the interval, with no drift over 10,000 simulated fires', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const enabledAt = clock.now();
  timerRule(engine, 'every7', 'core.intervaltimer', { interval: 7 });
  const started = performance.now();
  // SimClock.advance runs every wake-up at its due instant; the events of 100 wakes are then
  // stored together, which keeps 10,000 fires through the engine to a few seconds.
  for (let i = 0; i < 100; i++) {
    clock.advance(100 * 7_000);
    await settle(engine);
  }
  t.diagnostic(`10,000 fires through the engine took ${Math.round(performance.now() - started)} ms`);
  const fires = eventsOf(engine, 'local.every7', 'event');
  assert.equal(fires.length, 10_000);
  fires.forEach((e, i) => {
    const expected = new Date(enabledAt + (i + 1) * 7_000).toISOString();
    assert.equal(e.payload.scheduled_at, expected);
    assert.equal(e.payload.fired_at, expected);
    assert.equal(e.payload.execution_count, i + 1);
  });
  assert.equal(eventsOf(engine, 'local.every7', 'missed').length, 0);
});

test('three interval rules of 3 s, 5 s and 7 s over 21 s fire 7, 4 and 3 times, each only its own rule', async (t) => {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock);
  const start = clock.now();
  const refs = [3, 5, 7].map((s) => {
    timerRule(engine, `every${s}`, 'core.intervaltimer', { interval: s });
    return `local.every${s}`;
  });
  await advanceTo(engine, clock, start + 21_000, refs);
  assert.deepEqual(
    refs.map((r) => eventsOf(engine, r, 'event').length),
    [7, 4, 3],
  );
  for (const ref of refs) {
    for (const e of eventsOf(engine, ref, 'event')) {
      const evaluated = engine.store.read
        .stmt('SELECT rule_ref, outcome FROM evaluations WHERE event_id = ?')
        .all(e.id) as Array<{ rule_ref: string; outcome: string }>;
      assert.deepEqual(
        evaluated,
        [{ rule_ref: ref, outcome: 'matched' }],
        `event ${e.id} evaluated only ${ref}`,
      );
    }
    const runs = engine.store.read
      .stmt("SELECT COUNT(*) AS n FROM executions WHERE rule_ref = ? AND status = 'completed'")
      .get(ref) as { n: number };
    assert.equal(runs.n, eventsOf(engine, ref, 'event').length, ref);
  }
});
