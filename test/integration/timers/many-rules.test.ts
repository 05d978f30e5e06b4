/**
 * Timers at scale (docs/timers.md): 10,000 enabled timer rules already in the store (interval, cron and one-shot)
 * load and arm when the engine starts — each gets its next fire instant — and the first wake-up
 * fires exactly the rules due then. Correctness only: test/bench/timers-arm.ts measures time and
 * memory.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, databaseFile } from '../../../core/engine/create-engine.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { insertRule, openStore } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, settle, startEngine } from './support.ts';

const N = 10_000;
const T0 = Date.parse('2027-05-01T10:00:00.000Z');

/** Rule i, and the second after T0 it is first due. */
function ruleSpec(i: number): {
  trigger_ref: string;
  trigger_params: Record<string, unknown>;
  dueIn: number;
} {
  if (i % 10 < 6) {
    const k = (i % 7) + 1;
    return { trigger_ref: 'core.intervaltimer', trigger_params: { interval: k, unit: 'seconds' }, dueIn: k };
  }
  if (i % 10 < 9) {
    const k = (Math.floor(i / 10) % 5) + 1;
    return {
      trigger_ref: 'core.crontimer',
      trigger_params: { expression: `*/${k} * * * * *`, timezone: 'Europe/Berlin' },
      dueIn: k,
    };
  }
  const k = (i % 13) + 1;
  return {
    trigger_ref: 'core.datetimetimer',
    trigger_params: { fire_at: new Date(T0 + k * 1000).toISOString() },
    dueIn: k,
  };
}

test('10,000 enabled timer rules load and arm at start, and the first wake-up fires the right ones', async (t) => {
  const dataDir = tempDir(t);
  // A first start installs the core pack and the user pack; then the rules are written directly,
  // as an import or an earlier session would have left them.
  const setup = createEngine({ dataDir, clock: new SimClock(T0 - 60_000), logger: silentLogger });
  await setup.start();
  await setup.stop(100);
  const store = openStore({ file: databaseFile(dataDir) });
  store.transaction((w) => {
    for (let i = 0; i < N; i++) {
      const { trigger_ref, trigger_params } = ruleSpec(i);
      insertRule(
        w,
        {
          ref: `local.r${i}`,
          pack_ref: 'local',
          label: `r${i}`,
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
        },
        T0 - 60_000,
      );
    }
  });
  store.close();

  const clock = new SimClock(T0);
  const engine = await startEngine(t, clock, { dataDir });
  for (let i = 0; i < N; i++) {
    const info = engine.timerInfo(`local.r${i}`);
    assert.equal(info?.next_fire_at, new Date(T0 + ruleSpec(i).dueIn * 1000).toISOString(), `local.r${i}`);
  }
  assert.equal(clock.msUntilNextTimer(), 1_000, 'the first wake-up is at the earliest next fire');

  clock.runNext();
  await settle(engine);
  const fired = engine.store.read
    .stmt("SELECT rule_ref FROM events WHERE kind = 'event' AND source_ref = 'core.timer' ORDER BY rule_ref")
    .all() as Array<{ rule_ref: string }>;
  const expected = Array.from({ length: N }, (_, i) => i)
    .filter((i) => ruleSpec(i).dueIn === 1)
    .map((i) => `local.r${i}`)
    .sort();
  assert.deepEqual(
    fired.map((r) => r.rule_ref),
    expected,
  );
  assert.ok(expected.length > 1000, `${expected.length} rules due first`);
  assert.equal(eventsOf(engine, 'local.r0', 'missed').length, 0);
  const states = engine.store.read.stmt('SELECT COUNT(*) AS n FROM timer_state').get() as { n: number };
  assert.equal(states.n, N, 'every rule has its persisted state');
});
