/**
 * `core.intervaltimer` (docs/timers.md, "Interval timers count elapsed time"): slots at anchor + k·interval for k = 1, 2, …, where the anchor is
 * the instant the rule was enabled or last edited, so the first fire is one interval after that.
 * Every slot is computed from the anchor, never by adding to the previous fire, so nothing drifts.
 * The interval is elapsed time: `1 days` is 86 400 s, and across a DST change its wall-clock time
 * moves by the shift (use a cron timer for "every day at 09:00").
 */

import { collectSlots, type DstNote, MAX_INSTANT, type Schedule, type SlotCount } from './schedule.ts';
import { isTransitionDay } from './tz.ts';

export const INTERVAL_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** Milliseconds per unit. */
export const UNIT_MS: Record<IntervalUnit, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** Normalized `core.intervaltimer` params. */
export type IntervalParams = {
  interval: number;
  unit: IntervalUnit;
};

/** An interval schedule; `anchor` is epoch ms, `timezone` is only for showing its instants. */
export function createIntervalSchedule(params: IntervalParams, anchor: number, timezone: string): Schedule {
  const step = params.interval * UNIT_MS[params.unit];

  /** Index k ≥ 1 of the first slot strictly after `after`. */
  function indexAfter(after: number): number {
    let k = Math.max(1, Math.floor((after - anchor) / step) + 1);
    // Beyond 2^53 ms from the anchor the distance rounds, and the guess can be one too high (the
    // second loop); within a Date's range it is never too low (the first loop only states it).
    // Stryker disable next-line ConditionalExpression,UpdateOperator: never runs while the anchor is a Date's instant (the distance stays below 2^54, where every multiple of a step is exact)
    while (anchor + k * step <= after) k++;
    while (k > 1 && anchor + (k - 1) * step > after) k--;
    return k;
  }

  function next(afterMs: number): number | null {
    const slot = anchor + indexAfter(afterMs) * step;
    return slot <= MAX_INSTANT ? slot : null;
  }

  return {
    kind: 'interval',
    timezone,
    next,
    slotsBetween: (from, to, limit) => collectSlots(next, from, to, limit),
    countBetween(from, to): SlotCount {
      const first = indexAfter(from);
      const end = Math.min(to, MAX_INSTANT);
      let last = Math.floor((end - anchor) / step);
      // The same rounding as in indexAfter: far from the anchor the quotient can be one too high.
      while (last > 0 && anchor + last * step > end) last--;
      return { count: Math.max(0, last - first + 1), exact: true };
    },
    dstNote(at): DstNote {
      // Elapsed-time slots are never moved by DST; the note only warns that the wall time shifts.
      return isTransitionDay(at, timezone) ? 'transition_day' : null;
    },
  };
}
