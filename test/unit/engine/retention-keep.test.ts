/**
 * What a retention pass keeps and deletes (docs/retention.md), on a few hand-made rows so each
 * rule is visible: the row limit keeps the newest rows, the age limit the rows at most
 * `max_age_seconds` old, and either limit deletes; per rule the newest `min_per_outcome` events of
 * each outcome and of missed slots stay with their executions; an event or execution that has
 * not finished, or a run with a child, stays whatever its age. Real store file, SimClock.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { Retention } from '../../../core/engine/retention.ts';
import { silentLogger } from '../../../core/model/logger.ts';
import type { RetentionConfigChange } from '../../../core/model/retention.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { openStore, type Store } from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const NOW = Date.parse('2027-01-01T12:00:00Z');
type Outcome = 'matched' | 'condition_false' | 'retry_exhausted' | 'missed';

function fixture(t: Pick<TestContext, 'after'>) {
  const store = openStore({ file: path.join(tempDir(t), 'attune.db') });
  t.after(() => store.close());
  const clock = new SimClock(NOW);
  const retention = new Retention({ store, clock, logger: silentLogger });
  let tags = 0;
  const tag = () => (++tags).toString(16).padStart(16, '0');
  /** One event `ageS` seconds old and what its rule did with it; returns the event and execution ids. */
  const add = (
    rule: string | null,
    outcome: Outcome,
    ageS: number,
    status = outcome === 'retry_exhausted' ? 'failed' : 'completed',
  ) =>
    store.transaction((w) => {
      const at = NOW - ageS * 1000;
      const ev = Number(
        w
          .stmt(
            `INSERT INTO events (kind, trigger_ref, payload, rule_ref, trace_tag, created)
             VALUES (?, 'core.intervaltimer', '{}', ?, ?, ?)`,
          )
          .run(outcome === 'missed' ? 'missed' : 'event', rule, tag(), at).lastInsertRowid,
      );
      if (outcome === 'missed' || rule === null) return { ev, exec: null };
      if (outcome === 'condition_false') {
        w.stmt('INSERT INTO evaluations (event_id, rule_ref, outcome, detail) VALUES (?, ?, ?, ?)').run(
          ev,
          rule,
          outcome,
          'x == 1',
        );
        return { ev, exec: null };
      }
      const enf = Number(
        w
          .stmt(
            `INSERT INTO enforcements (rule_ref, event_id, trigger_ref, config, status, created)
             VALUES (?, ?, 'core.intervaltimer', '{}', 'processed', ?)`,
          )
          .run(rule, ev, at).lastInsertRowid,
      );
      w.stmt('INSERT INTO evaluations (event_id, rule_ref, outcome, enforcement_id) VALUES (?, ?, ?, ?)').run(
        ev,
        rule,
        outcome,
        enf,
      );
      const exec = addExecution(w.raw, at, status, enf, rule);
      return { ev, exec };
    });
  const addExecution = (
    db: Store['read']['raw'],
    at: number,
    status: string,
    enforcement: number | null,
    rule: string | null,
    parent: number | null = null,
  ) =>
    Number(
      db
        .prepare(
          `INSERT INTO executions (action_ref, config, enforcement_id, rule_ref, status, parent_id, timeout_seconds,
             trace_tag, created, updated)
           VALUES ('core.echo', '{}', ?, ?, ?, ?, 600, ?, ?, ?)`,
        )
        .run(enforcement, rule, status, parent, tag(), at, at).lastInsertRowid,
    );
  const ids = (table: string) =>
    (store.read.raw.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as Array<{ id: number }>).map(
      (r) => r.id,
    );
  const configure = (c: RetentionConfigChange) =>
    retention.setConfig({
      min_per_outcome: 0,
      ...c,
      targets: {
        events: { max_rows: null, max_age_seconds: null },
        executions: { max_rows: null, max_age_seconds: null },
        webhook_event_logs: { max_rows: null, max_age_seconds: null },
        sensor_logs: { max_rows: null, max_age_seconds: null },
        ...c.targets,
      },
    });
  return { store, clock, retention, add, addExecution, ids, configure };
}

