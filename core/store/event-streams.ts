/**
 * The building blocks of an event-log query (docs/performance.md, "Store"): every filter can
 * *drive* — yield candidate event ids newest first from an index — or *check* a candidate that
 * another filter yielded, through an index seek that never reads the event row (except the
 * time range, which lives only in the row). event-query.ts picks which filter drives.
 *
 * - `q`: the FTS5 index of migration 0030 yields rowids in descending order; as a check, one
 *   FTS5 lookup per candidate (~40 µs here, so only worth it for a short candidate list);
 * - `rule` (+ `outcome`): evaluations by (rule_ref, outcome, event_id) — one stream per outcome
 *   plus the events addressed to the rule, merged; as a check, the evaluations primary key and
 *   the addressed-events index;
 * - `outcome`: evaluations by (outcome, event_id);
 * - `trigger`, `kind`, `source`: the events indexes (trigger_ref, id), (kind, id) and
 *   (source_ref, id) of migration 0110, covering;
 * - `time`: events by `created`, ordered by (created, id) — the order of that index, the same
 *   as id order unless the wall clock went back; drives only when it is the only filter.
 */
import type { EventKind } from '../model/entities.ts';
import type { EvaluationOutcome, EventOutcomeFilter } from '../model/status.ts';
import { EVALUATION_OUTCOMES, NOT_FIRED_OUTCOMES } from '../model/status.ts';
import { type IdRange, idRangeOf } from './event-range.ts';
import { searchQuery } from './event-search.ts';
import type { ReadHandle } from './handles.ts';

export interface EventFilter {
  trigger_ref?: string | undefined;
  /** The sensor (or other source: `api`, `manual`) that sent the event. */
  source_ref?: string | undefined;
  /** Events addressed to the rule, or evaluated for it. */
  rule_ref?: string | undefined;
  kind?: EventKind | undefined;
  /**
   * Events with at least one evaluation of this outcome (for rule_ref: that rule's outcome);
   * `not_fired`: of any outcome but `matched`, or a missed timer slot (for rule_ref: its own).
   */
  outcome?: EventOutcomeFilter | undefined;
  /** Epoch ms, inclusive / exclusive. */
  since?: number | undefined;
  until?: number | undefined;
  /** Words the payload must contain (see event-search.ts). */
  q?: string | undefined;
  /** Cursors: only ids below `before` / above `after` (the next and the newer pages of a log). */
  before?: number | undefined;
  after?: number | undefined;
}

/** The filters that can drive, by an index ordered by event id. */
export const DRIVERS = ['q', 'rule', 'outcome', 'trigger', 'kind', 'source'] as const;
export type Driver = (typeof DRIVERS)[number] | 'time' | 'all';

/** A filter with its FTS5 expression and its time range's ids resolved. */
export interface ResolvedFilter extends EventFilter {
  match?: string | undefined;
  ids?: IdRange | undefined;
}

/** Null when `q` holds nothing searchable: no event can match. */
export function resolveFilter(h: ReadHandle, f: EventFilter): ResolvedFilter | null {
  const r: ResolvedFilter = { ...f };
  if (f.q !== undefined) {
    const match = searchQuery(f.q);
    if (match === null) return null;
    r.match = match;
  }
  if (f.since !== undefined || f.until !== undefined) r.ids = idRangeOf(h, f.since, f.until);
  if (f.before !== undefined || f.after !== undefined) r.ids = withCursors(r.ids, f.before, f.after);
  return r;
}

/** A time range's ids narrowed by the cursors (exclusive bounds on the id itself). */
function withCursors(ids: IdRange | undefined, before?: number, after?: number): IdRange {
  const out: IdRange = { ...(ids ?? { exact: true }) };
  if (before !== undefined) out.hi = Math.min(out.hi ?? Number.POSITIVE_INFINITY, before - 1);
  if (after !== undefined) out.lo = Math.max(out.lo ?? 0, after + 1);
  return out;
}

/** Whether the events' own times must be checked (the id range does not settle it). */
const timeToCheck = (f: ResolvedFilter, driver: Driver) =>
  (f.since !== undefined || f.until !== undefined) && driver !== 'time' && !f.ids?.exact;

