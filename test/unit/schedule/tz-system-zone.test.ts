/**
 * docs/timers.md, "Daylight saving time" — the default zone of a timer is the zone the process
 * runs in, as the runtime reports it, while a cron timer's slots depend only on its own zone,
 * never on the process's. Node re-reads `process.env.TZ` when it is set, so each test runs
 * under another zone and puts the old one back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemTimezone } from '../../../core/schedule/tz.ts';
import { at, cron } from './helpers.ts';

/** Runs `fn` with the process in zone `tz`, then restores the zone it had. */
function inProcessZone<T>(tz: string, fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('the process zone', () => {
  it('is read from the runtime, not assumed', () => {
    assert.equal(
      inProcessZone('Asia/Tokyo', () => systemTimezone()),
      'Asia/Tokyo',
    );
    assert.equal(
      inProcessZone('America/New_York', () => systemTimezone()),
      'America/New_York',
    );
  });

  it('does not move cron slots around a DST gap', () => {
    // 02:00-02:45 do not exist in Berlin that night: one slot at 03:00+02:00, whatever the process zone.
    for (const tz of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
      const slot = inProcessZone(tz, () =>
        cron('*/15 2 * * *', 'Europe/Berlin').next(at('2027-03-28T00:50:00Z')),
      );
      assert.equal(slot, at('2027-03-28T01:00:00Z'), `process in ${tz}`);
    }
  });
});
