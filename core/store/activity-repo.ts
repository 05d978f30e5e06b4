/**
 * Activity over time for a dashboard: events, events with an evaluation error, missed slots,
 * executions and failed executions, counted per bucket of a time range. Each count walks only
 * the rows in the range: events through their `created` index (covering), missed events and
 * errors through their own indexes bounded by the range's ids (event-range.ts), executions
 * backwards from the newest until one is older than the range (they are written in time order,
 * and have no time index).
 */
import { idRangeOf } from './event-range.ts';
import type { ReadHandle } from './handles.ts';

/** Execution statuses counted as failures. */
export const FAILED_STATUSES = ['failed', 'timeout', 'abandoned'] as const;

export interface ActivityBucket {
  /** Epoch ms of the bucket's start. */
  start: number;
  events: number;
  event_errors: number;
  missed: number;
  executions: number;
  failed: number;
}

type Counts = Omit<ActivityBucket, 'start'>;
const ZERO: Counts = { events: 0, event_errors: 0, missed: 0, executions: 0, failed: 0 };

/** Counts per bucket of `bucketMs` in [since, until): every bucket, empty ones as zeros. */
export function activity(h: ReadHandle, since: number, until: number, bucketMs: number): ActivityBucket[] {
  const n = Math.max(0, Math.ceil((until - since) / bucketMs));
  const out: ActivityBucket[] = Array.from({ length: n }, (_, i) => ({
    start: since + i * bucketMs,
    ...ZERO,
  }));
  if (n === 0) return out;
  const add = (rows: Array<{ b: number; n: number }>, field: keyof Counts) => {
    for (const r of rows) {
      const bucket = out[r.b];
      if (bucket) bucket[field] += r.n;
    }
  };
  const p = { since, until, bucket: bucketMs };
  // Parameters may bind as REAL: the cast keeps the division whole.
  const bucketOf = 'CAST((created - @since) / @bucket AS INTEGER)';
  add(
    h
      .stmt(
        `SELECT ${bucketOf} AS b, COUNT(*) AS n FROM events INDEXED BY events_created
         WHERE created >= @since AND created < @until GROUP BY b`,
      )
      .all(p) as Array<{ b: number; n: number }>,
    'events',
  );
  const ids = idRangeOf(h, since, until);
  const idBounds = { lo: ids.lo ?? 0, hi: ids.hi ?? Number.MAX_SAFE_INTEGER };
  add(
    h
      .stmt(
        `SELECT ${bucketOf} AS b, COUNT(*) AS n FROM events INDEXED BY events_kind
         WHERE kind = 'missed' AND id BETWEEN @lo AND @hi AND created >= @since AND created < @until GROUP BY b`,
      )
      .all({ ...p, ...idBounds }) as Array<{ b: number; n: number }>,
    'missed',
  );
  add(
    h
      .stmt(
        `SELECT CAST((e.created - @since) / @bucket AS INTEGER) AS b, COUNT(DISTINCT e.id) AS n
         FROM evaluations v INDEXED BY evaluations_outcome JOIN events e ON e.id = v.event_id
         WHERE v.outcome = 'error' AND v.event_id BETWEEN @lo AND @hi
           AND e.created >= @since AND e.created < @until GROUP BY b`,
      )
      .all({ ...p, ...idBounds }) as Array<{ b: number; n: number }>,
    'event_errors',
  );
  const older = h
    .stmt('SELECT id FROM executions WHERE created < @since ORDER BY id DESC LIMIT 1')
    .get({ since }) as { id: number } | undefined;
  const failed = FAILED_STATUSES.map((s) => `'${s}'`).join(', ');
  const rows = h
    .stmt(
      `SELECT ${bucketOf} AS b, COUNT(*) AS n, SUM(status IN (${failed})) AS f FROM executions
       WHERE id > @lo AND created >= @since AND created < @until GROUP BY b`,
    )
    .all({ ...p, lo: older?.id ?? 0 }) as Array<{ b: number; n: number; f: number }>;
  add(rows, 'executions');
  add(
    rows.map((r) => ({ b: r.b, n: r.f })),
    'failed',
  );
  return out;
}
