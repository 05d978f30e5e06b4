/**
 * 0090: retention (docs/retention.md). The stored config (one row, JSON; absent until the
 * first change, so the defaults in code apply), and the index that deleting executions needs:
 * `executions.parent_id` is a foreign key with ON DELETE SET NULL, and without an index every
 * deleted execution would scan the whole table for children.
 *
 * Turning on incremental vacuum cannot happen here: on a database with tables it needs a
 * VACUUM, which cannot run inside a migration's transaction (core/store/auto-vacuum.ts).
 */
import type { Migration } from './types.ts';

export const migration0090: Migration = {
  version: 90,
  name: 'retention',
  up: `
CREATE TABLE retention_config (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  config  TEXT NOT NULL,
  updated INTEGER NOT NULL
) STRICT;
CREATE INDEX executions_parent ON executions(parent_id) WHERE parent_id IS NOT NULL;
`,
};