/** The drivers `f` offers (time and all are the fallbacks when it offers none). */
export function driversOf(f: ResolvedFilter): Driver[] {
  const out: Driver[] = [];
  if (f.match !== undefined) out.push('q');
  if (f.rule_ref !== undefined) out.push('rule');
  else if (f.outcome !== undefined) out.push('outcome');
  if (f.trigger_ref !== undefined) out.push('trigger');
  if (f.kind !== undefined) out.push('kind');
  if (f.source_ref !== undefined) out.push('source');
  if (out.length === 0) out.push(f.since !== undefined || f.until !== undefined ? 'time' : 'all');
  return out;
}

/** The evaluation outcomes an outcome filter stands for. */
function outcomesOf(outcome: EventOutcomeFilter): readonly EvaluationOutcome[] {
  return outcome === 'not_fired' ? NOT_FIRED_OUTCOMES : [outcome];
}

/** Named placeholders for one statement. */
export class Params {
  readonly values: Record<string, unknown> = {};
  private n = 0;
  add(v: unknown): string {
    const name = `p${this.n++}`;
    this.values[name] = v;
    return `@${name}`;
  }
}

/**
 * How a query runs: which filter drives, and which of the others are small enough (their whole
 * id set known to be under PROBE) to be checked against a list built once — SQLite makes an
 * in-memory list with a Bloom filter of `+id IN (SELECT …)`, ~0.05 µs a candidate — instead of
 * an index seek per candidate.
 */
export interface Plan {
  driver: Driver;
  lists: ReadonlySet<Driver>;
}

/** The filters other than the driver that each candidate must be checked against. */
export function checkedFilters(f: ResolvedFilter, driver: Driver): Driver[] {
  return driversOf(f).filter((d) => d !== driver && d !== 'time' && d !== 'all');
}

/**
 * What checking one candidate against the other filters costs, in seeks of a small covering index
 * (~0.7 µs here): a trigger, kind or outcome check is one; a rule check reads the large
 * evaluations table and maybe the addressed events (3); a time check reads the event row (3); a
 * text check starts an FTS5 query (~100 µs at a million events: 150); a list check 0.1.
 */
export function checkCost(f: ResolvedFilter, plan: Plan): number {
  let cost = timeToCheck(f, plan.driver) ? 3 : 0;
  for (const x of checkedFilters(f, plan.driver)) {
    cost += plan.lists.has(x) ? 0.1 : x === 'q' ? 150 : x === 'rule' ? 3 : 1;
  }
  return cost;
}

/** Conditions candidate `id` must pass for every filter the plan's driver does not apply itself. */
export function checks(f: ResolvedFilter, plan: Plan, p: Params, id: string): string[] {
  const out: string[] = [];
  if (timeToCheck(f, plan.driver)) {
    const range: string[] = [];
    if (f.since !== undefined) range.push(`c.created >= ${p.add(f.since)}`);
    if (f.until !== undefined) range.push(`c.created < ${p.add(f.until)}`);
    out.push(`EXISTS (SELECT 1 FROM events c WHERE c.id = ${id} AND ${range.join(' AND ')})`);
  }
  for (const x of checkedFilters(f, plan.driver)) {
    // `+` keeps SQLite from handing the list to the driver's index (FTS5 would run one query per
    // listed id); it must be a filter applied to each candidate.
    if (plan.lists.has(x)) {
      out.push(`+${id} IN (${streamSql(f, x, p, { ordered: false, checked: false, limit: '-1' })})`);
    } else {
      out.push(seekCheck(f, x, p, id));
    }
  }
  return out;
}

