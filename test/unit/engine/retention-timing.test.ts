/**
 * When retention runs and how it paces itself (docs/retention.md): a first pass a minute after
 * the start (or after `check_interval_seconds` when that is shorter), then one every interval on
 * the engine's clock; a changed interval applies at once; a disabled retention deletes nothing;
 * a failed pass is logged and the next one still comes. Off the hot path: a batch holds at most
 * `batch_size` rows and is sized so its transaction takes about 10 ms, shrinking when slow and
 * growing back when fast, and the vacuum gives pages back in steps sized the same way (at most
 * 1,024 pages, 4 MiB). What a pass reports (`retention.status`'s `last_pass`).
 *
 * Real store file, SimClock for the timer, and a scripted step clock (RetentionOptions.stepClock)
 * for how long each step takes: every step reads it once before and once after its write.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { Retention } from '../../../core/engine/retention.ts';
import type { Logger } from '../../../core/model/logger.ts';
import type { RetentionConfigChange } from '../../../core/model/retention.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { openStore, type Store } from '../../../core/store/index.ts';
import { deletedSinceMerge } from '../../../core/store/search-merge.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const NOW = Date.parse('2027-01-01T12:00:00Z');
const NO_LIMITS = {
  events: { max_rows: null, max_age_seconds: null },
  executions: { max_rows: null, max_age_seconds: null },
  webhook_event_logs: { max_rows: null, max_age_seconds: null },
  sensor_logs: { max_rows: null, max_age_seconds: null },
};

interface Logged {
  level: string;
  msg: string;
  data?: Record<string, unknown>;
}

/** A scripted step clock: step `k` (0-based) takes `durations(k)` ms; `probe` is read at each step's end. */
function stepClock<T>(durations: (k: number) => number, probe: () => T) {
  let t = 1_000;
  let reads = 0;
  const ends: T[] = [];
  const read = () => {
    reads++;
    if (reads % 2 === 0) {
      t += durations(reads / 2 - 1);
      ends.push(probe());
    }
    return t;
  };
  return { read, ends };
}

function fixture(t: Pick<TestContext, 'after'>, o: { stepClock?: () => number } = {}) {
  const file = path.join(tempDir(t), 'attune.db');
  const store = openStore({ file });
  t.after(() => store.close());
  const clock = new SimClock(NOW);
  const logged: Logged[] = [];
  const sink =
    (level: string) =>
    (msg: string, data?: Record<string, unknown>): void => {
      logged.push(data === undefined ? { level, msg } : { level, msg, data });
    };
  const logger: Logger = {
    debug: sink('debug'),
    info: sink('info'),
    warn: sink('warn'),
    error: sink('error'),
  };
  return { file, store, clock, logged, logger, ...o };
}

function retentionOf(f: ReturnType<typeof fixture>, stepClockFn?: () => number): Retention {
  const r = new Retention({ store: f.store, clock: f.clock, logger: f.logger, stepClock: stepClockFn });
  return r;
}

/** `n` events `ageS` seconds old (and older, one second apart), each with `payloadBytes` of payload. */
function addEvents(store: Store, n: number, ageS: number, payloadBytes = 2) {
  const payload = JSON.stringify({ p: 'x'.repeat(Math.max(0, payloadBytes - 8)) });
  store.transaction((w) => {
    const ins = w.stmt(
      `INSERT INTO events (kind, trigger_ref, payload, rule_ref, trace_tag, created)
       VALUES ('event', 'core.intervaltimer', ?, NULL, ?, ?)`,
    );
    for (let i = 0; i < n; i++) ins.run(payload, `t${ageS}-${i}`, NOW - (ageS + n - i) * 1000);
  });
}

const count = (store: Store, sql: string) => (store.read.raw.prepare(sql).get() as { n: number }).n;
const eventCount = (store: Store) => count(store, 'SELECT count(*) AS n FROM events');
const freePages = (store: Store) => store.read.raw.pragma('freelist_count', { simple: true }) as number;

