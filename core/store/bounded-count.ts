/**
 * Bounded counting for list envelopes (issue 5): `COUNT(*)` over a million matching rows costs
 * tens of milliseconds and grows with the table, while a page costs microseconds. So a list
 * counts at most COUNT_WINDOW items past the requested page's offset:
 *
 * - below that, `total_items` is exact (and so are `total_pages` and `has_next`);
 * - beyond it, `total_items` is `offset + COUNT_WINDOW`: a lower bound, which the UI shows as
 *   "10,000+" — paging on keeps it ahead of the reader, so `has_next` stays right.
 *
 * Attune's pagination envelope is unchanged; only the meaning of a large `total_items` is.
 */
import { offsetOf, type Page, type PageRequest } from './codec.ts';
import type { ReadHandle } from './handles.ts';

/** Items counted past the page's offset before counting stops. */
export const COUNT_WINDOW = 10_000;

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
