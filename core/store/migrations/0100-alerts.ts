/**
 * 0100: alerts and the engine's own settings (docs/alerts.md). `engine_settings` holds small
 * engine-wide values as JSON by key (the default alert settings, whether timers are paused);
 * `alert_configs` a rule's own alert settings, gone with the rule; `alert_rule_state` how many
 * times in a row a rule's executions failed; `alerts` every alert, open or closed — kept when
 * the rule is deleted, and at most one open per rule.
 */
import type { Migration } from './types.ts';

export const migration0100: Migration = {
  version: 100,
  name: 'alerts',
  up: `
CREATE TABLE engine_settings (
  key     TEXT PRIMARY KEY,
  value   TEXT NOT NULL,
  updated INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_configs (
  rule_ref TEXT PRIMARY KEY REFERENCES rules(ref) ON DELETE CASCADE,
  config   TEXT NOT NULL,
  updated  INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_rule_state (
  rule_ref             TEXT PRIMARY KEY REFERENCES rules(ref) ON DELETE CASCADE,
  consecutive_failures INTEGER NOT NULL,
  last_execution_id    INTEGER,
  updated              INTEGER NOT NULL
) STRICT;

CREATE TABLE alerts (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_ref          TEXT NOT NULL,
  kind              TEXT NOT NULL,
  status            TEXT NOT NULL,
  message           TEXT NOT NULL,
  failures          INTEGER NOT NULL DEFAULT 0,
  execution_id      INTEGER,
  event_id          INTEGER,
  opened_at         INTEGER NOT NULL,
  closed_at         INTEGER,
  closed_by         INTEGER
) STRICT;
-- No alert storms: at most one open alert per rule (docs/alerts.md).
CREATE UNIQUE INDEX alerts_one_open ON alerts(rule_ref) WHERE status = 'open';
CREATE INDEX alerts_rule ON alerts(rule_ref, id);
CREATE INDEX alerts_status ON alerts(status, id);
`,
};
