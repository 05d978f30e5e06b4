/**
 * Why did the timer sensor wake late? It keeps one wake-up, never more than 30 s away (docs/timers.md, "The clock"),
 * and records the three clock readings each time. Comparing how far each clock moved since the
 * previous wake tells the cases apart:
 *
 * | what happened            | wall     | monotonic | boot     | kind         |
 * |--------------------------|----------|-----------|----------|--------------|
 * | normal, or busy process  | d        | d         | d        | `on_time`    |
 * | machine slept for s      | d + s    | d         | d + s    | `asleep`     |
 * | wall clock set by j (±)  | d + j    | d         | d        | `clock_jump` |
 *
 * `on_time` only says the clocks agree; the wake can still be late because the process was
 * overloaded (a long synchronous task, a GC storm). The planner decides lateness from the slots
 * themselves, and the engine records such late slots with reason `asleep`, the closest reason
 * docs/timers.md ("Missed runs") has for "the process could not run" (see `missedReasonForGap`).
 */

import type { MissedReason } from '../model/status.ts';
import type { Clock } from './clock.ts';

/** The three clocks read at one wake. */
export interface ClockReading {
  wall: number;
  monotonic: number;
  boot: number | null;
}

/** Read all three clocks at once. */
export function readClock(clock: Clock): ClockReading {
  return { wall: clock.now(), monotonic: clock.monotonic(), boot: clock.sinceBoot() };
}

/**
 * Clocks that disagree by less than this agree. It must exceed the boot clock's resolution
 * (os.uptime() is 10 ms on Linux) plus the time between reading the clocks, and it is the
 * smallest sleep or jump worth reporting: the planner's own grace (1 s) absorbs smaller ones.
 */
export const CLOCK_AGREEMENT_MS = 2_000;

/** A classified wake. */
export interface GapClassification {
  kind: 'on_time' | 'asleep' | 'clock_jump';
  /** How far the wall clock moved beyond the monotonic clock, ms (sleep + jump). */
  wallAhead: number;
  /** Time asleep, ms: the boot clock's lead over the monotonic clock (0 if unknown). */
  slept: number;
  /** The wall clock's jump, ms, forward positive (0 unless `clock_jump`). */
  jump: number;
}

/**
 * Classify the time between two wakes. A jump wins over sleep when both happened (a laptop that
 * resumes and then syncs NTP), because it is the one that moves schedules. Without a boot clock
 * a forward lead is taken as sleep (much the more common cause) and a backward one as a jump.
 */
export function classifyGap(previous: ClockReading, current: ClockReading): GapClassification {
  const wallDelta = current.wall - previous.wall;
  const monoDelta = current.monotonic - previous.monotonic;
  const wallAhead = wallDelta - monoDelta;
  if (previous.boot !== null && current.boot !== null) {
    const bootDelta = current.boot - previous.boot;
    const slept = Math.max(0, bootDelta - monoDelta);
    const jump = wallDelta - bootDelta;
    if (Math.abs(jump) >= CLOCK_AGREEMENT_MS) return { kind: 'clock_jump', wallAhead, slept, jump };
    if (slept >= CLOCK_AGREEMENT_MS) return { kind: 'asleep', wallAhead, slept, jump: 0 };
    return { kind: 'on_time', wallAhead, slept, jump: 0 };
  }
  if (wallAhead <= -CLOCK_AGREEMENT_MS) return { kind: 'clock_jump', wallAhead, slept: 0, jump: wallAhead };
  if (wallAhead >= CLOCK_AGREEMENT_MS) return { kind: 'asleep', wallAhead, slept: wallAhead, jump: 0 };
  return { kind: 'on_time', wallAhead, slept: 0, jump: 0 };
}

/**
 * The reason to record for late slots: `app_not_running` when there is no previous wake (the
 * engine just started), `clock_jump` for a jump, and `asleep` for sleep and for a busy process.
 */
export function missedReasonForGap(gap: GapClassification | null): MissedReason {
  if (gap === null) return 'app_not_running';
  return gap.kind === 'clock_jump' ? 'clock_jump' : 'asleep';
}
