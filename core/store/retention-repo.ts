/**
 * The queries a retention pass is made of (docs/retention.md). Each is one short statement over
 * an index — a seek, or a bounded page of rows — so the pass (core/engine/retention.ts) can yield
 * between any two of them and never holds the store for long.
 *
 * Rows are trimmed oldest first, by id: ids grow with time, so "the newest N" is "ids from the
 * N-th newest up", and "older than the age limit" is a prefix in id order (checked row by row
 * on `created`, so a clock set back only ever keeps rows longer).
 */

import type { RetentionTargetName } from '../model/retention.ts';
import { TERMINAL_STATUSES } from '../model/status.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** The table behind each target. Sensor logs arrive with the sensor work; absent until then. */
export const RETENTION_TABLES: Record<RetentionTargetName, string> = {
  events: 'events',
  executions: 'executions',
  webhook_event_logs: 'webhook_attempts',
  sensor_logs: 'sensor_logs',
};

const TERMINAL = [...TERMINAL_STATUSES].map((s) => `'${s}'`).join(', ');

/** A table retention can trim: it exists and has the `id` and `created` columns it orders by. */
export function tableTrimmable(h: ReadHandle, table: string): boolean {
  const cols = h.raw.prepare('SELECT name FROM pragma_table_info(?)').all(table) as Array<{ name: string }>;
  const names = new Set(cols.map((c) => c.name));
  return names.has('id') && names.has('created');
}

/**
 * The id `offset` rows below `belowId` (newest first), or null when the table has fewer rows.
 * The row-limit cutoff is found by calling this in steps, one short index walk each.
 */
export function idAtOffset(h: ReadHandle, table: string, belowId: number, offset: number): number | null {
  const row = h
    .stmt(`SELECT id FROM ${table} WHERE id < ? ORDER BY id DESC LIMIT 1 OFFSET ?`)
    .get(belowId, offset) as { id: number } | undefined;
  return row?.id ?? null;
}

export interface CandidateRow {
  id: number;
  created: number;
}

/** The next `limit` rows after `afterId`, oldest first. */
export function candidateRows(h: ReadHandle, table: string, afterId: number, limit: number): CandidateRow[] {
  return h
    .stmt(`SELECT id, created FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`)
    .all(afterId, limit) as CandidateRow[];
}

/** Every (rule, outcome) pair in the evaluation record, one index seek per pair. */
export function ruleOutcomePairs(h: ReadHandle): Array<{ rule_ref: string; outcome: string }> {
  const first = h.stmt(
    'SELECT rule_ref, outcome FROM evaluations INDEXED BY evaluations_rule ORDER BY rule_ref, outcome LIMIT 1',
  );
  const next = h.stmt(
    `SELECT rule_ref, outcome FROM evaluations INDEXED BY evaluations_rule
     WHERE (rule_ref, outcome) > (?, ?) ORDER BY rule_ref, outcome LIMIT 1`,
  );
  const out: Array<{ rule_ref: string; outcome: string }> = [];
  let row = first.get() as { rule_ref: string; outcome: string } | undefined;
  while (row) {
    out.push(row);
    row = next.get(row.rule_ref, row.outcome) as typeof row | undefined;
  }
  return out;
}

/** The newest `k` events where `rule` had `outcome`. */
export function newestEventsWithOutcome(h: ReadHandle, rule: string, outcome: string, k: number): number[] {
  return (
    h
      .stmt(
        `SELECT event_id FROM evaluations INDEXED BY evaluations_rule
         WHERE rule_ref = ? AND outcome = ? ORDER BY event_id DESC LIMIT ?`,
      )
      .all(rule, outcome, k) as Array<{ event_id: number }>
  ).map((r) => r.event_id);
}

/** Missed timer slots below `beforeId`, newest first. */
export function missedSlots(
  h: ReadHandle,
  beforeId: number,
  limit: number,
): Array<{ id: number; rule_ref: string | null }> {
  return h
    .stmt(
      `SELECT id, rule_ref FROM events INDEXED BY events_kind
       WHERE kind = 'missed' AND id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(beforeId, limit) as Array<{ id: number; rule_ref: string | null }>;
}

/** Events in [from, to] with an execution not finished yet (running, queued, waiting to retry). */
export function eventsWithLiveExecutions(h: ReadHandle, from: number, to: number): Set<number> {
  const rows = h
    .stmt(
      `SELECT DISTINCT en.event_id AS id FROM enforcements en INDEXED BY enforcements_event
       JOIN executions x INDEXED BY executions_enforcement ON x.enforcement_id = en.id
       WHERE en.event_id BETWEEN ? AND ? AND x.status NOT IN (${TERMINAL})`,
    )
    .all(from, to) as Array<{ id: number }>;
  return new Set(rows.map((r) => r.id));
}

/**
 * Deletes events with everything that hangs off them: evaluations and enforcements by cascade,
 * their executions explicitly (the foreign key would only unlink them and leave runs that look
 * manual). Returns the rows deleted per table.
 */
export function deleteEvents(w: WriteHandle, ids: readonly number[]): { events: number; executions: number } {
  const list = JSON.stringify(ids);
  const executions = w
    .stmt(
      `DELETE FROM executions WHERE enforcement_id IN (
         SELECT id FROM enforcements INDEXED BY enforcements_event WHERE event_id IN (SELECT value FROM json_each(?)))`,
    )
    .run(list).changes;
  const events = w.stmt('DELETE FROM events WHERE id IN (SELECT value FROM json_each(?))').run(list).changes;
  return { events, executions };
}

export interface ExecutionCandidate extends CandidateRow {
  status: string;
  /** The event the execution's enforcement belongs to; null for a manual run. */
  event_id: number | null;
  has_child: number;
}

/** The next `limit` executions after `afterId`, oldest first, with what decides whether one may go. */
export function executionCandidates(h: ReadHandle, afterId: number, limit: number): ExecutionCandidate[] {
  return h
    .stmt(
      `SELECT x.id, x.created, x.status, en.event_id,
         EXISTS (SELECT 1 FROM executions c INDEXED BY executions_parent WHERE c.parent_id = x.id) AS has_child
       FROM executions x LEFT JOIN enforcements en ON en.id = x.enforcement_id
       WHERE x.id > ? ORDER BY x.id LIMIT ?`,
    )
    .all(afterId, limit) as ExecutionCandidate[];
}

/** Deletes rows of `table` by id; returns how many went. */
export function deleteRows(w: WriteHandle, table: string, ids: readonly number[]): number {
  return w.stmt(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids))
    .changes;
}