test('the row limit keeps the newest max_rows events and deletes the older ones with their executions', async (t) => {
  const f = fixture(t);
  const added = Array.from({ length: 10 }, (_, i) => f.add('local.a', 'matched', 100 - i));
  f.configure({ targets: { events: { max_rows: 4, max_age_seconds: null } } });
  const pass = await f.retention.runPass();
  assert.deepEqual(
    f.ids('events'),
    added.slice(6).map((a) => a.ev),
  );
  assert.deepEqual(
    f.ids('executions'),
    added.slice(6).map((a) => a.exec),
  );
  assert.deepEqual(pass.deleted, { events: 6, executions: 6 });
});

test('a table at or under its row limit loses nothing', async (t) => {
  const f = fixture(t);
  for (let i = 0; i < 5; i++) f.add('local.a', 'matched', 100 - i);
  f.configure({ targets: { events: { max_rows: 5, max_age_seconds: null } } });
  assert.deepEqual((await f.retention.runPass()).deleted, {});
  f.configure({ targets: { events: { max_rows: 6, max_age_seconds: null } } });
  assert.deepEqual((await f.retention.runPass()).deleted, {});
  assert.equal(f.ids('events').length, 5);
});

test('the age limit deletes events older than max_age_seconds and keeps one exactly that old', async (t) => {
  const f = fixture(t);
  const added = [12, 11, 10, 9, 1].map((age) => f.add('local.a', 'matched', age));
  f.configure({ targets: { events: { max_rows: null, max_age_seconds: 10 } } });
  const pass = await f.retention.runPass();
  assert.deepEqual(
    f.ids('events'),
    added.slice(2).map((a) => a.ev),
  );
  assert.deepEqual(pass.deleted, { events: 2, executions: 2 });
});

test('an age limit older than every row deletes them all, also when the last page is full', async (t) => {
  for (const n of [25, 30]) {
    const f = fixture(t);
    for (let i = 0; i < n; i++) f.add('local.a', 'matched', 100 - i);
    f.configure({ batch_size: 10, targets: { events: { max_rows: null, max_age_seconds: 60 } } });
    const pass = await f.retention.runPass();
    assert.deepEqual(f.ids('events'), []);
    assert.deepEqual(pass.deleted, { events: n, executions: n });
  }
});

test('either limit deletes: a row goes when it is beyond the row limit or older than the age limit', async (t) => {
  const f = fixture(t);
  const added = [50, 40, 30, 3, 2, 1].map((age) => f.add('local.a', 'matched', age));
  // The row limit alone would keep four, the age limit alone five.
  f.configure({ targets: { events: { max_rows: 4, max_age_seconds: 45 } } });
  await f.retention.runPass();
  assert.deepEqual(
    f.ids('events'),
    added.slice(2).map((a) => a.ev),
  );
  const g = fixture(t);
  const more = [50, 40, 30, 3, 2, 1].map((age) => g.add('local.a', 'matched', age));
  g.configure({ targets: { events: { max_rows: 5, max_age_seconds: 35 } } });
  await g.retention.runPass();
  assert.deepEqual(
    g.ids('events'),
    more.slice(2).map((a) => a.ev),
  );
});

test('trimming is oldest first by id and stops at the first row within the limits (a clock set back keeps rows longer)', async (t) => {
  const f = fixture(t);
  const added = [100, 5, 100, 100].map((age) => f.add('local.a', 'matched', age));
  f.configure({ targets: { events: { max_rows: null, max_age_seconds: 50 } } });
  await f.retention.runPass();
  assert.deepEqual(
    f.ids('events'),
    added.slice(1).map((a) => a.ev),
  );
});

