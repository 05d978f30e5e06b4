/**
 * Alerts in the store (migration 0100, docs/alerts.md): each rule's own alert settings, how many
 * of its executions failed in a row, and the alerts themselves. Rows about a rule that no longer
 * exists are never written (the write does nothing), so a late write cannot fail its batch.
 */
import type { Alert, AlertConfig, AlertKind, AlertStatus } from '../model/alerts.ts';
import {
  fromJson,
  iso,
  isoOrNull,
  offsetOf,
  type Page,
  type PageRequest,
  toJson,
  whereClause,
} from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

/** Every rule's own alert settings, by rule ref (read once at start). */
export function listAlertConfigs(h: ReadHandle): Map<string, AlertConfig> {
  const rows = h.stmt('SELECT rule_ref, config FROM alert_configs').all() as Array<{
    rule_ref: string;
    config: string;
  }>;
  return new Map(rows.map((r) => [r.rule_ref, fromJson<AlertConfig>(r.config, {} as AlertConfig)]));
}

/** Sets (or, with null, removes) a rule's own settings. False when the rule does not exist. */
export function setAlertConfig(
  w: WriteHandle,
  ruleRef: string,
  config: AlertConfig | null,
  now: number,
): boolean {
  if (config === null) {
    w.stmt('DELETE FROM alert_configs WHERE rule_ref = ?').run(ruleRef);
    return true;
  }
  const info = w
    .stmt(
      `INSERT INTO alert_configs (rule_ref, config, updated)
       SELECT @rule, @config, @now WHERE EXISTS (SELECT 1 FROM rules WHERE ref = @rule)
       ON CONFLICT(rule_ref) DO UPDATE SET config = excluded.config, updated = excluded.updated`,
    )
    .run({ rule: ruleRef, config: toJson(config), now });
  return info.changes > 0;
}

/** Failures in a row per rule (rules at zero have no row). */
export function listAlertRuleStates(h: ReadHandle): Map<string, number> {
  const rows = h.stmt('SELECT rule_ref, consecutive_failures FROM alert_rule_state').all() as Array<{
    rule_ref: string;
    consecutive_failures: number;
  }>;
  return new Map(rows.map((r) => [r.rule_ref, r.consecutive_failures]));
}

/** Stores a rule's failures in a row (zero deletes the row). */
export function saveAlertRuleState(
  w: WriteHandle,
  ruleRef: string,
  failures: number,
  executionId: number,
  now: number,
): void {
  if (failures === 0) {
    w.stmt('DELETE FROM alert_rule_state WHERE rule_ref = ?').run(ruleRef);
    return;
  }
  w.stmt(
    `INSERT INTO alert_rule_state (rule_ref, consecutive_failures, last_execution_id, updated)
     SELECT @rule, @failures, @execution, @now WHERE EXISTS (SELECT 1 FROM rules WHERE ref = @rule)
     ON CONFLICT(rule_ref) DO UPDATE SET consecutive_failures = excluded.consecutive_failures,
       last_execution_id = excluded.last_execution_id, updated = excluded.updated`,
  ).run({ rule: ruleRef, failures, execution: executionId, now });
}

interface AlertRow {
  id: number;
  rule_ref: string;
  kind: AlertKind;
  status: AlertStatus;
  message: string;
  failures: number;
  execution_id: number | null;
  event_id: number | null;
  opened_at: number;
  closed_at: number | null;
  closed_by: number | null;
}

function toAlert(r: AlertRow): Alert {
  return { ...r, opened_at: iso(r.opened_at), closed_at: isoOrNull(r.closed_at) };
}

/** What a new alert is made of. */
export interface NewAlert {
  rule_ref: string;
  kind: AlertKind;
  message: string;
  failures: number;
  execution_id: number | null;
  event_id: number | null;
  opened_at: number;
}

/** Opens an alert; its id. Throws on a second open alert for one rule (the unique index). */
export function insertAlert(w: WriteHandle, a: NewAlert): number {
  return Number(
    w
      .stmt(
        `INSERT INTO alerts (rule_ref, kind, status, message, failures, execution_id, event_id, opened_at)
         VALUES (@rule_ref, @kind, 'open', @message, @failures, @execution_id, @event_id, @opened_at)`,
      )
      .run(a).lastInsertRowid,
  );
}

/** Closes an open alert; false when it was not open. */
export function closeAlert(
  w: WriteHandle,
  id: number,
  status: Exclude<AlertStatus, 'open'>,
  at: number,
  by: number | null,
): boolean {
  return (
    w
      .stmt("UPDATE alerts SET status = ?, closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'")
      .run(status, at, by, id).changes > 0
  );
}

export function getAlert(h: ReadHandle, id: number): Alert | null {
  const row = h.stmt('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  return row ? toAlert(row) : null;
}

/** Every open alert (at most one per rule). */
export function listOpenAlerts(h: ReadHandle): Alert[] {
  return (h.stmt("SELECT * FROM alerts WHERE status = 'open' ORDER BY id").all() as AlertRow[]).map(toAlert);
}

export interface AlertFilter {
  /** `closed` = resolved or dismissed. */
  status?: 'open' | 'closed';
  rule_ref?: string;
}

/** Alerts, newest first. */
export function listAlerts(h: ReadHandle, f: AlertFilter, page: PageRequest): Page<Alert> {
  const { sql, params } = whereClause([
    [f.status === 'open' ? "status = 'open'" : "status <> 'open'", f.status === undefined ? undefined : []],
    ['rule_ref = ?', f.rule_ref],
  ]);
  const total = (h.stmt(`SELECT COUNT(*) AS n FROM alerts ${sql}`).get(...params) as { n: number }).n;
  const rows = h
    .stmt(`SELECT * FROM alerts ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, page.page_size, offsetOf(page)) as AlertRow[];
  return { items: rows.map(toAlert), total, page: page.page, page_size: page.page_size };
}
