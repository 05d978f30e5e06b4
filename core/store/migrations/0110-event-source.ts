/**
 * 0110: Attune's `source` filter on the event log (docs/attune-compat.md, "Requests"): an index
 * on the sensor that sent each event, so a page of one sensor's events reads only its rows
 * (docs/performance.md, "Store"). And sensor ids are never handed out twice, like the ids of the
 * other definitions (docs/attune-compat.md, "Identity"): a plain INTEGER PRIMARY KEY gives the
 * id of the newest sensor again once it is deleted, so the table is rebuilt with AUTOINCREMENT,
 * keeping every id.
 */
import type { Migration } from './types.ts';

export const migration0110: Migration = {
  version: 110,
  name: 'event-source',
  up: `
CREATE INDEX events_source ON events(source_ref, id) WHERE source_ref IS NOT NULL;

CREATE TABLE sensors_v110 (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  ref           TEXT NOT NULL UNIQUE,
  pack_ref      TEXT NOT NULL REFERENCES packs(ref) ON DELETE CASCADE,
  label         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  entrypoint    TEXT NOT NULL,
  runner_type   TEXT NOT NULL,
  trigger_types TEXT NOT NULL DEFAULT '[]',
  enabled       INTEGER NOT NULL DEFAULT 1,
  config        TEXT NOT NULL DEFAULT '{}',
  param_schema  TEXT NOT NULL DEFAULT '{}',
  created       INTEGER NOT NULL,
  updated       INTEGER NOT NULL
) STRICT;
INSERT INTO sensors_v110 SELECT id, ref, pack_ref, label, description, entrypoint, runner_type,
  trigger_types, enabled, config, param_schema, created, updated FROM sensors ORDER BY id;
DROP TABLE sensors;
ALTER TABLE sensors_v110 RENAME TO sensors;
CREATE INDEX sensors_pack ON sensors(pack_ref);
`,
};
