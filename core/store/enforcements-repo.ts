/** Enforcements: one rule firing for one event, idempotent per (rule, event). */
import type { Enforcement, JsonObject } from '../model/entities.ts';
import type { EnforcementStatus } from '../model/status.ts';
import { selectPage } from './bounded-count.ts';
import { fromJson, iso, isoOrNull, type Page, type PageRequest, toJson, whereClause } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface EnforcementRow {
  id: number;
  rule_ref: string;
  event_id: number;
  trigger_ref: string;
  config: string;
  status: string;
  created: number;
  resolved_at: number | null;
}

function toEnforcement(r: EnforcementRow): Enforcement {
  return {
    id: r.id,
    rule_ref: r.rule_ref,
    event_id: r.event_id,
    trigger_ref: r.trigger_ref,
    config: fromJson(r.config, {}),
    status: r.status as EnforcementStatus,
    created: iso(r.created),
    resolved_at: isoOrNull(r.resolved_at),
  };
}

export interface EnforcementInput {
  rule_ref: string;
  event_id: number;
  trigger_ref: string;
  config: JsonObject;
  status: EnforcementStatus;
  created: number;
}

/** Returns the new id, or the existing one when this (rule, event) was already enforced. */
export function insertEnforcement(w: WriteHandle, e: EnforcementInput): { id: number; created: boolean } {
  const info = w
    .stmt(
      `INSERT INTO enforcements (rule_ref, event_id, trigger_ref, config, status, created, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(rule_ref, event_id) DO NOTHING`,
    )
    .run(
      e.rule_ref,
      e.event_id,
      e.trigger_ref,
      toJson(e.config),
      e.status,
      e.created,
      e.status === 'created' ? null : e.created,
    );
  if (info.changes > 0) return { id: Number(info.lastInsertRowid), created: true };
  const row = w
    .stmt('SELECT id FROM enforcements WHERE rule_ref = ? AND event_id = ?')
    .get(e.rule_ref, e.event_id) as {
    id: number;
  };
  return { id: row.id, created: false };
}

/** Moves an enforcement to `status` unless it already is `disabled` (the end of the line). */
export function resolveEnforcement(w: WriteHandle, id: number, status: EnforcementStatus, at: number): void {
  w.stmt("UPDATE enforcements SET status = ?, resolved_at = ? WHERE id = ? AND status != 'disabled'").run(
    status,
    at,
    id,
  );
}

export function getEnforcement(h: ReadHandle, id: number): Enforcement | null {
  const r = h.stmt('SELECT * FROM enforcements WHERE id = ?').get(id) as EnforcementRow | undefined;
  return r ? toEnforcement(r) : null;
}

export interface EnforcementFilter {
  rule_ref?: string | undefined;
  event_id?: number | undefined;
  status?: EnforcementStatus | undefined;
  trigger_ref?: string | undefined;
}

export function listEnforcements(h: ReadHandle, f: EnforcementFilter, page: PageRequest): Page<Enforcement> {
  const where = whereClause([
    ['rule_ref = ?', f.rule_ref],
    ['event_id = ?', f.event_id],
    ['status = ?', f.status],
    ['trigger_ref = ?', f.trigger_ref],
  ]);
  return selectPage(h, 'enforcements', where, page, toEnforcement);
}
