/**
 * docs/timers.md, "Missed runs" — a slot at most the grace (ON_TIME_GRACE_MS) old is on time. For a
 * rule that has handled nothing yet the planner starts "from now": the slot exactly on the grace
 * edge still fires, one a millisecond older was never due to this rule and is neither fired nor
 * missed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ON_TIME_GRACE_MS, planMisfire } from '../../../core/schedule/index.ts';
import { at, cron } from './helpers.ts';

const SLOT = at('2027-03-10T10:00:00Z');
const hourly = cron('0 * * * *', 'UTC');

function fromNow(now: number) {
  return planMisfire({ schedule: hourly, lastHandled: null, now, policy: null, lateReason: 'asleep' });
}

describe('the on-time edge when nothing was handled yet', () => {
  it('fires a slot exactly one grace old, on time', () => {
    const p = fromNow(SLOT + ON_TIME_GRACE_MS);
    assert.deepEqual(p.fire, [{ scheduledAt: SLOT, late: false }]);
    assert.deepEqual(p.missed, []);
    assert.equal(p.handledThrough, SLOT);
  });

  it('neither fires nor misses a slot a millisecond older than the grace', () => {
    const p = fromNow(SLOT + ON_TIME_GRACE_MS + 1);
    assert.deepEqual([p.fire, p.missed, p.handledThrough], [[], [], null]);
    assert.equal(p.nextAfter, at('2027-03-10T11:00:00Z'));
  });
});
