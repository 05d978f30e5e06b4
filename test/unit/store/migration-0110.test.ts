/**
 * Migration 0110 (docs/attune-compat.md): sensors keep their ids and never hand out the id of a
 * deleted sensor again, still belong to their pack, and the event log gains an index on the
 * sensor that sent each event, which a page of one sensor's events reads instead of the log.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0110 keeps sensor ids, never reuses a deleted one, and indexes events by source', (t) => {
  const db = new Database(path.join(tempDir(t), 'sensors.db'));
  t.after(() => db.close());
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 110),
  );
  db.prepare(
    "INSERT INTO packs (ref, label, version, created, updated) VALUES ('acme', 'Acme', '1.0.0', 1, 1)",
  ).run();
  const insert = db.prepare(
    `INSERT INTO sensors (ref, pack_ref, label, entrypoint, runner_type, trigger_types, created, updated)
     VALUES (?, 'acme', 'S', 'watch.py', 'python', '["acme.t"]', 1, 1)`,
  );
  insert.run('acme.one');
  const two = Number(insert.run('acme.two').lastInsertRowid);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 110),
  );
  assert.equal(currentVersion(db), 110);
  assert.deepEqual(db.prepare('SELECT id, ref FROM sensors ORDER BY id').all(), [
    { id: 1, ref: 'acme.one' },
    { id: two, ref: 'acme.two' },
  ]);
  db.prepare("DELETE FROM sensors WHERE ref = 'acme.two'").run();
  const three = Number(insert.run('acme.three').lastInsertRowid);
  assert.ok(three > two, `the id of the deleted newest sensor (${two}) is not handed out again (${three})`);
  assert.throws(() => insert.run('acme.three'), /UNIQUE/);

  const plan = db
    .prepare(
      "EXPLAIN QUERY PLAN SELECT id FROM events WHERE source_ref = 'acme.one' ORDER BY id DESC LIMIT 20",
    )
    .all() as Array<{ detail: string }>;
  assert.match(plan.map((p) => p.detail).join('\n'), /events_source/);

  db.prepare("DELETE FROM packs WHERE ref = 'acme'").run();
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM sensors').get() as { n: number }).n, 0);
});
