/**
 * Store migrations (docs/testing.md, "Rules"): 0010 creates the chain
 * (docs/concepts.md, "The chain"); opening twice changes nothing; a database from a newer app is refused.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../../core/store/index.ts';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { migration0010 } from '../../../core/store/migrations/0010-initial.ts';
import { LATEST_VERSION } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0010 creates every table of the chain', (t) => {
  const file = path.join(tempDir(t), 'a.db');
  const db = new Database(file);
  t.after(() => db.close());
  migrate(db, [migration0010]);
  assert.equal(currentVersion(db), 10);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>
  )
    .map((r) => r.name)
    .filter((n) => !n.startsWith('sqlite_'));
  for (const expected of [
    'packs',
    'triggers',
    'actions',
    'rules',
    'events',
    'evaluations',
    'enforcements',
    'executions',
    'keys',
    'webhook_attempts',
  ]) {
    assert.ok(tables.includes(expected), `${expected} in ${tables.join(', ')}`);
  }
});

test('opening a store twice migrates once and keeps data', (t) => {
  const file = path.join(tempDir(t), 'b.db');
  const s1 = openStore({ file });
  s1.transaction((w) =>
    w
      .stmt("INSERT INTO packs (ref, label, version, created, updated) VALUES ('p', 'P', '1.0.0', 1, 1)")
      .run(),
  );
  s1.close();
  const s2 = openStore({ file });
  t.after(() => s2.close());
  assert.equal(currentVersion(s2.read.raw), LATEST_VERSION);
  assert.equal((s2.read.stmt('SELECT COUNT(*) AS n FROM packs').get() as { n: number }).n, 1);
  assert.equal(s2.read.raw.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(s2.read.raw.pragma('foreign_keys', { simple: true }), 1);
});

test('a database written by a newer version is refused with a clear message, untouched', (t) => {
  const file = path.join(tempDir(t), 'c.db');
  const db = new Database(file);
  db.pragma('user_version = 9990');
  db.close();
  assert.throws(() => openStore({ file }), /schema version 9990 is newer than this app understands/);
  const again = new Database(file);
  t.after(() => again.close());
  assert.equal(again.pragma('user_version', { simple: true }), 9990);
});

test('a failing migration rolls back to the previous version', (t) => {
  const file = path.join(tempDir(t), 'd.db');
  const db = new Database(file);
  t.after(() => db.close());
  const broken = { version: 20, name: 'broken', up: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' };
  assert.throws(() => migrate(db, [migration0010, broken]));
  assert.equal(currentVersion(db), 10);
  assert.deepEqual(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get(), { n: 0 });
});
