/**
 * Migration 0050 (docs/explain.md): the evaluation record gains an `explanation` column. Rows
 * written before it keep their outcome and read back with no explanation; new rows store one and
 * read it back as written.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0050 keeps the evaluations written before it, and stores an explanation from then on', (t) => {
  const db = new Database(path.join(tempDir(t), 'explain.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 50),
  );
  const event = Number(
    db
      .prepare("INSERT INTO events (trigger_ref, payload, trace_tag, created) VALUES ('p.t', '{}', 'tag', 1)")
      .run().lastInsertRowid,
  );
  db.prepare(
    "INSERT INTO evaluations (event_id, rule_ref, outcome, detail) VALUES (?, 'p.old', 'condition_false', 'x == 1')",
  ).run(event);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 50),
  );
  assert.equal(currentVersion(db), 50);
  assert.deepEqual(
    db.prepare("SELECT outcome, detail, explanation FROM evaluations WHERE rule_ref = 'p.old'").get(),
    {
      outcome: 'condition_false',
      detail: 'x == 1',
      explanation: null,
    },
  );
  const explanation = JSON.stringify({ failures: [], truncated: false });
  db.prepare(
    "INSERT INTO evaluations (event_id, rule_ref, outcome, explanation) VALUES (?, 'p.new', 'condition_false', ?)",
  ).run(event, explanation);
  assert.equal(
    (
      db.prepare("SELECT explanation FROM evaluations WHERE rule_ref = 'p.new'").get() as {
        explanation: string;
      }
    ).explanation,
    explanation,
  );
});