/** Filter `x` checked on candidate `id` by one index seek (an FTS5 lookup for text). */
function seekCheck(f: ResolvedFilter, x: Driver, p: Params, id: string): string {
  switch (x) {
    case 'q':
      return `EXISTS (SELECT 1 FROM events_search s WHERE events_search MATCH ${p.add(f.match)} AND s.rowid = ${id})`;
    case 'trigger':
      return `EXISTS (SELECT 1 FROM events t INDEXED BY events_trigger WHERE t.trigger_ref = ${p.add(f.trigger_ref)} AND t.id = ${id})`;
    case 'kind':
      return `EXISTS (SELECT 1 FROM events k INDEXED BY events_kind WHERE k.kind = ${p.add(f.kind)} AND k.id = ${id})`;
    case 'source':
      return `EXISTS (SELECT 1 FROM events o INDEXED BY events_source WHERE o.source_ref = ${p.add(f.source_ref)} AND o.id = ${id})`;
    case 'outcome': {
      const outcome = f.outcome as EventOutcomeFilter;
      const list = outcomesOf(outcome).map((o) => p.add(o));
      const evaluated = `EXISTS (SELECT 1 FROM evaluations v INDEXED BY evaluations_outcome WHERE v.outcome IN (${list.join(', ')}) AND v.event_id = ${id})`;
      if (outcome !== 'not_fired') return evaluated;
      return `(${evaluated} OR EXISTS (SELECT 1 FROM events k INDEXED BY events_kind WHERE k.kind = 'missed' AND k.id = ${id}))`;
    }
    case 'rule': {
      if (f.outcome !== undefined) {
        const r = p.add(f.rule_ref);
        const list = outcomesOf(f.outcome).map((o) => p.add(o));
        const evaluated = `EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = ${id} AND v.rule_ref = ${r} AND v.outcome IN (${list.join(', ')}))`;
        if (f.outcome !== 'not_fired') return evaluated;
        return `(${evaluated} OR EXISTS (SELECT 1 FROM events a INDEXED BY events_rule WHERE a.rule_ref = ${r} AND a.id = ${id} AND a.kind = 'missed'))`;
      }
      const r = p.add(f.rule_ref);
      return (
        `(EXISTS (SELECT 1 FROM evaluations v WHERE v.event_id = ${id} AND v.rule_ref = ${r}) OR ` +
        `EXISTS (SELECT 1 FROM events a INDEXED BY events_rule WHERE a.rule_ref = ${r} AND a.id = ${id}))`
      );
    }
    default:
      throw new Error(`no check for ${x}`);
  }
}

/** The time range's id bounds on a driver's id column. */
function bounds(f: ResolvedFilter, p: Params, col: string): string[] {
  const out: string[] = [];
  if (f.ids?.lo !== undefined) out.push(`${col} >= ${p.add(f.ids.lo)}`);
  if (f.ids?.hi !== undefined) out.push(`${col} <= ${p.add(f.ids.hi)}`);
  return out;
}

const and = (conds: string[]) => (conds.length ? ` AND ${conds.join(' AND ')}` : '');
const where = (conds: string[]) => (conds.length ? ` WHERE ${conds.join(' AND ')}` : '');

export interface StreamOptions {
  /** Newest first (a page), or any order (counting: every `@limit` rows count the same). */
  ordered: boolean;
  /** The plan whose checks apply inside the stream; false: the bare driver (probes, lists). */
  checked: Plan | false;
  /** The LIMIT expression; `@limit` unless given (`-1`: none). */
  limit?: string;
}

/**
 * The ids `driver` yields for `f`, at most `@limit` of them, as one SELECT of `id` (and
 * `created` for the time driver). Checks sit inside every arm, so a LIMIT never cuts candidates
 * before they were checked.
 */
