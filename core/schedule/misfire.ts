/**
 * The misfire planner (docs/timers.md, "Missed runs": "missed runs are a policy, not an accident"). Pure: given a
 * schedule, the last slot already handled and the current time, it says which slots fire now and
 * which are recorded as missed, with their reason. The timer sensor calls it on every wake; the
 * same call covers an app that was closed, a machine that slept, a wall clock that jumped and a
 * process that was too busy, which differ only in the reason the caller passes.
 *
 * The slots in (lastHandled, now] fall into three bands:
 * - on time: at most `graceMs` old. They always fire, `late: false`.
 * - outside the window: older than now − misfire_window. Never fire; missed as `outside_window`.
 * - late: the rest. `skip` fires none; `coalesce` fires the latest; `catch_up` fires the latest
 *   `max_catch_up` in chronological order. Late slots that do not fire are missed with the reason
 *   the caller chose (`app_not_running`, `asleep` or `clock_jump`).
 * Slots at or before `lastHandled` are never returned, so a wall clock set back never fires a slot
 * twice: the rule waits until the clock passes the last handled slot again.
 */
import { DEFAULT_MISFIRE, type MisfirePolicy } from '../model/entities.ts';
import type { MissedReason } from '../model/status.ts';
import { lastSlotBefore, type Schedule } from './schedule.ts';

/**
 * A slot at most this late is on time, not missed. Node's timers fire a few ms late, and more
 * under GC or disk pauses; a second covers that (APScheduler's default misfire_grace_time is the
 * same), while a slot later than that is reported as late so `skip` rules can skip it.
 */
export const ON_TIME_GRACE_MS = 1_000;

/**
 * A run of more than this many consecutive missed slots with the same reason is recorded as one
 * summary entry instead of one entry each, so a per-second cron asleep for days records a
 * handful of entries, not millions (and the planner never enumerates them).
 */
export const MAX_MISSED_ENTRIES = 100;

/**
 * Summary entries count their slots up to this many; beyond it the count is a lower bound
 * (`exact: false`). Interval timers count in closed form and are always exact; cron slots are
 * counted by walking, ~0.3 ms each for a zoned per-second cron, so this keeps a wake under ~0.2 s.
 */
export const MISSED_COUNT_CAP = 200;

/** A slot to fire now. */
export interface PlannedFire {
  scheduledAt: number;
  /** True if it is more than the grace late (the event's payload says so). */
  late: boolean;
}

/** A slot that will not run, with its reason; or, with `summary`, a run of such slots. */
export interface MissedSlot {
  /** The slot, or the first slot of a summarized run. */
  scheduledAt: number;
  reason: MissedReason;
  /** Present when this entry stands for several consecutive slots, from scheduledAt to lastScheduledAt. */
  summary?: { lastScheduledAt: number; count: number; exact: boolean };
}

/** What to do on this wake. */
export interface MisfirePlan {
  /** Slots to fire, oldest first. */
  fire: PlannedFire[];
  /** Slots that will not run, oldest first. */
  missed: MissedSlot[];
  /** The latest slot fired or missed in this plan, or the input's lastHandled if none: persist it. */
  handledThrough: number | null;
  /** The next slot to wait for: after now and after every handled slot. */
  nextAfter: number | null;
}

/** Planner input. */
export interface MisfireInput {
  schedule: Pick<Schedule, 'next' | 'slotsBetween' | 'countBetween'>;
  /**
   * The last slot fired or recorded as missed. For a rule that has not handled any, pass the
   * instant it was enabled (slots before that are not missed, they were never due); null means
   * "from now": only on-time slots fire.
   */
  lastHandled: number | null;
  now: number;
  /** The rule's `misfire`; null or missing fields take DEFAULT_MISFIRE's. */
  policy: Partial<MisfirePolicy> | null;
  /** Reason recorded for late slots that do not run; see `missedReasonForGap`. */
  lateReason: MissedReason;
  graceMs?: number;
}

/** The rule's misfire settings with defaults filled in. */
export function resolveMisfirePolicy(policy: Partial<MisfirePolicy> | null | undefined): MisfirePolicy {
  return {
    policy: policy?.policy ?? DEFAULT_MISFIRE.policy,
    max_catch_up: policy?.max_catch_up ?? DEFAULT_MISFIRE.max_catch_up,
    misfire_window: policy?.misfire_window ?? DEFAULT_MISFIRE.misfire_window,
  };
}