/** Lets timer callbacks and the passes they start run to their end. */
async function settle(r: Retention) {
  for (let i = 0; i < 20; i++) await new Promise((res) => setImmediate(res));
  while (r.running()) await new Promise((res) => setImmediate(res));
  for (let i = 0; i < 5; i++) await new Promise((res) => setImmediate(res));
}

const configure = (r: Retention, c: RetentionConfigChange) =>
  r.setConfig({ min_per_outcome: 0, ...c, targets: { ...NO_LIMITS, ...c.targets } });

// --- The timer (docs/retention.md, "The config": check_interval_seconds) ---------------------------

test('the first pass runs a minute after the start, then one every check_interval_seconds of the clock', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  addEvents(f.store, 10, 1000);
  configure(r, { check_interval_seconds: 600, targets: { events: { max_rows: 8, max_age_seconds: null } } });
  r.start();
  f.clock.advance(59_999);
  await settle(r);
  assert.equal(r.lastPass(), null, 'nothing before a minute');
  f.clock.advance(1);
  await settle(r);
  assert.equal(r.lastPass()?.started_at, new Date(NOW + 60_000).toISOString());
  assert.equal(eventCount(f.store), 8);
  assert.equal(f.clock.msUntilNextTimer(), 600_000, 'the next pass one interval after the first');
  f.clock.advance(600_000);
  await settle(r);
  assert.equal(r.lastPass()?.started_at, new Date(NOW + 660_000).toISOString());
});

test('an interval shorter than a minute also sets when the first pass runs', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  configure(r, { check_interval_seconds: 30 });
  r.start();
  assert.equal(f.clock.msUntilNextTimer(), 30_000);
  f.clock.advance(30_000);
  await settle(r);
  assert.equal(r.lastPass()?.started_at, new Date(NOW + 30_000).toISOString());
  assert.equal(f.clock.msUntilNextTimer(), 30_000);
});

test('starting twice keeps one wake-up; a config change before the start schedules nothing', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  configure(r, { check_interval_seconds: 120 });
  assert.equal(f.clock.pendingTimers(), 0, 'not started: no wake-up');
  r.start();
  f.clock.advance(10_000);
  r.start();
  assert.equal(f.clock.pendingTimers(), 1);
  assert.equal(f.clock.msUntilNextTimer(), 50_000, 'the second start did not move the first pass');
});

test('a changed interval applies at once, counted from the change; after a stop a change schedules nothing', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  configure(r, { check_interval_seconds: 3600 });
  r.start();
  f.clock.advance(20_000);
  configure(r, { check_interval_seconds: 300 });
  assert.equal(f.clock.pendingTimers(), 1, 'the old wake-up is replaced, not added to');
  assert.equal(f.clock.msUntilNextTimer(), 300_000);
  await r.stop();
  assert.equal(f.clock.pendingTimers(), 0, 'a stopped retention leaves no wake-up');
  configure(r, { check_interval_seconds: 60 });
  assert.equal(f.clock.pendingTimers(), 0);
  f.clock.advance(3_600_000);
  await settle(r);
  assert.equal(r.lastPass(), null);
});

test('a disabled retention runs no pass at its interval, and keeps waking to see whether it is enabled again', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  addEvents(f.store, 5, 1000);
  configure(r, {
    enabled: false,
    check_interval_seconds: 60,
    targets: { events: { max_rows: 1, max_age_seconds: null } },
  });
  r.start();
  for (let i = 0; i < 3; i++) {
    f.clock.advance(60_000);
    await settle(r);
    assert.equal(f.clock.pendingTimers(), 1);
  }
  assert.equal(r.lastPass(), null);
  assert.equal(eventCount(f.store), 5);
  r.setConfig({ enabled: true });
  f.clock.advance(60_000);
  await settle(r);
  assert.equal(eventCount(f.store), 1);
  assert.equal(r.lastPass()?.started_at, new Date(NOW + 240_000).toISOString());
});

