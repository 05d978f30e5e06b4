/**
 * 0060: sensors as entities (docs/sensors.md): built-in ones (`internal://timer`) and pack
 * sensors, which run as supervised child processes. `sensor_processes` remembers the process
 * group of each running pack sensor, so a start after a crash can stop the orphans it left.
 */
import type { Migration } from './types.ts';

export const migration0060: Migration = {
  version: 60,
  name: 'sensors',
  up: `
CREATE TABLE sensors (
  id            INTEGER PRIMARY KEY,
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
CREATE INDEX sensors_pack ON sensors(pack_ref);

CREATE TABLE sensor_processes (
  sensor_ref TEXT PRIMARY KEY,
  pid        INTEGER NOT NULL,
  started    INTEGER NOT NULL
) STRICT;
`,
};
