/**
 * How big each retention target is and what its limits would keep (the settings page,
 * `retention status`). Sizes come from SQLite's `dbstat` table (page by page) while the file is
 * small enough for that to be quick, else from the row count times the bytes a row costs as
 * measured in docs/performance.md ("Store").
 */
import type { RetentionTarget, RetentionTargetName } from '../model/retention.ts';
import { type AutoVacuumMode, autoVacuumMode } from './auto-vacuum.ts';
import type { ReadHandle } from './handles.ts';
import { RETENTION_TABLES, tableTrimmable } from './retention-repo.ts';

/** Up to this file size `dbstat` measures; above, a page-by-page walk would hold the store too long. */
export const DBSTAT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Bytes per row with indexes, from docs/performance.md ("Store"): an event with its 2.66
 * evaluations, 0.9 enforcements and search entry (266 + 440 + 146 + 51 bytes), an execution,
 * and estimates for the two small logs.
 */
export const BYTES_PER_ROW: Record<RetentionTargetName, number> = {
  events: 903,
  executions: 363,
  webhook_event_logs: 160,
  sensor_logs: 200,
};

/** The tables whose pages count toward a target: an event's rows live in four tables. */
const COUNTED_TABLES: Record<RetentionTargetName, string[]> = {
  events: ['events', 'evaluations', 'enforcements', 'events_search%'],
  executions: ['executions'],
  webhook_event_logs: ['webhook_attempts'],
  sensor_logs: ['sensor_logs'],
};

export interface TableStatus {
  target: RetentionTargetName;
  present: boolean;
  rows: number;
  bytes: number;
  bytes_source: 'dbstat' | 'estimate';
  rows_kept: number;
  rows_over: number;
}

export interface FileStatus {
  file_bytes: number;
  free_bytes: number;
  auto_vacuum: AutoVacuumMode;
}

export function fileStatus(h: ReadHandle): FileStatus {
  const pageSize = h.raw.pragma('page_size', { simple: true }) as number;
  return {
    file_bytes: (h.raw.pragma('page_count', { simple: true }) as number) * pageSize,
    free_bytes: (h.raw.pragma('freelist_count', { simple: true }) as number) * pageSize,
    auto_vacuum: autoVacuumMode(h.raw),
  };
}

function measuredBytes(h: ReadHandle, target: RetentionTargetName): number {
  let bytes = 0;
  for (const pattern of COUNTED_TABLES[target]) {
    const row = h.raw
      .prepare(
        `SELECT COALESCE(SUM(s.pgsize), 0) AS bytes FROM sqlite_schema m, dbstat('main', 1) s
         WHERE s.name = m.name AND (m.tbl_name LIKE ? OR m.name LIKE ?)`,
      )
      .get(pattern, pattern) as { bytes: number };
    bytes += row.bytes;
  }
  return bytes;
}

/** Rows older than `cutoff` (epoch ms), counted as the prefix in id order the pass would trim. */
function rowsOlderThan(h: ReadHandle, table: string, cutoff: number): number {
  if (table === 'events')
    return (h.stmt('SELECT count(*) AS n FROM events WHERE created < ?').get(cutoff) as { n: number }).n;
  // Ids grow with time: find the first young row by bisection, count the ids below it.
  const bounds = h.raw.prepare(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM ${table}`).get() as {
    lo: number | null;
    hi: number | null;
  };
  if (bounds.lo === null || bounds.hi === null) return 0;
  const createdAtOrAfter = h.raw.prepare(
    `SELECT id, created FROM ${table} WHERE id >= ? ORDER BY id LIMIT 1`,
  );
  let lo = bounds.lo;
  let hi = bounds.hi + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = createdAtOrAfter.get(mid) as { id: number; created: number } | undefined;
    if (row && row.created < cutoff) lo = row.id + 1;
    else hi = mid;
  }
  return (h.raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE id < ?`).get(lo) as { n: number }).n;
}

export function tableStatus(
  h: ReadHandle,
  target: RetentionTargetName,
  limits: RetentionTarget,
  now: number,
  measure: boolean,
): TableStatus {
  const table = RETENTION_TABLES[target];
  if (!tableTrimmable(h, table)) {
    return {
      target,
      present: false,
      rows: 0,
      bytes: 0,
      bytes_source: 'estimate',
      rows_kept: 0,
      rows_over: 0,
    };
  }
  const rows = (h.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const byCount = limits.max_rows === null ? 0 : Math.max(0, rows - limits.max_rows);
  const byAge =
    limits.max_age_seconds === null ? 0 : rowsOlderThan(h, table, now - limits.max_age_seconds * 1000);
  // Both limits trim the oldest rows, so together they trim the longer of the two prefixes.
  const over = Math.max(byCount, byAge);
  return {
    target,
    present: true,
    rows,
    bytes: measure ? measuredBytes(h, target) : rows * BYTES_PER_ROW[target],
    bytes_source: measure ? 'dbstat' : 'estimate',
    rows_kept: rows - over,
    rows_over: over,
  };
}
