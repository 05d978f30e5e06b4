/**
 * Events and their evaluation record. An event row is written once and never updated; the
 * evaluation rows (one per candidate rule) are written in the same transaction (docs/concepts.md, "The chain"; docs/engine.md, "The evaluation record").
 */
import type { AttuneEvent, Evaluation, EventKind } from '../model/entities.ts';
import { rowsByIds } from './bounded-count.ts';
import { fromJson, iso, type Page, type PageRequest, toJson } from './codec.ts';
import { type EventFilter, queryEventIds } from './event-query.ts';
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

/** An event to insert: its entity shape without what the store assigns, `created` in epoch ms. */
export interface EventInput extends Omit<AttuneEvent, 'id' | 'created' | 'evaluations'> {
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
    `INSERT INTO evaluations (event_id, rule_ref, outcome, detail, enforcement_id, explanation)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(event_id, rule_ref) DO UPDATE SET outcome=excluded.outcome, detail=excluded.detail,
       enforcement_id=excluded.enforcement_id, explanation=excluded.explanation`,
  ).run(
    eventId,
    ev.rule_ref,
    ev.outcome,
    ev.detail,
    ev.enforcement_id,
    ev.explanation ? toJson(ev.explanation) : null,
  );
}

/**
 * The rule's execution for this enforcement failed after its last retry: its evaluation moves
 * from `matched` to `retry_exhausted` (the enforcement id stays, to follow the chain).
 */
export function markRetryExhausted(w: WriteHandle, enforcementId: number, detail: string): void {
  w.stmt(
    `UPDATE evaluations SET outcome = 'retry_exhausted', detail = ?
     WHERE (event_id, rule_ref) = (SELECT event_id, rule_ref FROM enforcements WHERE id = ?)
       AND outcome = 'matched'`,
  ).run(detail, enforcementId);
}

interface EvaluationRow extends Omit<Evaluation, 'explanation'> {
  explanation: string | null;
}

function toEvaluation(r: EvaluationRow): Evaluation {
  return {
    rule_ref: r.rule_ref,
    outcome: r.outcome,
    detail: r.detail,
    enforcement_id: r.enforcement_id,
    explanation: fromJson(r.explanation, null),
  };
}

export function listEvaluations(h: ReadHandle, eventId: number): Evaluation[] {
  return (
    h
      .stmt(
        `SELECT rule_ref, outcome, detail, enforcement_id, explanation FROM evaluations
         WHERE event_id = ? ORDER BY rule_ref`,
      )
      .all(eventId) as EvaluationRow[]
  ).map(toEvaluation);
}

/** The evaluation records of a page of events, by event id (one seek of the primary key each). */
function evaluationsOf(h: ReadHandle, ids: number[]): Map<number, Evaluation[]> {
  const out = new Map<number, Evaluation[]>();
  if (ids.length === 0) return out;
  const rows = h
    .stmt(
      `SELECT event_id, rule_ref, outcome, detail, enforcement_id, explanation FROM evaluations
       WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, rule_ref`,
    )
    .all(JSON.stringify(ids)) as Array<EvaluationRow & { event_id: number }>;
  for (const { event_id, ...row } of rows) {
    const ev = toEvaluation(row);
    const list = out.get(event_id);
    if (list) list.push(ev);
    else out.set(event_id, [ev]);
  }
  return out;
}

export function getEvent(h: ReadHandle, id: number): AttuneEvent | null {
  const r = h.stmt('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
  if (!r) return null;
  return { ...toEvent(r), evaluations: listEvaluations(h, id) };
}

export type { EventFilter } from './event-query.ts';

/**
 * Newest first, paged, each event with its evaluation record; see event-query.ts for how each
 * filter is served and when `total` is a lower bound.
 */
export function listEvents(h: ReadHandle, f: EventFilter, page: PageRequest): Page<AttuneEvent> {
  const r = queryEventIds(h, f, page);
  if (r === null)
    return { items: [], total: 0, total_exact: true, page: page.page, page_size: page.page_size };
  const evaluations = evaluationsOf(h, r.ids);
  return {
    items: rowsByIds<EventRow>(
      h,
      'events',
      r.ids,
      r.order === 'created' ? 'created DESC, id DESC' : 'id DESC',
    ).map((row) => ({ ...toEvent(row), evaluations: evaluations.get(row.id) ?? [] })),
    total: r.total,
    total_exact: r.total_exact,
    page: page.page,
    page_size: page.page_size,
  };
}
