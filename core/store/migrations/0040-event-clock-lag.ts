/**
 * 0040: how far back the wall clock has ever gone between two events (docs/performance.md, "Store"). Event ids grow
 * with time, and `created` grows with them unless the clock is set back. Knowing the largest
 * step back (`max_lag_ms`, 0 on a machine whose clock never went back) turns a time range into
 * a range of ids, which every index ordered by event id can seek to: "lyon, last Tuesday" reads
 * last Tuesday's index entries instead of every one newer than that (core/store/event-range.ts).
 *
 * The lag is measured against the newest `created` so far (an `events(created)` index seek per
 * insert, well under a microsecond), recorded only when an event arrives with an earlier time,
 * and never lowered: deleting events can only make it an overestimate, which stays correct.
 */
import type { Migration } from './types.ts';

export const migration0040: Migration = {
  version: 40,
  name: 'event-clock-lag',
  up: `
CREATE TABLE event_clock (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  max_lag_ms INTEGER NOT NULL
) STRICT;
INSERT INTO event_clock (id, max_lag_ms)
  SELECT 1, MAX(COALESCE(MAX(lag), 0), 0) FROM (
    SELECT MAX(created) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - created AS lag
    FROM events
  );

CREATE TRIGGER events_clock_lag BEFORE INSERT ON events
WHEN new.created < (SELECT MAX(created) FROM events)
BEGIN
  UPDATE event_clock SET max_lag_ms = MAX(max_lag_ms, (SELECT MAX(created) FROM events) - new.created);
END;
`,
};
