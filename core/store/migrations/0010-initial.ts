/**
 * 0010: the chain (docs/concepts.md, "The chain") — packs, triggers, actions, rules, events with their evaluation
 * record, enforcements, executions — the key store and the bounded webhook attempt log. Timestamps are epoch
 * milliseconds (INTEGER) so time-range queries use plain indexes; JSON columns hold TEXT.
 */
import type { Migration } from './types.ts';

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up: `
CREATE TABLE packs (
  ref          TEXT PRIMARY KEY,
  label        TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  version      TEXT NOT NULL,
  author       TEXT,
  conf_schema  TEXT NOT NULL DEFAULT '{}',
  config       TEXT NOT NULL DEFAULT '{}',
  dependencies TEXT NOT NULL DEFAULT '[]',
  tags         TEXT NOT NULL DEFAULT '[]',
  path         TEXT,
  system       INTEGER NOT NULL DEFAULT 0,
  created      INTEGER NOT NULL,
  updated      INTEGER NOT NULL
) STRICT;

CREATE TABLE triggers (
  ref             TEXT PRIMARY KEY,
  pack_ref        TEXT NOT NULL REFERENCES packs(ref) ON DELETE CASCADE,
  label           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  param_schema    TEXT NOT NULL DEFAULT '{}',
  out_schema      TEXT NOT NULL DEFAULT '{}',
  enabled         INTEGER NOT NULL DEFAULT 1,
  webhook_enabled INTEGER NOT NULL DEFAULT 0,
  webhook_key     TEXT UNIQUE,
  webhook_config  TEXT NOT NULL DEFAULT '{}',
  created         INTEGER NOT NULL,
  updated         INTEGER NOT NULL
) STRICT;
CREATE INDEX triggers_pack ON triggers(pack_ref);

CREATE TABLE actions (
  ref                TEXT PRIMARY KEY,
  pack_ref           TEXT NOT NULL REFERENCES packs(ref) ON DELETE CASCADE,
  label              TEXT NOT NULL,
  description        TEXT NOT NULL DEFAULT '',
  runner_type        TEXT NOT NULL,
  entry_point        TEXT NOT NULL,
  parameters         TEXT NOT NULL DEFAULT '{}',
  output             TEXT NOT NULL DEFAULT '{}',
  parameter_delivery TEXT NOT NULL DEFAULT 'stdin',
  parameter_format   TEXT NOT NULL DEFAULT 'json',
  output_format      TEXT NOT NULL DEFAULT 'text',
  timeout_seconds    INTEGER NOT NULL DEFAULT 600,
  retry              TEXT,
  enabled            INTEGER NOT NULL DEFAULT 1,
  created            INTEGER NOT NULL,
  updated            INTEGER NOT NULL
) STRICT;
CREATE INDEX actions_pack ON actions(pack_ref);

CREATE TABLE rules (
  id             INTEGER PRIMARY KEY,
  ref            TEXT NOT NULL UNIQUE,
  pack_ref       TEXT NOT NULL REFERENCES packs(ref) ON DELETE CASCADE,
  label          TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  trigger_ref    TEXT NOT NULL REFERENCES triggers(ref) ON UPDATE CASCADE,
  trigger_params TEXT NOT NULL DEFAULT '{}',
  conditions     TEXT,
  action_ref     TEXT NOT NULL REFERENCES actions(ref) ON UPDATE CASCADE,
  action_params  TEXT NOT NULL DEFAULT '{}',
  enabled        INTEGER NOT NULL DEFAULT 1,
  overlap        TEXT NOT NULL DEFAULT 'parallel',
  retry          TEXT,
  misfire        TEXT,
  created        INTEGER NOT NULL,
  updated        INTEGER NOT NULL
) STRICT;
-- The rule index by trigger: ingest never scans all rules (docs/engine.md, "Ingest").
CREATE INDEX rules_trigger ON rules(trigger_ref, enabled);
CREATE INDEX rules_action ON rules(action_ref);
CREATE INDEX rules_pack ON rules(pack_ref);

CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL DEFAULT 'event',
  trigger_ref TEXT NOT NULL,
  payload     TEXT NOT NULL DEFAULT '{}',
  config      TEXT,
  source_ref  TEXT,
  rule_ref    TEXT,
  trace_tag   TEXT NOT NULL,
  created     INTEGER NOT NULL
) STRICT;
CREATE INDEX events_trigger ON events(trigger_ref, id);
CREATE INDEX events_rule ON events(rule_ref, id) WHERE rule_ref IS NOT NULL;
CREATE INDEX events_created ON events(created);
CREATE INDEX events_kind ON events(kind, id);

-- The evaluation record: one row per candidate rule per event (docs/engine.md, "The evaluation record").
CREATE TABLE evaluations (
  event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  rule_ref       TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  detail         TEXT,
  enforcement_id INTEGER,
  PRIMARY KEY (event_id, rule_ref)
) STRICT, WITHOUT ROWID;
CREATE INDEX evaluations_rule ON evaluations(rule_ref, outcome, event_id);
CREATE INDEX evaluations_outcome ON evaluations(outcome, event_id);

CREATE TABLE enforcements (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_ref    TEXT NOT NULL,
  event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  trigger_ref TEXT NOT NULL,
  config      TEXT NOT NULL DEFAULT '{}',
  status      TEXT NOT NULL DEFAULT 'created',
  created     INTEGER NOT NULL,
  resolved_at INTEGER,
  UNIQUE (rule_ref, event_id)
) STRICT;
CREATE INDEX enforcements_rule ON enforcements(rule_ref, id);
CREATE INDEX enforcements_event ON enforcements(event_id);

CREATE TABLE executions (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  action_ref      TEXT NOT NULL,
  config          TEXT NOT NULL DEFAULT '{}',
  enforcement_id  INTEGER REFERENCES enforcements(id) ON DELETE SET NULL,
  parent_id       INTEGER REFERENCES executions(id) ON DELETE SET NULL,
  rule_ref        TEXT,
  status          TEXT NOT NULL,
  result          TEXT,
  started_at      INTEGER,
  finished_at     INTEGER,
  timeout_seconds INTEGER NOT NULL,
  retry_count     INTEGER NOT NULL DEFAULT 0,
  -- A retry waits until this instant (persisted so it survives restarts).
  not_before      INTEGER,
  pid             INTEGER,
  -- Secret parameter values, AES-256-GCM sealed; config itself holds them redacted.
  sealed_params   TEXT,
  trace_tag       TEXT NOT NULL,
  created         INTEGER NOT NULL,
  updated         INTEGER NOT NULL
) STRICT;
CREATE INDEX executions_status ON executions(status, id);
CREATE INDEX executions_action ON executions(action_ref, id);
CREATE INDEX executions_rule ON executions(rule_ref, id);
CREATE INDEX executions_enforcement ON executions(enforcement_id);

-- Key/value store (docs/concepts.md, "Keys and secrets"); encrypted values are sealed with the master key.
CREATE TABLE keys (
  ref       TEXT PRIMARY KEY,
  value     TEXT NOT NULL,
  encrypted INTEGER NOT NULL DEFAULT 0,
  scope     TEXT NOT NULL DEFAULT 'system',
  owner     TEXT,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_attempts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  trigger_ref    TEXT,
  webhook_key    TEXT NOT NULL,
  status_code    INTEGER NOT NULL,
  error          TEXT,
  event_id       INTEGER,
  remote_address TEXT,
  body_bytes     INTEGER NOT NULL,
  created        INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_trigger ON webhook_attempts(trigger_ref, id);
`,
};
