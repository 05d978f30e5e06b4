/**
 * Migration 0040 (docs/performance.md, "Store"): the largest step back the wall clock took between two events. It is
 * measured for the events stored before it ran, kept up by a trigger on every insert, and never
 * lowered.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const UP_TO_0030 = MIGRATIONS.filter((m) => m.version <= 30);

function open(t: Parameters<typeof tempDir>[0]): Database.Database {
  const db = new Database(path.join(tempDir(t), 'lag.db'));
  t?.after(() => db.close());
  return db;
}

function add(db: Database.Database, created: number): number {
  return Number(
    db
      .prepare("INSERT INTO events (trigger_ref, payload, trace_tag, created) VALUES ('p.t', '{}', 'tag', ?)")
      .run(created).lastInsertRowid,
  );
}

const lag = (db: Database.Database) =>
  (db.prepare('SELECT max_lag_ms AS lag FROM event_clock').get() as { lag: number }).lag;

test('0040 measures the events stored before it ran against the newest time before each', (t) => {
  const db = open(t);
  migrate(db, UP_TO_0030);
  // 5,000 → 9,000, back to 6,000 (3,000 behind the newest), then 8,500 (still 500 behind).
  for (const created of [1_000, 5_000, 9_000, 6_000, 8_500, 12_000]) add(db, created);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 40),
  );
  assert.equal(currentVersion(db), 40);
  assert.equal(lag(db), 3_000);
});

test('a database whose clock never went back has lag 0, also when empty', (t) => {
  const db = open(t);
  migrate(db);
  assert.equal(lag(db), 0);
  const before = open(t);
  migrate(before, UP_TO_0030);
  for (const created of [1_000, 2_000, 7_000]) add(before, created);
  migrate(before);
  assert.equal(lag(before), 0, 'events always ahead of the newest are no lag');
  for (const created of [10, 10, 20, 30]) add(db, created);
  assert.equal(lag(db), 0, 'equal times are not a step back');
});

test('each insert behind the newest time raises the lag; nothing lowers it', (t) => {
  const db = open(t);
  migrate(db);
  add(db, 100_000);
  add(db, 90_000);
  assert.equal(lag(db), 10_000);
  add(db, 95_000);
  assert.equal(lag(db), 10_000, 'a smaller step back keeps the largest');
  add(db, 40_000);
  assert.equal(lag(db), 60_000);
  db.prepare('DELETE FROM events').run();
  add(db, 1);
  assert.equal(lag(db), 60_000, 'deleting events never lowers it (an overestimate stays correct)');
});
