/**
 * Migration 0070 (docs/attune-compat.md, "Identity"): packs, triggers and actions get Attune's
 * integer id. Rows written before it are numbered in ref order; rows written after take the next
 * number of their table's sequence, which never goes back, even when the newest row is deleted.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const addPack = (db: Database.Database, ref: string) =>
  db
    .prepare("INSERT INTO packs (ref, label, version, created, updated) VALUES (?, ?, '1.0.0', 1, 1)")
    .run(ref, ref);
const addTrigger = (db: Database.Database, ref: string) =>
  db
    .prepare("INSERT INTO triggers (ref, pack_ref, label, created, updated) VALUES (?, 'p', ?, 1, 1)")
    .run(ref, ref);
const ids = (db: Database.Database, table: string) =>
  db.prepare(`SELECT ref, id FROM ${table} ORDER BY ref`).all();

test('0070 numbers existing packs, triggers and actions in ref order and keeps numbering after', (t) => {
  const db = new Database(path.join(tempDir(t), 'ids.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 70),
  );
  addPack(db, 'q');
  addPack(db, 'p');
  addTrigger(db, 'p.b');
  addTrigger(db, 'p.a');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 70),
  );
  assert.equal(currentVersion(db), 70);
  assert.deepEqual(ids(db, 'packs'), [
    { ref: 'p', id: 1 },
    { ref: 'q', id: 2 },
  ]);
  assert.deepEqual(ids(db, 'triggers'), [
    { ref: 'p.a', id: 1 },
    { ref: 'p.b', id: 2 },
  ]);

  addTrigger(db, 'p.c');
  assert.deepEqual(db.prepare("SELECT id FROM triggers WHERE ref = 'p.c'").get(), { id: 3 });
  db.prepare("DELETE FROM triggers WHERE ref = 'p.c'").run();
  addTrigger(db, 'p.d');
  assert.deepEqual(
    db.prepare("SELECT id FROM triggers WHERE ref = 'p.d'").get(),
    { id: 4 },
    'the id of a deleted row is not handed out again',
  );
  db.prepare(
    "INSERT INTO triggers (ref, pack_ref, label, created, updated) VALUES ('p.a', 'p', 'again', 2, 2) ON CONFLICT(ref) DO UPDATE SET label = excluded.label",
  ).run();
  assert.deepEqual(db.prepare("SELECT id, label FROM triggers WHERE ref = 'p.a'").get(), {
    id: 1,
    label: 'again',
  });
});

test('0070 gives executions an env_vars column, null for the rows before it', (t) => {
  const db = new Database(path.join(tempDir(t), 'env.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 70),
  );
  db.prepare(
    "INSERT INTO executions (action_ref, status, timeout_seconds, trace_tag, created, updated) VALUES ('p.a', 'completed', 5, 't', 1, 1)",
  ).run();
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 70),
  );
  assert.deepEqual(db.prepare('SELECT env_vars FROM executions').get(), { env_vars: null });
});
