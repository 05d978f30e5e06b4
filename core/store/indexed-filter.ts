/**
 * Lists filtered on several columns at once (executions by status *and* rule), each column with
 * an index ordered by (column, id). SQLite would walk one index and read every candidate's row
 * to test the others — a random read of a large row each, ~100 ms to count a busy rule's failed
 * runs at a million executions. Instead each column is probed (its ids counted up to PROBE); the
 * column with the fewest drives; a column with fewer than PROBE ids is checked against a list of
 * them built once (`+id IN (…)`), a larger one by a seek into its own small index; and the count
 * stops where COUNT_BUDGET seeks end, flagged as a lower bound (the event log does the same with
 * more kinds of filter: event-query.ts).
 */
import { COUNT_BUDGET, checkedCountSql, checkedTotal, PROBE } from './bounded-count.ts';
import { offsetOf, type PageRequest } from './codec.ts';
import type { ReadHandle } from './handles.ts';

/** A filter on `column` (equality) served by `index` on (column, id), most selective first. */
export interface IndexedColumn {
  column: string;
  index: string;
  value: unknown;
}

export interface IdPage {
  ids: number[];
  total: number;
  total_exact: boolean;
}

/** Ids of `table` rows matching every column, newest first, with a (possibly bounded) total. */
export function pageByIndexes(
  h: ReadHandle,
  table: string,
  cols: IndexedColumn[],
  page: PageRequest,
): IdPage {
  const probe = (c: IndexedColumn, limit: number) =>
    (
      h
        .stmt(
          `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} INDEXED BY ${c.index} WHERE ${c.column} = ? LIMIT ?)`,
        )
        .get(c.value, limit) as { n: number }
    ).n;
  // Ties (every column past PROBE) go to the first column: callers list the most selective first.
  const sizes = cols.map((c) => probe(c, PROBE));
  const di = sizes.indexOf(Math.min(...sizes));
  const driver = cols[di] as IndexedColumn;
  const others = cols.filter((_, i) => i !== di);
  const listed = others.map((c) => (sizes[cols.indexOf(c)] as number) < PROBE);
  // `+` keeps the list a per-candidate filter rather than a second way into the driver's index.
  const checks = others.map((c, i) =>
    listed[i]
      ? `+d.id IN (SELECT id FROM ${table} INDEXED BY ${c.index} WHERE ${c.column} = ?)`
      : `EXISTS (SELECT 1 FROM ${table} x INDEXED BY ${c.index} WHERE x.${c.column} = ? AND x.id = d.id)`,
  );
  const cost = listed.reduce((sum, l) => sum + (l ? 0.1 : 1), 0);
  const values = others.map((c) => c.value);
  const from = `FROM ${table} d INDEXED BY ${driver.index} WHERE d.${driver.column} = ?`;

  const offset = offsetOf(page);
  const rows = h
    .stmt(`SELECT d.id ${from} AND ${checks.join(' AND ')} ORDER BY d.id DESC LIMIT ?`)
    .all(driver.value, ...values, offset + page.page_size + 1) as Array<{ id: number }>;
  const ids = rows.slice(offset, offset + page.page_size).map((r) => r.id);
  // The rows ran out within the page: that is every match.
  if (rows.length <= offset + page.page_size) return { ids, total: rows.length, total_exact: true };

  const scan = offset + Math.ceil(COUNT_BUDGET / cost);
  const counted = h
    .stmt(checkedCountSql(`SELECT d.id ${from} LIMIT ?`, checks.join(' AND ')))
    .get(...values, driver.value, scan) as { scanned: number; n: number };
  return { ids, ...checkedTotal(counted, scan, page, rows.length) };
}
