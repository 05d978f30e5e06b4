/**
 * Migration 0090 (docs/retention.md): the stored retention config, absent until the first
 * change, and the index on `executions.parent_id` that deleting executions needs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0090 adds an empty retention config and lets deleting an execution find its children by index', (t) => {
  const db = new Database(path.join(tempDir(t), 'retention.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 90),
  );
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 90),
  );
  assert.equal(currentVersion(db), 90);
  assert.deepEqual(db.prepare('SELECT * FROM retention_config').all(), []);
  const plan = db.prepare('EXPLAIN QUERY PLAN SELECT 1 FROM executions WHERE parent_id = 5').all() as Array<{
    detail: string;
  }>;
  assert.match(plan.map((p) => p.detail).join('\n'), /USING (COVERING )?INDEX executions_parent/);
});