test('a pass that fails is logged with its error, and the next pass still comes', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  configure(r, { check_interval_seconds: 60, min_per_outcome: 1 });
  f.store.read.raw.exec('ALTER TABLE evaluations RENAME TO evaluations_away');
  r.start();
  f.clock.advance(60_000);
  await settle(r);
  assert.deepEqual(f.logged, [
    {
      level: 'error',
      msg: 'retention pass failed',
      data: { error: 'SqliteError: no such table: evaluations' },
    },
  ]);
  assert.equal(r.lastPass(), null);
  assert.equal(f.clock.msUntilNextTimer(), 60_000);
  f.store.read.raw.exec('ALTER TABLE evaluations_away RENAME TO evaluations');
  f.clock.advance(60_000);
  await settle(r);
  assert.equal(r.lastPass()?.started_at, new Date(NOW + 120_000).toISOString());
});

test('a stop while a timed pass runs waits for it, and no next pass is scheduled', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  addEvents(f.store, 100, 1000);
  configure(r, {
    check_interval_seconds: 60,
    batch_size: 10,
    targets: { events: { max_rows: 5, max_age_seconds: null } },
  });
  r.start();
  f.clock.advance(60_000);
  assert.equal(r.running(), true, 'the timer started a pass');
  await r.stop();
  assert.equal(r.running(), false);
  assert.equal(f.clock.pendingTimers(), 0);
  assert.ok(eventCount(f.store) > 5, 'stopped before its end');
});

// --- What a pass reports (docs/retention.md, "Pauses": `last_pass`) -------------------------------

test('a pass reports when it started and finished on the clock, what it deleted, its batches and pages', async (t) => {
  const f = fixture(t);
  // Each step takes a second of the simulated clock as well.
  const steps = stepClock(
    () => 2,
    () => f.clock.advance(1000),
  );
  const r = retentionOf(f, steps.read);
  addEvents(f.store, 30, 1000, 3000);
  configure(r, { batch_size: 10, targets: { events: { max_rows: null, max_age_seconds: 60 } } });
  assert.equal(r.lastPass(), null, 'no pass yet');
  assert.equal(r.running(), false);
  const p = r.runPass();
  assert.equal(r.running(), true);
  assert.equal(r.runPass(), p, 'a second request joins the pass under way');
  const pass = await p;
  assert.equal(r.running(), false);
  assert.equal(pass.started_at, new Date(NOW).toISOString());
  assert.equal(pass.finished_at, new Date(NOW + steps.ends.length * 1000).toISOString());
  assert.deepEqual(pass.deleted, { events: 30 }, 'no count for a table that lost nothing');
  assert.equal(pass.batches, 3);
  assert.ok(pass.pages_freed > 20, `${pass.pages_freed} pages freed`);
  assert.equal(pass.longest_step_ms, 2);
  assert.equal(r.lastPass(), pass);
  assert.deepEqual(f.logged, [
    {
      level: 'info',
      msg: 'retention pass',
      data: { deleted: { events: 30 }, pages_freed: pass.pages_freed },
    },
  ]);
});

test("a pass's longest step is the longest single step, to a tenth of a millisecond", async (t) => {
  const f = fixture(t);
  const durations = [3.26, 12.34, 7, 0.5];
  const steps = stepClock(
    (k) => durations[k] ?? 1,
    () => null,
  );
  const r = retentionOf(f, steps.read);
  addEvents(f.store, 40, 1000);
  configure(r, { batch_size: 10, targets: { events: { max_rows: null, max_age_seconds: 60 } } });
  assert.equal((await r.runPass()).longest_step_ms, 12.3);
  // The next pass (every step 1 ms) starts its own longest step from nothing.
  assert.equal((await r.runPass()).longest_step_ms, 1);
});

