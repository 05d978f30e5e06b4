/**
 * The store benchmark's baseline: the event and execution list queries as they were before
 * the work in docs/performance.md, "Store" (core/store at migration 0010) — an exact COUNT(*) and one WHERE with IN-subqueries —
 * with text search done the way one would without an index, `payload LIKE '%word%'`. Run on the
 * same database in the same run, so the ratio shows what the query shapes are worth.
 */
import { searchQuery } from '../../core/store/event-search.ts';
import {
  type EventFilter,
  type ExecutionFilter,
  offsetOf,
  type PageRequest,
  type ReadHandle,
  whereClause,
} from '../../core/store/index.ts';

/** How the baseline searches: a LIKE scan (timed), or the FTS index unbounded (the correctness reference). */
export type NaiveSearch = 'like' | 'fts';

function eventWhere(f: EventFilter, search: NaiveSearch): { sql: string; params: unknown[] } {
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
  const words = f.q === undefined ? undefined : f.q.trim().split(/\s+/);
  const like = search === 'like' ? words?.map((w) => `%${w.replace(/\*$/, '')}%`) : undefined;
  const match = search === 'fts' && f.q !== undefined ? searchQuery(f.q) : undefined;
  return whereClause([
    ['e.trigger_ref = ?', f.trigger_ref],
    ['e.kind = ?', f.kind],
    ['e.created >= ?', f.since],
    ['e.created < ?', f.until],
    byRule,
    [like?.map(() => 'e.payload LIKE ?').join(' AND ') ?? '', like],
    ['e.id IN (SELECT rowid FROM events_search WHERE events_search MATCH ?)', match ?? undefined],
  ]);
}

/** Ids of the page and the exact total, the pre-issue-5 way. */
export function naiveEvents(
  h: ReadHandle,
  f: EventFilter,
  page: PageRequest,
  search: NaiveSearch = 'like',
): { ids: number[]; total: number } {
  const w = eventWhere(f, search);
  const total = (h.stmt(`SELECT COUNT(*) AS n FROM events e ${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = h
    .stmt(`SELECT e.* FROM events e ${w.sql} ORDER BY e.id DESC LIMIT ? OFFSET ?`)
    .all(...w.params, page.page_size, offsetOf(page)) as Array<{ id: number; payload: string }>;
  for (const r of rows) JSON.parse(r.payload);
  return { ids: rows.map((r) => r.id), total };
}

export function naiveExecutions(
  h: ReadHandle,
  f: ExecutionFilter,
  page: PageRequest,
): { ids: number[]; total: number } {
  const { sql, params } = whereClause([
    ['status = ?', f.status],
    ['action_ref = ?', f.action_ref],
    ['rule_ref = ?', f.rule_ref],
  ]);
  const total = (h.stmt(`SELECT COUNT(*) AS n FROM executions ${sql}`).get(...params) as { n: number }).n;
  const rows = h
    .stmt(`SELECT * FROM executions ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...params, page.page_size, offsetOf(page)) as Array<{ id: number; config: string }>;
  for (const r of rows) JSON.parse(r.config);
  return { ids: rows.map((r) => r.id), total };
}