test('per rule, the newest min_per_outcome events of each outcome and of missed slots stay', async (t) => {
  const f = fixture(t);
  const e = (rule: string | null, outcome: Outcome, age: number) => f.add(rule, outcome, age).ev;
  const aFalse = [
    e('local.a', 'condition_false', 100),
    e('local.a', 'condition_false', 99),
    e('local.a', 'condition_false', 98),
  ];
  const aFailed = [e('local.a', 'retry_exhausted', 97), e('local.a', 'retry_exhausted', 96)];
  const bFalse = [e('local.b', 'condition_false', 95)];
  const aMissed = [e('local.a', 'missed', 94), e('local.a', 'missed', 93), e('local.a', 'missed', 92)];
  const bMissed = [e('local.b', 'missed', 91)];
  const noRule = [e(null, 'missed', 90), e(null, 'missed', 89), e(null, 'missed', 88)];
  const recent = [e('local.a', 'matched', 3), e('local.a', 'matched', 2), e('local.a', 'matched', 1)];
  f.configure({ min_per_outcome: 2, targets: { events: { max_rows: 1, max_age_seconds: null } } });
  await f.retention.runPass();
  assert.deepEqual(
    f.ids('events'),
    [
      ...aFalse.slice(1),
      ...aFailed,
      ...bFalse,
      ...aMissed.slice(1),
      ...bMissed,
      ...noRule.slice(1),
      ...recent.slice(1),
    ].sort((x, y) => x - y),
    'the two newest matches of local.a are its minimum; the limit alone would keep one',
  );
  // A kept failure keeps its failed execution.
  assert.equal(
    (
      f.store.read.raw.prepare("SELECT count(*) AS n FROM executions WHERE status = 'failed'").get() as {
        n: number;
      }
    ).n,
    2,
  );
});

test('with min_per_outcome 0 nothing is kept beyond the limits', async (t) => {
  const f = fixture(t);
  f.add('local.a', 'condition_false', 100);
  f.add('local.a', 'missed', 99);
  const last = f.add('local.a', 'retry_exhausted', 1);
  f.configure({ min_per_outcome: 0, targets: { events: { max_rows: 1, max_age_seconds: null } } });
  await f.retention.runPass();
  assert.deepEqual(f.ids('events'), [last.ev]);
});

test('an event whose execution has not finished stays, whatever the limits', async (t) => {
  const f = fixture(t);
  const running = f.add('local.a', 'matched', 100, 'running');
  const queued = f.add('local.a', 'matched', 99, 'scheduled');
  f.add('local.a', 'matched', 98);
  const last = f.add('local.a', 'matched', 1);
  f.configure({ targets: { events: { max_rows: 1, max_age_seconds: null } } });
  const pass = await f.retention.runPass();
  assert.deepEqual(f.ids('events'), [running.ev, queued.ev, last.ev]);
  assert.deepEqual(pass.deleted, { events: 1, executions: 1 });
});

test('the executions limit deletes finished runs only: not running ones, not parents of a child, not those of kept events', async (t) => {
  const f = fixture(t);
  const kept = f.add('local.a', 'retry_exhausted', 100, 'failed');
  const old = f.add('local.a', 'matched', 99);
  const running = f.store.transaction((w) => f.addExecution(w.raw, NOW - 98_000, 'running', null, null));
  const parent = f.store.transaction((w) => f.addExecution(w.raw, NOW - 97_000, 'completed', null, null));
  const manual = f.store.transaction((w) => f.addExecution(w.raw, NOW - 96_000, 'completed', null, null));
  const child = f.store.transaction((w) =>
    f.addExecution(w.raw, NOW - 95_000, 'completed', null, null, parent),
  );
  const newerMatch = f.add('local.a', 'matched', 50);
  const newest = f.store.transaction((w) => f.addExecution(w.raw, NOW - 1_000, 'completed', null, null));
  f.configure({ min_per_outcome: 1, targets: { executions: { max_rows: 1, max_age_seconds: null } } });
  const pass = await f.retention.runPass();
  // Gone: the run of the older match (the minimum keeps the newer one), the manual run, the child.
  assert.deepEqual(f.ids('executions'), [kept.exec, running, parent, newerMatch.exec, newest]);
  assert.deepEqual(pass.deleted, { executions: 3 });
  assert.deepEqual(f.ids('events'), [kept.ev, old.ev, newerMatch.ev], 'no event limit: the events stay');
  assert.ok(![old.exec, manual, child].some((x) => f.ids('executions').includes(x as number)));
});