test('a pass with no batch logs nothing; the real step clock measures some time', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  addEvents(f.store, 50, 1000, 3000);
  f.store.read.raw.exec('DELETE FROM events');
  const pass = await r.runPass();
  assert.equal(pass.batches, 0);
  assert.ok(pass.pages_freed > 0, 'the pages of the deleted rows are given back all the same');
  assert.ok(pass.longest_step_ms > 0);
  assert.deepEqual(f.logged, []);
});

// --- Batch sizes (docs/retention.md, "Off the hot path", step 3) ----------------------------------

/** Rows deleted by each batch of a pass over `n` events all over an age limit. */
async function batchSizes(t: TestContext, n: number, batch: number, durations: (k: number) => number) {
  const f = fixture(t);
  const steps = stepClock(durations, () => eventCount(f.store));
  const r = retentionOf(f, steps.read);
  addEvents(f.store, n, 1000);
  configure(r, { batch_size: batch, targets: { events: { max_rows: null, max_age_seconds: 60 } } });
  await r.runPass();
  const sizes: number[] = [];
  let before = n;
  for (const left of steps.ends) {
    if (left === before) break;
    sizes.push(before - left);
    before = left;
  }
  return { sizes, r, f, steps };
}

test('a slow batch shrinks the next in proportion to 10 ms, down to 10 rows', async (t) => {
  const { sizes } = await batchSizes(t, 220, 100, () => 20);
  assert.deepEqual(sizes.slice(0, 6), [100, 50, 25, 12, 10, 10]);
});

test('a fast batch (under 5 ms) grows the next by half, up to batch_size', async (t) => {
  const { sizes } = await batchSizes(t, 600, 100, (k) => (k < 2 ? 40 : 1));
  assert.deepEqual(sizes.slice(0, 10), [100, 25, 10, 15, 23, 35, 53, 80, 100, 100]);
});

test('a batch of 5 to 10 ms keeps the size', async (t) => {
  const { sizes } = await batchSizes(t, 400, 100, (k) => [20, 5, 10, 7, 1][k] ?? 1);
  assert.deepEqual(sizes.slice(0, 6), [100, 50, 50, 50, 50, 75]);
});

test('the size a pass settled on carries over to the next pass, within its batch_size', async (t) => {
  const f = fixture(t);
  const queue: number[] = [];
  const steps = stepClock(
    () => queue.shift() ?? 7,
    () => eventCount(f.store),
  );
  const r = retentionOf(f, steps.read);
  addEvents(f.store, 400, 1000);
  // (Each pass first finds the row-limit cutoff: one step.) A fast batch of 30 would grow the
  // next to 45, but batch_size caps it at 30; a 7 ms batch of 30 then keeps 30.
  queue.push(7, 1);
  configure(r, { batch_size: 30, targets: { events: { max_rows: 340, max_age_seconds: null } } });
  await r.runPass();
  assert.equal(eventCount(f.store), 340);
  configure(r, { batch_size: 1000, targets: { events: { max_rows: 100, max_age_seconds: null } } });
  steps.ends.length = 0;
  await r.runPass();
  assert.equal(steps.ends[1], 310, 'the first batch of the next pass holds 30 rows');
  assert.equal(eventCount(f.store), 100);
  // A slow pass leaves the size small for the next one: 30 at 20 ms, then 15, then 10.
  configure(r, { batch_size: 100, targets: { events: { max_rows: 40, max_age_seconds: null } } });
  queue.push(7, 20, 20);
  await r.runPass();
  configure(r, { batch_size: 100, targets: { events: { max_rows: 10, max_age_seconds: null } } });
  steps.ends.length = 0;
  await r.runPass();
  assert.equal(steps.ends[1], 30, 'the first batch of the next pass holds 10 rows');
});

// --- Vacuum steps (docs/retention.md, "Off the hot path", step 5; "The file shrinks") -------------

