/**
 * How the event log finds the ids of a filtered page without scanning a million rows
 * (issue 5, docs/performance.md). One filter *drives*: its index yields candidate ids newest
 * first, so the first page stops after a page's worth of hits; every other filter is checked on
 * each candidate by primary-key lookups. The driver, by preference:
 *
 * - `q`: the FTS5 index of migration 0030 (it yields rowids in descending order);
 * - `rule_ref` (+ `outcome`): evaluations by (rule_ref, outcome, event_id) — without an outcome,
 *   one stream per outcome plus events addressed to the rule, merged; no extra index needed;
 * - `outcome`: evaluations by (outcome, event_id);
 * - `since`/`until` alone: events by `created`, ordered by (created, id) — the order of that
 *   index, and the same as id order unless the wall clock went back;
 * - otherwise the events table and its trigger/kind indexes, by id.
 *
 * Each query ends in `LIMIT @limit`; called with `ordered: false` it drops its ORDER BY, for
 * bounded counting (any `@limit` rows count the same).
 */
import type { EventKind } from '../model/entities.ts';
import type { EvaluationOutcome } from '../model/status.ts';
import { EVALUATION_OUTCOMES } from '../model/status.ts';
import { searchQuery } from './event-search.ts';

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
  /** Words the payload must contain (see event-search.ts). */
  q?: string | undefined;
}

export interface IdQuery {
  /** Selects `id` (and `created` for the time order), newest first, at most `@limit` rows. */
  sql: string;
  params: Record<string, unknown>;
  /** The order the page must be shown in. */
  order: 'id' | 'created';
}

class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;
  /** A named placeholder bound to `v`. */
  add(v: unknown): string {
    const name = `p${this.n++}`;
    this.values[name] = v;
    return `@${name}`;
  }
}

/**
 * Conditions on the joined event row `e` for every filter the driver does not cover; `ruleCovered`
 * when the driver already applies rule_ref and outcome.
 */
function residuals(f: EventFilter, p: Params, ruleCovered: boolean): string[] {
  const out: string[] = [];
  if (f.trigger_ref !== undefined) out.push(`e.trigger_ref = ${p.add(f.trigger_ref)}`);
  if (f.kind !== undefined) out.push(`e.kind = ${p.add(f.kind)}`);
  if (f.since !== undefined) out.push(`e.created >= ${p.add(f.since)}`);
  if (f.until !== undefined) out.push(`e.created < ${p.add(f.until)}`);
  if (ruleCovered) return out;
  if (f.rule_ref !== undefined && f.outcome !== undefined) {
    out.push(
      `EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = e.id AND v.rule_ref = ${p.add(f.rule_ref)} AND v.outcome = ${p.add(f.outcome)})`,
    );
  } else if (f.rule_ref !== undefined) {
    const r = p.add(f.rule_ref);
    out.push(
      `(e.rule_ref = ${r} OR EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = e.id AND v.rule_ref = ${r}))`,
    );
  } else if (f.outcome !== undefined) {
    out.push(
      `EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = e.id AND v.outcome = ${p.add(f.outcome)})`,
    );
  }
  return out;
}

const and = (conds: string[]) => (conds.length ? ` AND ${conds.join(' AND ')}` : '');
const where = (conds: string[]) => (conds.length ? ` WHERE ${conds.join(' AND ')}` : '');

/**
 * One evaluation stream of a rule (or of an outcome), newest first. It joins the events only
 * when another filter needs their columns: a join costs a random read per candidate.
 */
function evaluationArm(
  f: EventFilter,
  p: Params,
  outcome: string,
  ordered: boolean,
  distinct = false,
): string {
  const rule = f.rule_ref === undefined ? '' : `v.rule_ref = ${p.add(f.rule_ref)} AND `;
  const rest = residuals(f, p, true);
  const join = rest.length ? ' JOIN events e ON e.id = v.event_id' : '';
  return (
    `SELECT ${distinct ? 'DISTINCT ' : ''}v.event_id AS id FROM evaluations v${join} ` +
    `WHERE ${rule}v.outcome = ${p.add(outcome)}${and(rest)}${ordered ? ' ORDER BY v.event_id DESC' : ''} LIMIT @limit`
  );
}

/**
 * The rule driver: one stream per outcome (disjoint: an event has one evaluation per rule) and
 * the events addressed to the rule. For a page, the few rows of each arm are merged with UNION;
 * for counting, UNION ALL streams and stops at @limit, and the addressed arm — last, and only
 * reached when the rule has fewer evaluations than that — keeps events without an evaluation.
 */
function ruleQuery(f: EventFilter & { rule_ref: string }, p: Params, ordered: boolean): string {
  const outcomes = f.outcome !== undefined ? [f.outcome] : EVALUATION_OUTCOMES;
  const arms = outcomes.map((o) => evaluationArm(f, p, o, ordered));
  if (f.outcome === undefined) {
    const rest = residuals(f, p, true);
    const r = p.add(f.rule_ref);
    if (!ordered) {
      rest.push(`NOT EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = e.id AND v.rule_ref = ${r})`);
    }
    arms.push(
      `SELECT e.id FROM events e WHERE e.rule_ref = ${r}${and(rest)}${ordered ? ' ORDER BY e.id DESC' : ''} LIMIT @limit`,
    );
  }
  const merged = arms.map((a) => `SELECT id FROM (${a})`).join(ordered ? ' UNION ' : ' UNION ALL ');
  return `SELECT id FROM (${merged})${ordered ? ' ORDER BY id DESC' : ''} LIMIT @limit`;
}

/** The id query for `f`, or null when `q` holds nothing searchable (no event can match). */
export function eventIdQuery(f: EventFilter, ordered: boolean): IdQuery | null {
  const p = new Params();
  if (f.q !== undefined) {
    const match = searchQuery(f.q);
    if (match === null) return null;
    const rest = residuals(f, p, false);
    // The index is kept in sync by triggers, so its rowids are events: join only to filter.
    const join = rest.length ? ' JOIN events e ON e.id = s.rowid' : '';
    return {
      sql:
        `SELECT s.rowid AS id FROM events_search s${join} ` +
        `WHERE events_search MATCH ${p.add(match)}${and(rest)}${ordered ? ' ORDER BY s.rowid DESC' : ''} LIMIT @limit`,
      params: p.values,
      order: 'id',
    };
  }
  if (f.rule_ref !== undefined) {
    return { sql: ruleQuery({ ...f, rule_ref: f.rule_ref }, p, ordered), params: p.values, order: 'id' };
  }
  if (f.outcome !== undefined) {
    return { sql: evaluationArm(f, p, f.outcome, ordered, true), params: p.values, order: 'id' };
  }
  if (
    (f.since !== undefined || f.until !== undefined) &&
    f.trigger_ref === undefined &&
    f.kind === undefined
  ) {
    const time: string[] = [];
    if (f.since !== undefined) time.push(`e.created >= ${p.add(f.since)}`);
    if (f.until !== undefined) time.push(`e.created < ${p.add(f.until)}`);
    return {
      sql: `SELECT e.id, e.created FROM events e${where(time)}${ordered ? ' ORDER BY e.created DESC, e.id DESC' : ''} LIMIT @limit`,
      params: p.values,
      order: 'created',
    };
  }
  const rest = residuals(f, p, true);
  return {
    sql: `SELECT e.id FROM events e${where(rest)}${ordered ? ' ORDER BY e.id DESC' : ''} LIMIT @limit`,
    params: p.values,
    order: 'id',
  };
}
