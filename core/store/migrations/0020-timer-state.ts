/**
 * 0020: the timer sensor's persisted state, one row per timer rule (docs/timers.md, "Restarts": "the next fire time
 * is persisted, so this survives restarts"). With it a restart knows which slots were already
 * fired or recorded as missed, where an interval rule's count starts, and whether the schedule
 * was edited while the app was not running (the fingerprint no longer matches the rule).
 *
 * Rows go with their rule (ON DELETE CASCADE). Timer rules that exist before this migration get
 * no row: the sensor arms them as if they were enabled at the next start, which is all that can
 * be said about them (no slot before that is known to have been due and unhandled).
 */
import type { Migration } from './types.ts';

export const migration0020: Migration = {
  version: 20,
  name: 'timer-state',
  up: `
CREATE TABLE timer_state (
  rule_ref        TEXT PRIMARY KEY REFERENCES rules(ref) ON DELETE CASCADE ON UPDATE CASCADE,
  -- trigger_ref + canonical trigger_params: a different value means the schedule was edited.
  fingerprint     TEXT NOT NULL,
  -- Interval timers count from here (the instant the rule was enabled or its schedule edited).
  anchor          INTEGER NOT NULL,
  -- The next slot to wait for; NULL when there is none (a one-shot that fired, a disabled rule).
  next_fire_at    INTEGER,
  -- The latest slot fired or recorded as missed; never handled again, whatever the wall clock says.
  last_handled    INTEGER NOT NULL,
  last_fired_at   INTEGER,
  execution_count INTEGER NOT NULL DEFAULT 0,
  -- Set while the rule is disabled: re-enabling records the slots since last_handled as missed.
  disabled_at     INTEGER,
  -- The newest event this row accounts for; events after it are folded in at start (a crash
  -- between an event's commit and this row's update can then neither lose nor repeat a slot).
  last_event_id   INTEGER NOT NULL DEFAULT 0,
  updated         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