/** Pages given back per vacuum step of a pass with nothing to delete, after `mb` MB were freed. */
async function vacuumSteps(t: TestContext, events: number, durations: (k: number) => number) {
  const f = fixture(t);
  const steps = stepClock(durations, () => freePages(f.store));
  const r = retentionOf(f, steps.read);
  configure(r, {});
  addEvents(f.store, events, 1000, 8000);
  f.store.read.raw.exec('DELETE FROM events');
  const free = freePages(f.store);
  const pass = await r.runPass();
  const given: number[] = [];
  let before = free;
  for (const left of steps.ends) {
    given.push(before - left);
    before = left;
  }
  return { given, pass, free, f, r };
}

test('the vacuum gives pages back in steps of 64 that double while fast, up to 1,024, then checkpoints the log', async (t) => {
  const { given, pass, free, f } = await vacuumSteps(t, 1600, () => 1);
  assert.ok(free > 3100, `${free} free pages`);
  assert.deepEqual(given.slice(0, 6), [64, 128, 256, 512, 1024, 1024]);
  assert.equal(pass.pages_freed, free);
  assert.equal(freePages(f.store), 0);
  assert.equal(fs.statSync(`${f.file}-wal`).size, 0, 'the write-ahead log is copied back and cut');
});

test('a slow vacuum step shrinks the next in proportion to 10 ms, down to 16 pages; 5 to 10 ms keeps it', async (t) => {
  const { given } = await vacuumSteps(t, 200, (k) => [30, 1, 7, 10, 5, 20, 40, 40][k] ?? 1);
  assert.deepEqual(given.slice(0, 9), [64, 21, 42, 42, 42, 42, 21, 16, 16]);
});

test('a pass that frees no page leaves the write-ahead log as it is', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  addEvents(f.store, 20, 1000);
  const wal = fs.statSync(`${f.file}-wal`).size;
  assert.ok(wal > 0);
  const pass = await r.runPass();
  assert.equal(pass.pages_freed, 0);
  assert.ok(fs.statSync(`${f.file}-wal`).size >= wal);
});

// --- The config and the clock it shares ----------------------------------------------------------

test('a bad config is refused whole with the field named; the stored one and the next pass stay as they were', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  t.after(() => r.stop());
  configure(r, { check_interval_seconds: 600 });
  r.start();
  f.clock.advance(10_000);
  const before = r.config();
  assert.throws(
    () => r.setConfig({ batch_size: 0, check_interval_seconds: 60 }),
    (err: { code: string; field?: string; message: string }) => {
      assert.equal(err.code, 'VALIDATION_ERROR');
      assert.equal(err.field, 'batch_size');
      assert.equal(err.message, 'batch_size: Too small: expected number to be >=1');
      return true;
    },
  );
  assert.deepEqual(r.config(), before);
  assert.equal(f.clock.msUntilNextTimer(), 50_000);
});

test("retention's start, stop and wake-ups leave the other timers on the engine's clock alone", async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  let other = 0;
  f.clock.setTimeout(() => other++, 10_000_000);
  configure(r, { check_interval_seconds: 60 });
  await r.stop();
  const s = retentionOf(f);
  t.after(() => s.stop());
  s.start();
  assert.equal(f.clock.pendingTimers(), 2);
  f.clock.advance(60_000);
  await settle(s);
  assert.notEqual(s.lastPass(), null);
  assert.equal(f.clock.pendingTimers(), 2, "the other timer and retention's next wake-up");
  configure(s, { check_interval_seconds: 120 });
  assert.equal(f.clock.pendingTimers(), 2);
  await s.stop();
  assert.equal(f.clock.pendingTimers(), 1);
  f.clock.advance(10_000_000);
  assert.equal(other, 1);
});

// --- The search index's merges (docs/retention.md, "Pauses") -------------------------------------

