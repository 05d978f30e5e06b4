/**
 * docs/timers.md, "The clock" — how the pieces fit: a sketch of the timer sensor's loop (one
 * pending wake-up, never more than 30 s; re-read the clocks on every wake; plan; persist the
 * last handled slot) run on SimClock through a normal hour, a night asleep and a clock set back.
 * The real loop is the engine's; this proves the layer gives it what it needs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Clock,
  classifyGap,
  type GapClassification,
  MAX_TIMER_WAIT_MS,
  type MisfirePlan,
  missedReasonForGap,
  planMisfire,
  readClock,
  type Schedule,
  SimClock,
} from '../../../core/schedule/index.ts';
import { at, cron } from './helpers.ts';

function startLoop(clock: Clock, schedule: Schedule, log: MisfirePlan[]): () => void {
  let previous: ReturnType<typeof readClock> | null = null;
  let lastHandled: number | null = clock.now(); // enabled now
  let handle = clock.setTimeout(wake, 0);
  function wake(): void {
    const reading = readClock(clock);
    const gap: GapClassification | null = previous === null ? null : classifyGap(previous, reading);
    previous = reading;
    const plan = planMisfire({
      schedule,
      lastHandled,
      now: reading.wall,
      policy: { policy: 'coalesce' },
      lateReason: missedReasonForGap(gap),
    });
    if (plan.fire.length > 0 || plan.missed.length > 0) log.push(plan);
    lastHandled = plan.handledThrough;
    const wait =
      plan.nextAfter === null ? MAX_TIMER_WAIT_MS : Math.min(MAX_TIMER_WAIT_MS, plan.nextAfter - clock.now());
    handle = clock.setTimeout(wake, wait);
  }
  return () => clock.clearTimeout(handle);
}

describe('a timer loop on the schedule layer', () => {
  it('fires on time, coalesces a night asleep, never refires after the clock is set back, and leaks nothing', () => {
    const clock = new SimClock('2027-03-10T21:59:00Z');
    const log: MisfirePlan[] = [];
    const stop = startLoop(clock, cron('0 * * * *', 'UTC'), log);

    clock.advanceTo('2027-03-10T23:30:00Z');
    assert.deepEqual(
      log.flatMap((p) => p.fire),
      [
        { scheduledAt: at('2027-03-10T22:00:00Z'), late: false },
        { scheduledAt: at('2027-03-10T23:00:00Z'), late: false },
      ],
    );

    log.length = 0;
    clock.sleep(8 * 3_600_000); // lid closed 23:30, opened 07:30
    clock.advance(MAX_TIMER_WAIT_MS);
    assert.deepEqual(
      log.flatMap((p) => p.fire),
      [{ scheduledAt: at('2027-03-11T07:00:00Z'), late: true }],
    );
    assert.deepEqual(
      log.flatMap((p) =>
        p.missed.map((m) => [new Date(m.scheduledAt).toISOString().slice(11, 16), m.reason]),
      ),
      [
        ['00:00', 'asleep'],
        ['01:00', 'asleep'],
        ['02:00', 'asleep'],
        ['03:00', 'asleep'],
        ['04:00', 'asleep'],
        ['05:00', 'asleep'],
        ['06:00', 'asleep'],
      ],
    );

    log.length = 0;
    clock.advanceTo('2027-03-11T08:10:00Z'); // 08:00 fires
    clock.jumpWall(-30 * 60_000); // someone sets the clock back to 07:40
    clock.advance(3_600_000); // wall 07:40 → 08:40: passes 08:00 again
    assert.deepEqual(
      log.flatMap((p) => p.fire),
      [{ scheduledAt: at('2027-03-11T08:00:00Z'), late: false }],
    );

    stop();
    assert.equal(clock.pendingTimers(), 0);
  });
});