export function streamSql(f: ResolvedFilter, driver: Driver, p: Params, o: StreamOptions): string {
  const c = (id: string) => [...bounds(f, p, id), ...(o.checked ? checks(f, o.checked, p, id) : [])];
  const desc = (col: string) => (o.ordered ? ` ORDER BY ${col} DESC` : '');
  const lim = o.limit ?? '@limit';
  switch (driver) {
    case 'q':
      return (
        `SELECT s.rowid AS id FROM events_search s WHERE events_search MATCH ${p.add(f.match)}` +
        `${and(c('s.rowid'))}${desc('s.rowid')} LIMIT ${lim}`
      );
    case 'trigger':
      return (
        `SELECT e.id FROM events e INDEXED BY events_trigger WHERE e.trigger_ref = ${p.add(f.trigger_ref)}` +
        `${and(c('e.id'))}${desc('e.id')} LIMIT ${lim}`
      );
    case 'kind':
      return (
        `SELECT e.id FROM events e INDEXED BY events_kind WHERE e.kind = ${p.add(f.kind)}` +
        `${and(c('e.id'))}${desc('e.id')} LIMIT ${lim}`
      );
    case 'source':
      return (
        `SELECT e.id FROM events e INDEXED BY events_source WHERE e.source_ref = ${p.add(f.source_ref)}` +
        `${and(c('e.id'))}${desc('e.id')} LIMIT ${lim}`
      );
    case 'outcome': {
      const outcome = f.outcome as EventOutcomeFilter;
      const arms = outcomesOf(outcome).map(
        (o) =>
          `SELECT DISTINCT v.event_id AS id FROM evaluations v INDEXED BY evaluations_outcome ` +
          `WHERE v.outcome = ${p.add(o)}${and(c('v.event_id'))}${desc('v.event_id')} LIMIT ${lim}`,
      );
      if (outcome === 'not_fired') {
        arms.push(
          `SELECT e.id FROM events e INDEXED BY events_kind WHERE e.kind = 'missed'` +
            `${and(c('e.id'))}${desc('e.id')} LIMIT ${lim}`,
        );
      }
      if (arms.length === 1) return arms[0] as string;
      // One ordered stream per outcome, merged: an event may sit in several, so always UNION.
      const merged = arms.map((a) => `SELECT id FROM (${a})`).join(' UNION ');
      return `SELECT id FROM (${merged})${desc('id')} LIMIT ${lim}`;
    }
    case 'rule':
      return ruleStream(f as ResolvedFilter & { rule_ref: string }, p, o, c, lim);
    case 'time': {
      const range: string[] = [];
      if (f.since !== undefined) range.push(`e.created >= ${p.add(f.since)}`);
      if (f.until !== undefined) range.push(`e.created < ${p.add(f.until)}`);
      const order = o.ordered ? ' ORDER BY e.created DESC, e.id DESC' : '';
      return `SELECT e.id, e.created FROM events e${where([...range, ...c('e.id')])}${order} LIMIT ${lim}`;
    }
    case 'all':
      return `SELECT e.id FROM events e${where(c('e.id'))}${desc('e.id')} LIMIT ${lim}`;
  }
}

/**
 * The rule driver: one stream per outcome (disjoint: an event has one evaluation per rule) and
 * the events addressed to the rule. For a page, the few rows of each arm are merged with UNION;
 * for counting, UNION ALL streams and stops at @limit, and the addressed arm — last, and only
 * reached when the rule has fewer evaluations than that — skips events with an evaluation.
 */
function ruleStream(
  f: ResolvedFilter & { rule_ref: string },
  p: Params,
  o: StreamOptions,
  c: (id: string) => string[],
  lim: string,
): string {
  const outcomes = f.outcome !== undefined ? outcomesOf(f.outcome) : EVALUATION_OUTCOMES;
  const desc = (col: string) => (o.ordered ? ` ORDER BY ${col} DESC` : '');
  const arms = outcomes.map(
    (outcome) =>
      `SELECT v.event_id AS id FROM evaluations v INDEXED BY evaluations_rule ` +
      `WHERE v.rule_ref = ${p.add(f.rule_ref)} AND v.outcome = ${p.add(outcome)}` +
      `${and(c('v.event_id'))}${desc('v.event_id')} LIMIT ${lim}`,
  );
  if (f.outcome === undefined) {
    const r = p.add(f.rule_ref);
    const conds = c('e.id');
    if (!o.ordered) {
      conds.push(`NOT EXISTS (SELECT 1 FROM evaluations w WHERE w.event_id = e.id AND w.rule_ref = ${r})`);
    }
    arms.push(`SELECT e.id FROM events e WHERE e.rule_ref = ${r}${and(conds)}${desc('e.id')} LIMIT ${lim}`);
  } else if (f.outcome === 'not_fired') {
    // The rule's missed timer slots: addressed to it, never evaluated, so disjoint from the rest.
    arms.push(
      `SELECT e.id FROM events e INDEXED BY events_rule WHERE e.rule_ref = ${p.add(f.rule_ref)} AND e.kind = 'missed'` +
        `${and(c('e.id'))}${desc('e.id')} LIMIT ${lim}`,
    );
  }
  const merged = arms.map((a) => `SELECT id FROM (${a})`).join(o.ordered ? ' UNION ' : ' UNION ALL ');
  return `SELECT id FROM (${merged})${desc('id')} LIMIT ${lim}`;
}
