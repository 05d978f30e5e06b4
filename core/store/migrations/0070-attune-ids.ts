/**
 * 0070: Attune's integer `id` for packs, triggers and actions (docs/attune-compat.md, "Identity"),
 * beside their `ref`. Existing rows are numbered in `ref` order; later rows take the next number
 * of their table's sequence in `entity_ids`, so an id is never handed out twice, even after its
 * row is deleted, and stays the same across restarts, upserts and VACUUM (a plain rowid would not).
 * Rules keep the INTEGER PRIMARY KEY they always had. Executions gain `env_vars`: the extra
 * environment a manual run asked for (docs/attune-compat.md, "env_vars").
 */
import type { Migration } from './types.ts';

const TABLES = ['packs', 'triggers', 'actions'] as const;

function numbered(table: (typeof TABLES)[number]): string {
  return `
ALTER TABLE ${table} ADD COLUMN id INTEGER;
UPDATE ${table} SET id = (SELECT COUNT(*) FROM ${table} AS earlier WHERE earlier.ref <= ${table}.ref);
CREATE UNIQUE INDEX ${table}_id ON ${table}(id);
INSERT INTO entity_ids (kind, next_id) VALUES ('${table}', (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}));
CREATE TRIGGER ${table}_assign_id AFTER INSERT ON ${table} WHEN NEW.id IS NULL
BEGIN
  UPDATE ${table} SET id = (SELECT next_id FROM entity_ids WHERE kind = '${table}') WHERE rowid = NEW.rowid;
  UPDATE entity_ids SET next_id = next_id + 1 WHERE kind = '${table}';
END;`;
}

export const migration0070: Migration = {
  version: 70,
  name: 'attune-ids',
  up: `
CREATE TABLE entity_ids (
  kind    TEXT PRIMARY KEY,
  next_id INTEGER NOT NULL
) STRICT;
${TABLES.map(numbered).join('\n')}
ALTER TABLE executions ADD COLUMN env_vars TEXT;
`,
};