/** `n` events `ageS` seconds old and older, each with a few words of its own (so the index has work). */
function addWordyEvents(store: Store, n: number, ageS: number, chunks = 10) {
  const per = Math.ceil(n / chunks);
  for (let c = 0; c < chunks; c++) {
    store.transaction((w) => {
      const ins = w.stmt(
        `INSERT INTO events (kind, trigger_ref, payload, rule_ref, trace_tag, created)
         VALUES ('event', 'core.intervaltimer', ?, NULL, ?, ?)`,
      );
      for (let i = c * per; i < Math.min(n, (c + 1) * per); i++) {
        const words = Array.from({ length: 12 }, (_, j) => `w${(i * 7 + j * 13) % 997}x${j}`).join(' ');
        ins.run(JSON.stringify({ text: words }), `wz${ageS}-${i}`, NOW - (ageS + n - i) * 1000);
      }
    });
  }
}

test('the count of events deleted since the last merge adds up across passes, also over a pass that deletes no event', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  addWordyEvents(f.store, 600, 1000, 2);
  addWordyEvents(f.store, 100, 0, 1);
  f.store.transaction((w) => {
    const ins = w.stmt(
      `INSERT INTO executions (action_ref, config, status, timeout_seconds, trace_tag, created, updated)
       VALUES ('core.noop', '{}', 'completed', 600, ?, ?, ?)`,
    );
    for (let i = 0; i < 5; i++) ins.run(`x${i}`, NOW - 500_000, NOW - 500_000);
  });
  configure(r, { targets: { events: { max_rows: null, max_age_seconds: 100 } } });
  assert.deepEqual((await r.runPass()).deleted, { events: 600 });
  assert.equal(deletedSinceMerge(f.store.read), 600, 'under 1,000: no merge yet');
  configure(r, { targets: { executions: { max_rows: null, max_age_seconds: 100 } } });
  assert.deepEqual((await r.runPass()).deleted, { executions: 5 });
  assert.equal(deletedSinceMerge(f.store.read), 600);
});

test('once a merge is due the pass merges the index until it is done, and the count starts again', async (t) => {
  const f = fixture(t);
  const r = retentionOf(f);
  addWordyEvents(f.store, 1200, 1000);
  addWordyEvents(f.store, 100, 0, 1);
  configure(r, { batch_size: 10_000, targets: { events: { max_rows: null, max_age_seconds: 100 } } });
  assert.deepEqual((await r.runPass()).deleted, { events: 1200 });
  assert.equal(deletedSinceMerge(f.store.read), 0);
});

test('a stop during a merge leaves the count, gives no page back, and the next pass carries the merge on', async (t) => {
  const f = fixture(t);
  // Step 0 is the one batch; stop at the end of step 1, the first merge step.
  let r: Retention | null = null;
  const steps = stepClock(
    () => 1,
    () => {
      if (steps.ends.length === 1) void r?.stop();
      return null;
    },
  );
  r = retentionOf(f, steps.read);
  addWordyEvents(f.store, 1200, 1000);
  addWordyEvents(f.store, 100, 0, 1);
  configure(r, { batch_size: 10_000, targets: { events: { max_rows: null, max_age_seconds: 100 } } });
  const pass = await r.runPass();
  assert.deepEqual(pass.deleted, { events: 1200 });
  assert.equal(steps.ends.length, 2, 'the batch and one merge step');
  assert.equal(pass.pages_freed, 0);
  assert.equal(deletedSinceMerge(f.store.read), 1200);
  const next = retentionOf(f);
  const again = await next.runPass();
  assert.deepEqual(again.deleted, {});
  assert.equal(deletedSinceMerge(f.store.read), 0);
  assert.ok(again.pages_freed > 0);
});

test('a stop during the vacuum ends it at its next step', async (t) => {
  const f = fixture(t);
  let r: Retention | null = null;
  const steps = stepClock(
    () => 1,
    () => {
      if (steps.ends.length === 1) void r?.stop();
      return freePages(f.store);
    },
  );
  r = retentionOf(f, steps.read);
  configure(r, {});
  addEvents(f.store, 200, 1000, 8000);
  f.store.read.raw.exec('DELETE FROM events');
  const free = freePages(f.store);
  const pass = await r.runPass();
  assert.equal(pass.pages_freed, 64 + 128);
  assert.equal(freePages(f.store), free - 192);
});
