/**
 * Helpers for the timer integration tests (docs/timers.md): a real engine on a temp data folder with
 * real SQLite and a SimClock, advanced from wake to wake, and the timer events it stored.
 */
import type { TestContext } from 'node:test';
import { createEngine, type Engine } from '../../../core/engine/create-engine.ts';
import type { JsonObject, MisfirePolicy, Rule } from '../../../core/model/entities.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import type { SimClock } from '../../../core/schedule/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** Starts an engine on `clock` (a new temp data folder unless one is given); stopped after the test. */
export async function startEngine(
  t: Pick<TestContext, 'after'>,
  clock: SimClock,
  o: { dataDir?: string; defaultTimezone?: string } = {},
): Promise<Engine> {
  const engine = createEngine({
    dataDir: o.dataDir ?? tempDir(t),
    clock,
    logger: silentLogger,
    defaultTimezone: o.defaultTimezone ?? 'UTC',
    // These tests count every event of simulated months and years, and every pending wake-up.
    retention: false,
  });
  await engine.start();
  t.after(() => engine.stop(1000));
  return engine;
}

/** Lets queued events be stored and the executions they started finish. */
export async function settle(engine: Engine): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    await engine.executor.idle();
  }
}

/** The earliest next fire of `refs`, epoch ms, or null. */
export function nextFireOf(engine: Engine, refs: readonly string[]): number | null {
  let best: number | null = null;
  for (const ref of refs) {
    const at = engine.timerInfo(ref)?.next_fire_at;
    if (at) best = best === null ? Date.parse(at) : Math.min(best, Date.parse(at));
  }
  return best;
}

/**
 * Advances the clock to `target` (wall clock, epoch ms), stopping at every fire instant of
 * `refs` to let the engine store what fired: wake to wake, not millisecond by millisecond.
 */
export async function advanceTo(engine: Engine, clock: SimClock, target: number, refs: readonly string[]) {
  for (;;) {
    const next = nextFireOf(engine, refs);
    const stop = next !== null && next < target ? next : target;
    if (stop > clock.now()) clock.advanceTo(stop);
    // Due already (the clock jumped, or the machine slept): run the pending wake-up.
    else if (stop < target && !clock.runNext()) clock.advanceTo(target);
    await settle(engine);
    if (stop >= target && clock.now() >= target) return;
  }
}

/** A timer rule running `core.noop`, enabled. */
export function timerRule(
  engine: Engine,
  ref: string,
  trigger_ref: 'core.intervaltimer' | 'core.crontimer' | 'core.datetimetimer',
  trigger_params: JsonObject,
  extra: {
    misfire?: Partial<MisfirePolicy> & { policy: MisfirePolicy['policy'] };
    enabled?: boolean;
    action_ref?: string;
    action_params?: JsonObject;
    overlap?: Rule['overlap'];
  } = {},
): Rule {
  return engine.rules.create({ ref, trigger_ref, trigger_params, action_ref: 'core.noop', ...extra });
}

/** A stored timer event. */
export interface StoredTimerEvent {
  id: number;
  kind: 'event' | 'missed';
  payload: JsonObject;
  config: JsonObject | null;
  created: number;
}

/** Events addressed to a rule, oldest first; `kind` picks fires ('event') or missed slots. */
export function eventsOf(engine: Engine, ruleRef: string, kind?: 'event' | 'missed'): StoredTimerEvent[] {
  const rows = engine.store.read
    .stmt(
      `SELECT id, kind, payload, config, created FROM events WHERE rule_ref = ? AND (? IS NULL OR kind = ?) ORDER BY id`,
    )
    .all(ruleRef, kind ?? null, kind ?? null) as Array<{
    id: number;
    kind: 'event' | 'missed';
    payload: string;
    config: string | null;
    created: number;
  }>;
  return rows.map((r) => ({
    ...r,
    payload: JSON.parse(r.payload) as JsonObject,
    config: r.config === null ? null : (JSON.parse(r.config) as JsonObject),
  }));
}

/** Epoch ms of an ISO string; throws on a typo. */
export function at(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad ISO string in test: ${iso}`);
  return t;
}
