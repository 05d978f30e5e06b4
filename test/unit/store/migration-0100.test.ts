/**
 * Migration 0100 (docs/alerts.md): alert settings per rule and engine-wide, failures in a row,
 * the alerts themselves. A rule's settings and count go with the rule; its alerts stay; a rule
 * never has two open alerts.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0100 adds the alert tables; settings and counts go with their rule, alerts stay, one open per rule', (t) => {
  const db = new Database(path.join(tempDir(t), 'alerts.db'));
  t.after(() => db.close());
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 100),
  );
  db.exec(`
    INSERT INTO packs (ref, label, version, created, updated) VALUES ('p', 'P', '1.0.0', 1, 1);
    INSERT INTO triggers (ref, pack_ref, label, created, updated) VALUES ('p.t', 'p', 'T', 1, 1);
    INSERT INTO actions (ref, pack_ref, label, runner_type, entry_point, created, updated)
      VALUES ('p.a', 'p', 'A', 'builtin', 'noop', 1, 1);
    INSERT INTO rules (ref, pack_ref, label, trigger_ref, action_ref, created, updated)
      VALUES ('p.r', 'p', 'R', 'p.t', 'p.a', 1, 1);
  `);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 100),
  );
  assert.equal(currentVersion(db), 100);
  db.exec(`
    INSERT INTO engine_settings (key, value, updated) VALUES ('alerts.default', '{}', 1);
    INSERT INTO alert_configs (rule_ref, config, updated) VALUES ('p.r', '{}', 1);
    INSERT INTO alert_rule_state (rule_ref, consecutive_failures, updated) VALUES ('p.r', 2, 1);
    INSERT INTO alerts (rule_ref, kind, status, message, opened_at) VALUES ('p.r', 'failure', 'open', 'm', 1);
    INSERT INTO alerts (rule_ref, kind, status, message, opened_at) VALUES ('p.r', 'failure', 'resolved', 'm', 1);
  `);
  assert.throws(
    () =>
      db.exec(
        "INSERT INTO alerts (rule_ref, kind, status, message, opened_at) VALUES ('p.r', 'missed', 'open', 'm', 2)",
      ),
    /UNIQUE/,
  );
  db.exec("DELETE FROM rules WHERE ref = 'p.r'");
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  assert.deepEqual(
    ['alert_configs', 'alert_rule_state', 'alerts', 'engine_settings'].map(count),
    [0, 0, 2, 1],
  );
});