test('a pass deletes in batches of batch_size, at least 10 rows each, and stops at the first row within the limit', async (t) => {
  for (const batch_size of [10, 1]) {
    const f = fixture(t);
    const added = Array.from({ length: 45 }, (_, i) => f.add('local.a', 'matched', 100 - i));
    // The first row kept is the first of a full page: the pass must stop there.
    f.configure({ batch_size, targets: { events: { max_rows: 15, max_age_seconds: null } } });
    const pass = await f.retention.runPass();
    assert.deepEqual(
      f.ids('events'),
      added.slice(30).map((a) => a.ev),
    );
    assert.equal(pass.batches, 3, `batch_size ${batch_size}`);
    assert.deepEqual(pass.deleted, { events: 30, executions: 30 });
  }
});

test('a batch in which every row over the limit is kept writes nothing and is not counted', async (t) => {
  const f = fixture(t);
  f.add('local.a', 'matched', 100, 'running');
  f.add('local.a', 'matched', 1);
  f.configure({ targets: { events: { max_rows: 1, max_age_seconds: null } } });
  const pass = await f.retention.runPass();
  assert.equal(pass.batches, 0);
  assert.deepEqual(pass.deleted, {});
  assert.equal(f.ids('events').length, 2);
});

test('missed slots are counted per rule across more than one page of 1,000, each slot once', async (t) => {
  const f = fixture(t);
  const slotsOfA = (n: number) =>
    f.store.transaction((w) => {
      const ins = w.stmt(
        `INSERT INTO events (kind, trigger_ref, payload, rule_ref, trace_tag, created)
         VALUES ('missed', 'core.intervaltimer', '{}', 'local.a', ?, ?)`,
      );
      for (let i = 0; i < n; i++) ins.run(`a${n}-${i}`, NOW - 4_000_000 + i * 1000);
    });
  // Newest first: two slots of a, b's newer slot, 1,000 slots of a, b's older slot.
  const oldB = f.add('local.b', 'missed', 5000).ev;
  slotsOfA(1000);
  const newB = f.add('local.b', 'missed', 20).ev;
  slotsOfA(2);
  const last = f.add('local.c', 'matched', 1).ev;
  f.configure({ min_per_outcome: 2, targets: { events: { max_rows: 1, max_age_seconds: null } } });
  await f.retention.runPass();
  const ids = f.ids('events');
  assert.equal(ids.length, 5, 'the two newest missed slots of each rule, and the newest event');
  assert.deepEqual([ids[0], ids[1], ids[4]], [oldB, newB, last]);
});

test('webhook attempts are trimmed to their own limit; a target whose table does not exist is skipped', async (t) => {
  const f = fixture(t);
  f.store.transaction((w) => {
    const ins = w.stmt(
      `INSERT INTO webhook_attempts (trigger_ref, webhook_key, status_code, body_bytes, created)
       VALUES ('local.hook', 'k', 200, 2, ?)`,
    );
    for (let i = 0; i < 8; i++) ins.run(NOW - 100_000 + i * 1000);
  });
  const hasSensorLogs = f.store.read.raw
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'sensor_logs'")
    .get() as { n: number };
  assert.equal(hasSensorLogs.n, 0, 'this store has no sensor_logs table');
  f.configure({
    targets: {
      webhook_event_logs: { max_rows: 3, max_age_seconds: null },
      sensor_logs: { max_rows: 1, max_age_seconds: 1 },
    },
  });
  const pass = await f.retention.runPass();
  assert.deepEqual(pass.deleted, { webhook_event_logs: 5 });
  assert.equal(f.ids('webhook_attempts').length, 3);
});

test('a stop during a pass ends it at the next batch', async (t) => {
  const f = fixture(t);
  for (let i = 0; i < 45; i++) f.add('local.a', 'matched', 100 - i);
  f.configure({ batch_size: 10, targets: { events: { max_rows: 5, max_age_seconds: null } } });
  const pass = f.retention.runPass();
  // The pass yields to the event loop after each batch: stop it after the first.
  while (f.ids('events').length === 45) await new Promise((r) => setImmediate(r));
  await f.retention.stop();
  const done = await pass;
  assert.equal(done.batches, 1);
  assert.equal(f.ids('events').length, 35);
});
