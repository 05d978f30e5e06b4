/**
 * Migration 0060 (docs/sensors.md): sensors become entities with an integer id and a unique ref,
 * belong to a pack (deleting the pack deletes them), and running sensor processes are remembered
 * so the next start can stop orphans.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0060 adds sensors that belong to their pack and a table of running sensor processes', (t) => {
  const db = new Database(path.join(tempDir(t), 'sensors.db'));
  t.after(() => db.close());
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 60),
  );
  db.prepare(
    "INSERT INTO packs (ref, label, version, created, updated) VALUES ('acme', 'Acme', '1.0.0', 1, 1)",
  ).run();
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 60),
  );
  assert.equal(currentVersion(db), 60);
  const insert = db.prepare(
    `INSERT INTO sensors (ref, pack_ref, label, entrypoint, runner_type, trigger_types, created, updated)
     VALUES (?, 'acme', 'S', 'watch.py', 'python', '["acme.t"]', 1, 1)`,
  );
  const id = Number(insert.run('acme.watch').lastInsertRowid);
  assert.ok(id >= 1);
  assert.throws(() => insert.run('acme.watch'), /UNIQUE/);
  db.prepare("INSERT INTO sensor_processes (sensor_ref, pid, started) VALUES ('acme.watch', 42, 1)").run();
  db.prepare("DELETE FROM packs WHERE ref = 'acme'").run();
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM sensors').get() as { n: number }).n, 0);
});
