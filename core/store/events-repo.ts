/**
 * Events and their evaluation record. An event row is written once and never updated; the
 * evaluation rows (one per candidate rule) are written in the same transaction (SPEC §1, §3).
 */
import type { AttuneEvent, Evaluation, EventKind, JsonObject } from '../model/entities.ts';
import type { EvaluationOutcome } from '../model/status.ts';
import { fromJson, iso, offsetOf, type Page, type PageRequest, toJson, whereClause } from './codec.ts';
import type { ReadHandle, WriteHandle } from './handles.ts';

interface EventRow {
  id: number;
  kind: string;
  trigger_ref: string;
  payload: string;
  config: string | null;
  source_ref: string | null;
  rule_ref: string | null;
  trace_tag: string;
  created: number;
}

function toEvent(r: EventRow): AttuneEvent {
  return {
    id: r.id,
    kind: r.kind as EventKind,
    trigger_ref: r.trigger_ref,
    payload: fromJson(r.payload, {}),
    config: fromJson(r.config, null),
    source_ref: r.source_ref,
    rule_ref: r.rule_ref,
    trace_tag: r.trace_tag,
    created: iso(r.created),
  };
}

export interface EventInput {
  kind: EventKind;
  trigger_ref: string;
  payload: JsonObject;
  config: JsonObject | null;
  source_ref: string | null;
  rule_ref: string | null;
  trace_tag: string;
  created: number;
}

export function insertEvent(w: WriteHandle, e: EventInput): number {
  const info = w
    .stmt(
      `INSERT INTO events (kind, trigger_ref, payload, config, source_ref, rule_ref, trace_tag, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.kind,
      e.trigger_ref,
      toJson(e.payload),
      e.config ? toJson(e.config) : null,
      e.source_ref,
      e.rule_ref,
      e.trace_tag,
      e.created,
    );
  return Number(info.lastInsertRowid);
}

export function insertEvaluation(w: WriteHandle, eventId: number, ev: Evaluation): void {
  w.stmt(
    `INSERT INTO evaluations (event_id, rule_ref, outcome, detail, enforcement_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(event_id, rule_ref) DO UPDATE SET outcome=excluded.outcome, detail=excluded.detail,
       enforcement_id=excluded.enforcement_id`,
  ).run(eventId, ev.rule_ref, ev.outcome, ev.detail, ev.enforcement_id);
}

export function listEvaluations(h: ReadHandle, eventId: number): Evaluation[] {
  return h
    .stmt(
      'SELECT rule_ref, outcome, detail, enforcement_id FROM evaluations WHERE event_id = ? ORDER BY rule_ref',
    )
    .all(eventId) as Evaluation[];
}

export function getEvent(h: ReadHandle, id: number): AttuneEvent | null {
  const r = h.stmt('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
  if (!r) return null;
  return { ...toEvent(r), evaluations: listEvaluations(h, id) };
}

export interface EventFilter {
  trigger_ref?: string | undefined;
  /** Events addressed to the rule, or evaluated for it. */
  rule_ref?: string | undefined;
  kind?: EventKind | undefined;
  /** Events with at least one evaluation of this outcome (for rule_ref: that rule's outcome). */
  outcome?: EvaluationOutcome | undefined;
  /** Epoch ms, inclusive / exclusive. */
  since?: number | undefined;
  until?: number | undefined;
}

function where(f: EventFilter): { sql: string; params: unknown[] } {
  const byRule =
    f.rule_ref !== undefined && f.outcome !== undefined
      ? ([
          'e.id IN (SELECT event_id FROM evaluations WHERE rule_ref = ? AND outcome = ?)',
          [f.rule_ref, f.outcome],
        ] as const)
      : f.rule_ref !== undefined
        ? ([
            '(e.rule_ref = ? OR e.id IN (SELECT event_id FROM evaluations WHERE rule_ref = ?))',
            [f.rule_ref, f.rule_ref],
          ] as const)
        : (['e.id IN (SELECT event_id FROM evaluations WHERE outcome = ?)', f.outcome] as const);
  return whereClause([
    ['e.trigger_ref = ?', f.trigger_ref],
    ['e.kind = ?', f.kind],
    ['e.created >= ?', f.since],
    ['e.created < ?', f.until],
    byRule,
  ]);
}

/** Newest first, paged. */
export function listEvents(h: ReadHandle, f: EventFilter, page: PageRequest): Page<AttuneEvent> {
  const w = where(f);
  const total = (h.stmt(`SELECT COUNT(*) AS n FROM events e ${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = h
    .stmt(`SELECT e.* FROM events e ${w.sql} ORDER BY e.id DESC LIMIT ? OFFSET ?`)
    .all(...w.params, page.page_size, offsetOf(page)) as EventRow[];
  return { items: rows.map(toEvent), total, page: page.page, page_size: page.page_size };
}
