/**
 * Bounded counting for list envelopes (docs/decisions/0004-bounded-totals.md): `COUNT(*)` over a million matching rows costs
 * tens of milliseconds and grows with the table, while a page costs microseconds. So a list
 * counts at most COUNT_WINDOW items past the requested page's offset:
 *
 * - below that, `total_items` is exact (and so are `total_pages` and `has_next`);
 * - beyond it, `total_items` is `offset + COUNT_WINDOW`: a lower bound, which the UI shows as
 *   "10,000+" — paging on keeps it ahead of the reader, so `has_next` stays right.
 *
 * A list filtered on several columns (event-query.ts, indexed-filter.ts) checks candidates of
 * one against the others, and stops counting where COUNT_BUDGET index seeks end (checkedTotal).
 * Either way a lower bound is flagged: `total_is_lower_bound` (docs/decisions/0004).
 */
import { offsetOf, type Page, type PageRequest } from './codec.ts';
import type { ReadHandle } from './handles.ts';

/** Items counted past the page's offset before counting stops. */
export const COUNT_WINDOW = 10_000;

/** Ids counted per filter when planning a combined filter; a filter with fewer is "small". */
export const PROBE = 5_000;

/**
 * What a combined filter's count may spend past the page's offset, in seeks of a small covering
 * index (~0.7 µs here): 5,000 candidates checked against one such index, fewer against costlier
 * checks, more against in-memory lists. ~5 ms.
 */
export const COUNT_BUDGET = 5_000;

/** The most a bounded count reports for this page. */
export function countLimit(page: PageRequest): number {
  return offsetOf(page) + COUNT_WINDOW;
}

/**
 * Counts the rows of `selectSql` (a SELECT whose LIMIT is `@limit` or a trailing `?`),
 * up to countLimit(page).
 */
export function boundedCount(
  h: ReadHandle,
  selectSql: string,
  params: Record<string, unknown> | unknown[],
  page: PageRequest,
): number {
  const limit = countLimit(page);
  const stmt = h.stmt(`SELECT COUNT(*) AS n FROM (${selectSql})`);
  const row = Array.isArray(params) ? stmt.get(...params, limit) : stmt.get({ ...params, limit });
  return (row as { n: number }).n;
}

/**
 * One page of `table` under `where`, newest first, with its bounded total: the list shape every
 * repository without special query needs (executions, enforcements) shares.
 */
export function selectPage<Row, Item>(
  h: ReadHandle,
  table: string,
  where: { sql: string; params: unknown[] },
  page: PageRequest,
  toItem: (row: Row) => Item,
): Page<Item> {
  const total = boundedCount(h, `SELECT 1 FROM ${table} ${where.sql} LIMIT ?`, where.params, page);
  const total_exact = total < countLimit(page);
  const rows = h
    .stmt(`SELECT * FROM ${table} ${where.sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...where.params, page.page_size, offsetOf(page)) as Row[];
  return { items: rows.map(toItem), total, total_exact, page: page.page, page_size: page.page_size };
}

/** Counts the candidates of `bareSql` (aliased `d`) and those of them for which `ok` holds. */
export function checkedCountSql(bareSql: string, ok: string): string {
  return `SELECT COUNT(*) AS scanned, COALESCE(SUM(${ok}), 0) AS n FROM (${bareSql}) d`;
}

/**
 * The total of a combined filter from a count that examined at most `limit` candidates: exact
 * when they ran out first, else a lower bound that covers the `seen` matches of the page read.
 */
export function checkedTotal(
  counted: { scanned: number; n: number },
  limit: number,
  page: PageRequest,
  seen: number,
): { total: number; total_exact: boolean } {
  if (counted.scanned < limit) return { total: counted.n, total_exact: true };
  return { total: Math.max(Math.min(counted.n, countLimit(page)), seen), total_exact: false };
}

/** Rows of `table` by id (a page's ids), in `orderBy`. */
export function rowsByIds<Row>(h: ReadHandle, table: string, ids: number[], orderBy: string): Row[] {
  if (ids.length === 0) return [];
  return h
    .stmt(`SELECT * FROM ${table} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy}`)
    .all(JSON.stringify(ids)) as Row[];
}
