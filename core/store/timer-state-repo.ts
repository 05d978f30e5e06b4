/**
 * The timer sensor's persisted state per timer rule (migration 0020, docs/timers.md, "Restarts"). Instants are epoch
 * ms. A row can only exist while its rule does: saving for a rule that is gone does nothing, and
 * deleting the rule deletes the row.
 */
import type { JsonObject, MisfirePolicy } from '../model/entities.ts';
import { fromJson } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** One timer rule's state, as stored. */
export interface TimerStateRow {
  rule_ref: string;
  fingerprint: string;
  anchor: number;
  next_fire_at: number | null;
  last_handled: number;
  last_fired_at: number | null;
  execution_count: number;
  disabled_at: number | null;
  last_event_id: number;
  updated: number;
}

/** An event addressed to a timer rule, newer than the rule's stored state. */
export interface TimerEventRow {
  id: number;
  rule_ref: string;
  kind: 'event' | 'missed';
  payload: JsonObject;
}

/** What the timer sensor needs of a rule: its schedule, misfire policy and whether it is enabled. */
export interface TimerRuleRow {
  ref: string;
  trigger_ref: string;
  trigger_params: JsonObject;
  misfire: MisfirePolicy | null;
  enabled: boolean;
}

/**
 * The rules on the given (timer) triggers, with only the columns the timer sensor keeps: at
 * start it reads every timer rule, and parsing the rest of 100 000 rules would be wasted.
 */
export function listTimerRules(h: ReadHandle, triggerRefs: readonly string[]): TimerRuleRow[] {
  const marks = triggerRefs.map(() => '?').join(',');
  const rows = h
    .stmt(
      `SELECT ref, trigger_ref, trigger_params, misfire, enabled FROM rules WHERE trigger_ref IN (${marks})`,
    )
    .all(...triggerRefs) as Array<{
    ref: string;
    trigger_ref: string;
    trigger_params: string;
    misfire: string | null;
    enabled: number;
  }>;
  return rows.map((r) => ({
    ref: r.ref,
    trigger_ref: r.trigger_ref,
    trigger_params: fromJson(r.trigger_params, {}),
    misfire: fromJson(r.misfire, null),
    enabled: r.enabled === 1,
  }));
}

/** The state of one rule, or null if it has none. */
export function getTimerState(h: ReadHandle, ruleRef: string): TimerStateRow | null {
  return (h.stmt('SELECT * FROM timer_state WHERE rule_ref = ?').get(ruleRef) as TimerStateRow) ?? null;
}

/** Every stored state (the sensor reads them once, at start). */
export function listTimerStates(h: ReadHandle): TimerStateRow[] {
  return h.stmt('SELECT * FROM timer_state').all() as TimerStateRow[];
}

/**
 * Inserts or replaces a rule's state. Does nothing (returns false) when the rule no longer
 * exists, so a write that lands after the rule was deleted cannot fail the batch it is in.
 */
export function saveTimerState(w: WriteHandle, row: TimerStateRow): boolean {
  const info = w
    .stmt(
      `INSERT INTO timer_state (rule_ref, fingerprint, anchor, next_fire_at, last_handled, last_fired_at,
         execution_count, disabled_at, last_event_id, updated)
       SELECT @rule_ref, @fingerprint, @anchor, @next_fire_at, @last_handled, @last_fired_at,
         @execution_count, @disabled_at, @last_event_id, @updated
       WHERE EXISTS (SELECT 1 FROM rules WHERE ref = @rule_ref)
       ON CONFLICT(rule_ref) DO UPDATE SET fingerprint=excluded.fingerprint, anchor=excluded.anchor,
         next_fire_at=excluded.next_fire_at, last_handled=excluded.last_handled,
         last_fired_at=excluded.last_fired_at, execution_count=excluded.execution_count,
         disabled_at=excluded.disabled_at, last_event_id=excluded.last_event_id, updated=excluded.updated`,
    )
    .run(row);
  return info.changes > 0;
}

export function deleteTimerState(w: WriteHandle, ruleRef: string): boolean {
  return w.stmt('DELETE FROM timer_state WHERE rule_ref = ?').run(ruleRef).changes > 0;
}

/** The newest event id so far (0 for none): where a new rule's state starts accounting. */
export function latestEventId(h: ReadHandle): number {
  return (h.stmt('SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
}

/**
 * Events from `sourceRef` addressed to a rule with stored state and newer than that state's
 * `last_event_id`, oldest first: what a crash may have committed without updating the row.
 * One statement, walking the `events_rule` index once per state row.
 */
export function listTimerEventsAfterState(h: ReadHandle, sourceRef: string): TimerEventRow[] {
  const rows = h
    .stmt(
      // CROSS JOIN keeps timer_state the outer loop, so events are reached through the index
      // (never scanned, however long the event log is).
      `SELECT e.id, e.rule_ref, e.kind, e.payload FROM timer_state s
       CROSS JOIN events e ON e.rule_ref = s.rule_ref AND e.id > s.last_event_id
       WHERE e.source_ref = ? ORDER BY e.id`,
    )
    .all(sourceRef) as Array<Omit<TimerEventRow, 'payload'> & { payload: string }>;
  return rows.map((r) => ({ ...r, payload: fromJson(r.payload, {}) }));
}
