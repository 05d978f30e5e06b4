/**
 * A retention pass (docs/retention.md): trims each table to its limits oldest first, keeps per
 * rule the newest `min_per_outcome` events of every outcome, never deletes what an unfinished
 * execution needs or what a kept row points at, and gives the freed pages back to the disk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedOutcome, seedRule } from '../../helpers/history-seed.ts';
import { count, fileBytes, seeded } from './support.ts';

const RULES = 4;

test('trimming 100,000 events to 10,000 keeps the newest 10,000 and, per rule, 20 of every outcome; the file shrinks', async (t) => {
  const EVENTS = 100_000;
  const f = seeded(t, { events: EVENTS, rules: RULES });
  const before = fileBytes(f);
  // What each rule had of each outcome, and which events were newest.
  const had = new Map<string, number>();
  for (let n = 0; n < EVENTS; n++) {
    const key = `${seedRule(n, RULES)} ${seedOutcome(n)}`;
    had.set(key, (had.get(key) ?? 0) + 1);
  }
  f.retention.setConfig({
    min_per_outcome: 20,
    targets: { events: { max_rows: 10_000, max_age_seconds: null } },
  });

  const pass = await f.retention.runPass();

  const maxId = count(f.store, 'SELECT MAX(id) AS n FROM events');
  assert.equal(
    count(f.store, 'SELECT count(*) AS n FROM events WHERE id > ?', maxId - 10_000),
    10_000,
    'the newest 10,000 are all kept',
  );
  const kept = count(f.store, 'SELECT count(*) AS n FROM events');
  assert.ok(
    kept <= 10_000 + RULES * 5 * 20,
    `${kept} events kept: the limit plus the per-outcome minimum at most`,
  );
  assert.ok(kept > 10_000, 'older failures and non-fires are kept beyond the limit');
  assert.equal(pass.deleted.events, EVENTS - kept);
  const outcomes = f.store.read.raw
    .prepare(
      `SELECT rule_ref, outcome, count(*) AS n FROM evaluations GROUP BY 1, 2
       UNION ALL SELECT rule_ref, 'missed', count(*) FROM events WHERE kind = 'missed' GROUP BY 1`,
    )
    .all() as Array<{ rule_ref: string; outcome: string; n: number }>;
  for (const [key, n] of had) {
    const [rule, outcome] = key.split(' ');
    const left = outcomes.find((o) => o.rule_ref === rule && o.outcome === outcome)?.n ?? 0;
    assert.ok(left >= Math.min(20, n), `${rule} keeps ${left} of its ${n} ${outcome} events`);
  }
  // A failure keeps its whole trace: evaluation, enforcement and the failed execution.
  assert.equal(
    count(
      f.store,
      `SELECT count(*) AS n FROM evaluations v JOIN enforcements en ON en.id = v.enforcement_id
       JOIN executions x ON x.enforcement_id = en.id WHERE v.outcome = 'retry_exhausted' AND x.status = 'failed'`,
    ),
    count(f.store, "SELECT count(*) AS n FROM evaluations WHERE outcome = 'retry_exhausted'"),
  );
  assert.deepEqual(f.store.read.raw.pragma('foreign_key_check'), []);
  assert.equal(
    count(f.store, 'SELECT count(*) AS n FROM executions WHERE enforcement_id IS NULL'),
    0,
    'no execution is left behind without its event',
  );
  const after = fileBytes(f);
  assert.ok(pass.pages_freed > 0);
  assert.ok(after < before / 3, `the file went from ${before} to ${after} bytes`);
});

test('an event whose execution has not finished is kept, whatever its age', async (t) => {
  const f = seeded(t, { events: 3_000, rules: RULES });
  const oldest = f.store.read.raw
    .prepare(
      `SELECT en.event_id AS event, x.id AS exec FROM executions x JOIN enforcements en ON en.id = x.enforcement_id
       ORDER BY x.id LIMIT 1`,
    )
    .get() as { event: number; exec: number };
  f.store.transaction((w) =>
    w.stmt("UPDATE executions SET status = 'running' WHERE id = ?").run(oldest.exec),
  );
  f.retention.setConfig({ min_per_outcome: 0, targets: { events: { max_rows: 100 } } });
  await f.retention.runPass();
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events WHERE id = ?', oldest.event), 1);
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM executions WHERE id = ?', oldest.exec), 1);
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 101);
  assert.deepEqual(f.store.read.raw.pragma('foreign_key_check'), []);
});

test('the age limit deletes what is older than max_age_seconds and nothing newer', async (t) => {
  const f = seeded(t, { events: 3_000, rules: RULES });
  // now = 3,000 s after the first event: keep the last 1,000 seconds.
  f.retention.setConfig({
    min_per_outcome: 0,
    targets: { events: { max_rows: null, max_age_seconds: 1_000 } },
  });
  await f.retention.runPass();
  const cutoff = f.clock.now() - 1_000_000;
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events WHERE created < ?', cutoff), 0);
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM events'), 1_000);
});

test('the executions limit deletes old finished runs, but not those of events the minimum keeps', async (t) => {
  const f = seeded(t, { events: 3_000, rules: RULES });
  f.retention.setConfig({
    min_per_outcome: 20,
    targets: { events: { max_rows: null, max_age_seconds: null }, executions: { max_rows: 500 } },
  });
  const failedBefore = count(f.store, "SELECT count(*) AS n FROM executions WHERE status = 'failed'");
  await f.retention.runPass();
  assert.equal(
    count(f.store, 'SELECT count(*) AS n FROM events'),
    3_000,
    'no event limit: every event stays',
  );
  const left = count(f.store, 'SELECT count(*) AS n FROM executions');
  assert.ok(left >= 500 && left <= 500 + RULES * 5 * 20, `${left} executions left`);
  assert.equal(
    count(f.store, "SELECT count(*) AS n FROM executions WHERE status = 'failed'"),
    Math.min(failedBefore, RULES * 20),
    'failed runs of kept failures stay',
  );
  assert.deepEqual(f.store.read.raw.pragma('foreign_key_check'), []);
});

test('webhook attempts are trimmed to their own limit, and a sensor log table is trimmed once it exists', async (t) => {
  const f = seeded(t, { events: 10, rules: 1 });
  const now = f.clock.now();
  f.store.transaction((w) => {
    const attempt = w.stmt(
      `INSERT INTO webhook_attempts (trigger_ref, webhook_key, status_code, body_bytes, created)
       VALUES ('local.hook', 'k', 200, 2, ?)`,
    );
    for (let i = 0; i < 300; i++) attempt.run(now - 300_000 + i * 1000);
  });
  f.retention.setConfig({ targets: { webhook_event_logs: { max_rows: 50, max_age_seconds: null } } });
  const first = await f.retention.runPass();
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM webhook_attempts'), 50);
  assert.equal(first.deleted.sensor_logs, undefined, 'no sensor log table yet: skipped');

  f.store.transaction((w) => {
    w.raw.exec('CREATE TABLE sensor_logs (id INTEGER PRIMARY KEY, line TEXT, created INTEGER NOT NULL)');
    const line = w.stmt("INSERT INTO sensor_logs (line, created) VALUES ('hello', ?)");
    for (let i = 0; i < 100; i++) line.run(now - 100_000 + i * 1000);
  });
  f.retention.setConfig({ targets: { sensor_logs: { max_rows: null, max_age_seconds: 30 } } });
  const second = await f.retention.runPass();
  assert.equal(second.deleted.sensor_logs, 70);
  assert.equal(count(f.store, 'SELECT count(*) AS n FROM sensor_logs'), 30);
});
