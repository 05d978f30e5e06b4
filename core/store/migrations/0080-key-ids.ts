/**
 * 0080: the key store speaks Attune's key API (docs/concepts.md, "Keys and secrets"). Keys gain
 * Attune's integer `id` (stable, never reused), a human-readable `name`, and `managed`: the keys
 * the app keeps for its own settings (webhook HMAC secrets, secret pack settings), which the key
 * API neither lists nor changes. Every key written before this version was one of those.
 * SQLite cannot add an AUTOINCREMENT key to a table, so the table is rebuilt.
 */
import type { Migration } from './types.ts';

export const migration0080: Migration = {
  version: 80,
  name: 'key-ids',
  up: `
CREATE TABLE keys_v80 (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ref       TEXT NOT NULL UNIQUE,
  name      TEXT NOT NULL DEFAULT '',
  value     TEXT NOT NULL,
  encrypted INTEGER NOT NULL DEFAULT 0,
  scope     TEXT NOT NULL DEFAULT 'system',
  owner     TEXT,
  managed   INTEGER NOT NULL DEFAULT 0,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT;
INSERT INTO keys_v80 (ref, name, value, encrypted, scope, owner, managed, created, updated)
  SELECT ref, '', value, encrypted, scope, owner, 1, created, updated FROM keys ORDER BY created, ref;
DROP TABLE keys;
ALTER TABLE keys_v80 RENAME TO keys;
CREATE INDEX keys_owner ON keys (owner);
CREATE INDEX keys_listing ON keys (managed, scope, ref);
`,
};
