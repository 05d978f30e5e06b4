/**
 * Migration 0080 (docs/concepts.md, "Keys and secrets"): keys gain Attune's integer id, a name and
 * the `managed` mark. Every key written before it was one of the app's own (a webhook's HMAC
 * secret, a secret pack setting): it keeps its ref, value and owner and becomes managed; keys
 * written after it get increasing ids, and a ref stays unique.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { currentVersion, migrate } from '../../../core/store/migrate.ts';
import { MIGRATIONS } from '../../../core/store/migrations/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('0080 keeps the keys written before it as managed ones with ids, and gives new keys increasing ids', (t) => {
  const db = new Database(path.join(tempDir(t), 'keys.db'));
  t.after(() => db.close());
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 80),
  );
  db.prepare(
    "INSERT INTO keys (ref, value, encrypted, scope, owner, created, updated) VALUES ('p.config.pw', 'v1.a.b.c', 1, 'pack', 'p', 5, 6)",
  ).run();
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 80),
  );
  assert.equal(currentVersion(db), 80);
  assert.deepEqual(db.prepare("SELECT * FROM keys WHERE ref = 'p.config.pw'").get(), {
    id: 1,
    ref: 'p.config.pw',
    name: '',
    value: 'v1.a.b.c',
    encrypted: 1,
    scope: 'pack',
    owner: 'p',
    managed: 1,
    created: 5,
    updated: 6,
  });
  const insert = db.prepare(
    "INSERT INTO keys (ref, name, value, scope, created, updated) VALUES (?, 'n', '1', 'system', 7, 7)",
  );
  assert.equal(Number(insert.run('user_key').lastInsertRowid), 2);
  assert.throws(() => insert.run('user_key'), /UNIQUE/);
});
