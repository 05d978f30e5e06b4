/**
 * Migration 0020 (docs/timers.md, "Restarts": "the next fire time is persisted, so this survives restarts"): a 0010
 * database with rules and events moves to 0020 with its data intact and gains `timer_state`,
 * whose rows go with their rule and follow a renamed one.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { migration0010 } from '../../../core/store/migrations/0010-initial.ts';
import { migration0020 } from '../../../core/store/migrations/0020-timer-state.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function seed0010(db: Database.Database): void {
  db.exec(`
    INSERT INTO packs (ref, label, version, created, updated) VALUES ('core', 'Core', '1.0.0', 1, 1), ('local', 'Local', '1.0.0', 1, 1);
    INSERT INTO triggers (ref, pack_ref, label, created, updated) VALUES ('core.intervaltimer', 'core', 'Interval', 1, 1);
    INSERT INTO actions (ref, pack_ref, label, runner_type, entry_point, created, updated)
      VALUES ('core.noop', 'core', 'Noop', 'builtin', 'noop', 1, 1);
    INSERT INTO rules (ref, pack_ref, label, trigger_ref, trigger_params, action_ref, created, updated)
      VALUES ('local.tick', 'local', 'tick', 'core.intervaltimer', '{"interval":5,"unit":"seconds"}', 'core.noop', 1, 1);
    INSERT INTO events (kind, trigger_ref, payload, rule_ref, source_ref, trace_tag, created)
      VALUES ('event', 'core.intervaltimer', '{"type":"interval"}', 'local.tick', 'core.timer', 't1', 5000);
  `);
}

function open(t: { after(fn: () => void): void }, name: string): Database.Database {
  const db = new Database(path.join(tempDir(t), name));
  db.pragma('foreign_keys = ON');
  t.after(() => db.close());
  return db;
}

const STATE = `INSERT INTO timer_state (rule_ref, fingerprint, anchor, next_fire_at, last_handled, execution_count, updated)
  VALUES ('local.tick', 'fp', 0, 10000, 5000, 1, 5000)`;

test('0020 migrates a 0010 database with data and keeps every row', (t) => {
  const db = open(t, 'a.db');
  migrate(db, [migration0010]);
  seed0010(db);
  assert.equal(migrate(db, [migration0010, migration0020]), 20);
  assert.equal(currentVersion(db), 20);
  assert.deepEqual(db.prepare('SELECT ref, trigger_params FROM rules').all(), [
    { ref: 'local.tick', trigger_params: '{"interval":5,"unit":"seconds"}' },
  ]);
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n, 1);
  // Rules from before the migration have no state: the sensor arms them as newly enabled.
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM timer_state').get() as { n: number }).n, 0);
  db.exec(STATE);
  assert.deepEqual(db.prepare('SELECT rule_ref, last_event_id, disabled_at FROM timer_state').get(), {
    rule_ref: 'local.tick',
    last_event_id: 0,
    disabled_at: null,
  });
});

test('a timer state row is deleted with its rule and follows a renamed rule', (t) => {
  const db = open(t, 'b.db');
  migrate(db, [migration0010, migration0020]);
  seed0010(db);
  db.exec(STATE);
  db.exec("UPDATE rules SET ref = 'local.tock' WHERE ref = 'local.tick'");
  assert.deepEqual(db.prepare('SELECT rule_ref FROM timer_state').all(), [{ rule_ref: 'local.tock' }]);
  db.exec("DELETE FROM rules WHERE ref = 'local.tock'");
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM timer_state').get() as { n: number }).n, 0);
});

test('a timer state row cannot exist without its rule', (t) => {
  const db = open(t, 'c.db');
  migrate(db, [migration0010, migration0020]);
  seed0010(db);
  assert.throws(
    () =>
      db.exec(`INSERT INTO timer_state (rule_ref, fingerprint, anchor, last_handled, updated)
               VALUES ('local.nope', 'fp', 0, 0, 0)`),
    /FOREIGN KEY/,
  );
});
