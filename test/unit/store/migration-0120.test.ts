/**
 * Migration 0120 (docs/retention.md, "Pauses"): the text-search index no longer rewrites a
 * segment inside a delete; deleted events wait in it until a retention pass merges it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test("0120 turns the search index's merge-on-delete off and keeps what it holds", (t) => {
  const db = new Database(path.join(tempDir(t), 'search.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 120),
  );
  const setting = () =>
    db.prepare("SELECT v FROM events_search_config WHERE k = 'deletemerge'").get() as
      | { v: number }
      | undefined;
  assert.equal(setting(), undefined, 'FTS5 default (rewrite a segment once a tenth of it is deleted)');
  db.prepare(
    `INSERT INTO events (kind, trigger_ref, payload, trace_tag, created) VALUES ('event', 'core.webhook', '{"word":"kept"}', 't', 1)`,
  ).run();
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 120),
  );
  assert.equal(currentVersion(db), 120);
  assert.deepEqual(setting(), { v: 0 });
  assert.deepEqual(db.prepare("SELECT rowid FROM events_search WHERE events_search MATCH 'kept'").all(), [
    { rowid: 1 },
  ]);
});