/** Decide which slots in (lastHandled, now] fire and which are missed. */
export function planMisfire(input: MisfireInput): MisfirePlan {
  const { schedule, now, lateReason } = input;
  const graceMs = input.graceMs ?? ON_TIME_GRACE_MS;
  const policy = resolveMisfirePolicy(input.policy);
  const floor = input.lastHandled ?? now - graceMs - 1;
  const fire: PlannedFire[] = [];
  const missed: MissedSlot[] = [];

  // Band edges, each the first instant of its band (a slot exactly on an edge is in the newer band).
  const onTimeFrom = now - graceMs;
  const windowFrom = Math.min(now - policy.misfire_window * 1000, onTimeFrom);

  if (floor < now) {
    recordMissed(schedule, floor, windowFrom - 1, 'outside_window', missed);
    const lateFloor = Math.max(floor, windowFrom - 1);
    if (lateFloor < onTimeFrom - 1) {
      const firedLate = pickLate(schedule, lateFloor, onTimeFrom, policy);
      const oldestFired = firedLate[0] ?? onTimeFrom;
      recordMissed(schedule, lateFloor, oldestFired - 1, lateReason, missed);
      for (const scheduledAt of firedLate) fire.push({ scheduledAt, late: true });
    }
    for (const scheduledAt of schedule.slotsBetween(
      Math.max(floor, onTimeFrom - 1),
      now,
      Number.MAX_SAFE_INTEGER,
    )) {
      fire.push({ scheduledAt, late: false });
    }
  }

  const latest = Math.max(
    fire.at(-1)?.scheduledAt ?? Number.NEGATIVE_INFINITY,
    ...missed.map((m) => m.summary?.lastScheduledAt ?? m.scheduledAt),
  );
  const handledThrough = Number.isFinite(latest) ? latest : input.lastHandled;
  return {
    fire,
    missed,
    handledThrough,
    nextAfter: schedule.next(Math.max(now, input.lastHandled ?? now)),
  };
}

/** Late slots in (lateFloor, onTimeFrom) that the policy runs, oldest first. */
function pickLate(
  schedule: MisfireInput['schedule'],
  lateFloor: number,
  onTimeFrom: number,
  policy: MisfirePolicy,
): number[] {
  const want =
    policy.policy === 'skip' ? 0 : policy.policy === 'coalesce' ? 1 : Math.max(0, policy.max_catch_up);
  if (want === 0) return [];
  // One more than we run tells whether they are all of them.
  const oldest = schedule.slotsBetween(lateFloor, onTimeFrom - 1, want + 1);
  if (oldest.length <= want) return oldest;
  // More late slots than we run: walk back from the newest, widening the search only as needed.
  const picked: number[] = [];
  let before = onTimeFrom;
  let width = 1_000;
  while (picked.length < want) {
    const slot = previousSlot(schedule, before, lateFloor, width);
    if (slot === null) break;
    // Stryker disable next-line MethodExpression,ArithmeticOperator: the width only sets where the search starts; previousSlot widens until it finds the same slot
    width = Math.max(1_000, 2 * (before - slot));
    picked.unshift(slot);
    before = slot;
  }
  return picked;
}

/** The latest slot in (floorExclusive, beforeExclusive), searching windows of growing width. */
function previousSlot(
  schedule: Pick<Schedule, 'next'>,
  beforeExclusive: number,
  floorExclusive: number,
  width: number,
): number | null {
  for (let w = width; ; w *= 8) {
    // Stryker disable next-line MethodExpression: a window reaching below the floor finds the same latest slot, which lies above it
    const lo = Math.max(floorExclusive, beforeExclusive - w);
    const slot = lastSlotBefore(schedule, beforeExclusive, lo);
    // Stryker disable next-line LogicalOperator: searching on after a hit ends at the floor with the same latest slot
    if (slot !== null || lo === floorExclusive) return slot;
  }
}

/** Record the slots in (fromExclusive, toInclusive] as missed: one entry each, or one summary. */
function recordMissed(
  schedule: MisfireInput['schedule'],
  fromExclusive: number,
  toInclusive: number,
  reason: MissedReason,
  out: MissedSlot[],
): void {
  if (toInclusive <= fromExclusive) return;
  const head = schedule.slotsBetween(fromExclusive, toInclusive, MAX_MISSED_ENTRIES + 1);
  if (head.length <= MAX_MISSED_ENTRIES) {
    for (const scheduledAt of head) out.push({ scheduledAt, reason });
    return;
  }
  const first = head[0] as number; // more slots than entries, so there is a first
  const last = lastSlotBefore(schedule, toInclusive + 1, fromExclusive) ?? first;
  // The slots in `head` are counted; count on after the last of them, up to the same total cap.
  const rest = schedule.countBetween(head.at(-1) as number, toInclusive, MISSED_COUNT_CAP - head.length);
  const count = head.length + rest.count;
  out.push({ scheduledAt: first, reason, summary: { lastScheduledAt: last, count, exact: rest.exact } });
}
