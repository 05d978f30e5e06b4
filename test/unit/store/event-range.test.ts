/**
 * A time range as a range of event ids (core/store/event-range.ts): whatever the wall clock did
 * between events, every event inside the time range has its id inside the id range; and when
 * the clock never went back, every id inside the id range is an event inside the time range.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { idRangeOf } from '../../../core/store/event-range.ts';
import { insertEvent, openStore } from '../../../core/store/index.ts';
import { eventRow } from '../../helpers/rows.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('every event inside the time range is inside the id range, for any clock history', (t) => {
  const dir = tempDir(t);
  let n = 0;
  fc.assert(
    fc.property(
      // Steps between events: mostly forward, sometimes back (the clock was set back).
      fc.array(fc.integer({ min: -5_000, max: 10_000 }), { minLength: 0, maxLength: 60 }),
      fc.integer({ min: -10_000, max: 400_000 }),
      fc.integer({ min: 0, max: 200_000 }),
      fc.boolean(),
      fc.boolean(),
      (steps, since, width, hasSince, hasUntil) => {
        const store = openStore({ file: path.join(dir, `range-${n++}.db`) });
        try {
          const events: Array<{ id: number; created: number }> = [];
          let created = 100_000;
          store.transaction((w) => {
            for (const step of steps) {
              created += step;
              const id = insertEvent(w, eventRow({ created }));
              events.push({ id, created });
            }
          });
          const s = hasSince ? since : undefined;
          const u = hasUntil ? since + width : undefined;
          const r = idRangeOf(store.read, s, u);
          const inTime = (e: { created: number }) =>
            (s === undefined || e.created >= s) && (u === undefined || e.created < u);
          const inIds = (e: { id: number }) =>
            (r.lo === undefined || e.id >= r.lo) && (r.hi === undefined || e.id <= r.hi);
          for (const e of events) {
            if (inTime(e))
              assert.ok(inIds(e), `event ${e.id} at ${e.created} is outside ${JSON.stringify(r)}`);
            if (r.exact && inIds(e))
              assert.ok(inTime(e), `event ${e.id} at ${e.created} is in an exact range`);
          }
          // The first step only places the first event; any later step back makes a lag.
          assert.equal(
            r.exact,
            !steps.slice(1).some((x) => x < 0),
            'exact exactly when the clock never went back',
          );
        } finally {
          store.close();
        }
      },
    ),
    { numRuns: 150 },
  );
});
