/**
 * Every migration to the latest (docs/testing.md, "Rules"): a database at any version, from empty on, reaches the latest version with the
 * same schema a new database gets, and opening it again changes nothing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function schema(db: Database.Database): string[] {
  return (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as Array<{ type: string; name: string; sql: string | null }>
  ).map((r) => `${r.type} ${r.name}: ${r.sql ?? ''}`);
}

test('migrations are numbered in multiples of 5, in increasing order', () => {
  MIGRATIONS.forEach((m, i) => {
    assert.equal(m.version % 5, 0, `${m.name} is number ${m.version}`);
    if (i > 0)
      assert.ok(m.version > (MIGRATIONS[i - 1]?.version ?? 0), `${m.name} comes after the one before`);
  });
});

test('a database at every version, from empty on, migrates to the latest with the schema of a new one', (t) => {
  const dir = tempDir(t);
  const fresh = new Database(path.join(dir, 'fresh.db'));
  t.after(() => fresh.close());
  migrate(fresh);
  assert.equal(currentVersion(fresh), LATEST_VERSION);
  const expected = schema(fresh);
  for (const start of [0, ...MIGRATIONS.map((m) => m.version)]) {
    const db = new Database(path.join(dir, `from-${start}.db`));
    try {
      if (start > 0) migrate(db, MIGRATIONS, start);
      assert.equal(currentVersion(db), start);
      assert.equal(migrate(db), LATEST_VERSION, `from ${start}`);
      assert.deepEqual(schema(db), expected, `from ${start}`);
      assert.equal(migrate(db), LATEST_VERSION, `again from ${start}`);
    } finally {
      db.close();
    }
  }
});
