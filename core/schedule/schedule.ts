/**
 * The shape every timer schedule has (docs/timers.md, "The three timers"), and the walks built on `next()` alone. A schedule
 * is a set of absolute instants ("slots"); nothing here waits or reads a clock.
 */

/** The three timer kinds, as the payload's `type` names them. */
export type TimerKind = 'interval' | 'cron' | 'one_shot';

/**
 * How a DST transition touches a slot: its wall-clock time fell in a spring-forward gap and it runs
 * at the end of the gap (`gap_shifted`); its wall-clock time occurs twice and this is the first,
 * the only one that runs (`overlap_first`); it is on a day whose offset changes but is not itself
 * moved (`transition_day`); or nothing (`null`).
 */
export type DstNote = null | 'gap_shifted' | 'overlap_first' | 'transition_day';

/** A count that stopped early: `exact` is false when there were more than the cap. */
export interface SlotCount {
  count: number;
  exact: boolean;
}

/** The latest instant a JavaScript Date can hold; schedules never return anything later. */
export const MAX_INSTANT = 8_640_000_000_000_000;

/** A timer's slots as absolute instants (epoch ms). */
export interface Schedule {
  readonly kind: TimerKind;
  /** The zone its instants are shown in: the cron or fire_at zone, else the default zone. */
  readonly timezone: string;
  /** The first slot strictly after `afterMs`, or null if there is none. */
  next(afterMs: number): number | null;
  /** Slots in (fromExclusive, toInclusive], oldest first, at most `limit` of them. */
  slotsBetween(fromExclusive: number, toInclusive: number, limit: number): number[];
  /** How many slots lie in (fromExclusive, toInclusive], counting at most `cap` unless it is free. */
  countBetween(fromExclusive: number, toInclusive: number, cap: number): SlotCount;
  /** Whether and how a DST transition moved or marks the slot at `at`. */
  dstNote(at: number): DstNote;
}

/** `slotsBetween` for any `next`. */
export function collectSlots(
  next: (afterMs: number) => number | null,
  fromExclusive: number,
  toInclusive: number,
  limit: number,
): number[] {
  const out: number[] = [];
  let cursor = fromExclusive;
  while (out.length < limit) {
    const slot = next(cursor);
    if (slot === null || slot > toInclusive) break;
    out.push(slot);
    cursor = slot;
  }
  return out;
}

/** `countBetween` by enumeration, for schedules that cannot count in closed form. */
export function countByWalking(
  next: (afterMs: number) => number | null,
  fromExclusive: number,
  toInclusive: number,
  cap: number,
): SlotCount {
  const n = collectSlots(next, fromExclusive, toInclusive, cap + 1).length;
  return n > cap ? { count: cap, exact: false } : { count: n, exact: true };
}

/**
 * The latest slot in (floorExclusive, beforeExclusive), or null. Bisects on `next()` instead of
 * enumerating, so finding the last of a million per-second slots costs ~40 calls: if next(t) is
 * still before the bound, the answer is after t.
 */
export function lastSlotBefore(
  schedule: Pick<Schedule, 'next'>,
  beforeExclusive: number,
  floorExclusive: number,
): number | null {
  const first = schedule.next(floorExclusive);
  if (first === null || first >= beforeExclusive) return null;
  // Invariant: next(lo) < bound <= next(hi) (null counts as after the bound).
  let lo = floorExclusive;
  let hi = beforeExclusive;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const n = schedule.next(mid);
    if (n !== null && n < beforeExclusive) lo = mid;
    else hi = mid;
  }
  // next(lo) < bound <= next(lo + 1): the slot next(lo) is lo + 1, the last one before the bound.
  return schedule.next(lo);
}
