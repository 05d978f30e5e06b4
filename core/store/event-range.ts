/**
 * A time range of the event log as a range of event ids (migration 0040). With `lag` the largest
 * step back the clock ever took between two events, every event stored after event `e` has
 * `created >= e.created - lag`, and every event before it `created <= e.created + lag`. So:
 *
 * - the newest event with `created < since - lag` has no match at or before it: `lo` = its id + 1;
 * - the oldest event with `created >= until + lag` has no match at or after it: `hi` = its id - 1.
 *
 * Two index seeks. When the clock never went back (`lag` 0) the range is exact and the events'
 * own times need no check; otherwise it is a superset and they still do.
 */
import type { ReadHandle } from './handles.ts';

export interface IdRange {
  /** Inclusive bounds; undefined means unbounded. */
  lo?: number | undefined;
  hi?: number | undefined;
  /** Every id in the range is inside the time range: no per-event time check is needed. */
  exact: boolean;
}

export function idRangeOf(h: ReadHandle, since: number | undefined, until: number | undefined): IdRange {
  const lag = (
    h.stmt('SELECT max_lag_ms AS lag FROM event_clock WHERE id = 1').get() as { lag: number } | undefined
  )?.lag;
  const m = lag ?? 0;
  const range: IdRange = { exact: m === 0 };
  if (since !== undefined) {
    const before = h
      .stmt('SELECT id FROM events WHERE created < ? ORDER BY created DESC, id DESC LIMIT 1')
      .get(since - m) as { id: number } | undefined;
    if (before) range.lo = before.id + 1;
  }
  if (until !== undefined) {
    const after = h
      .stmt('SELECT id FROM events WHERE created >= ? ORDER BY created, id LIMIT 1')
      .get(until + m) as { id: number } | undefined;
    if (after) range.hi = after.id - 1;
  }
  return range;
}
