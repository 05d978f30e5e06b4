/**
 * Timer math (docs/timers.md, "The three timers"): schedules for the three core timer triggers, our DST rule on top of
 * croner, the misfire planner and the injected Clock. Pure and clock-injected: nothing in this
 * folder waits, except `systemClock` when asked to.
 */
export { type Clock, MAX_TIMER_WAIT_MS, systemClock, type TimerHandle } from './clock.ts';
export { createSchedule, type ScheduleOptions, scheduleFromParsed } from './create.ts';
export { CRON_NICKNAMES, type CronParams } from './cron.ts';
export {
  CLOCK_AGREEMENT_MS,
  type ClockReading,
  classifyGap,
  type GapClassification,
  missedReasonForGap,
  readClock,
} from './gap.ts';
export { INTERVAL_UNITS, type IntervalParams, type IntervalUnit, UNIT_MS } from './interval.ts';
export {
  MAX_MISSED_ENTRIES,
  MISSED_COUNT_CAP,
  type MisfireInput,
  type MisfirePlan,
  type MissedSlot,
  ON_TIME_GRACE_MS,
  type PlannedFire,
  planMisfire,
  resolveMisfirePolicy,
} from './misfire.ts';
export type { OneShotParams } from './one-shot.ts';
export {
  type FieldProblem,
  isTimerTrigger,
  type ParsedTimerParams,
  parseTimerParams,
  parseValidTimerParams,
  TIMER_TRIGGER_REFS,
  type TimerParams,
  type TimerTriggerRef,
  validateTimerParams,
} from './params.ts';
export {
  MAX_PREVIEW_COUNT,
  type PreviewEntry,
  previewSchedule,
  previewTimer,
  type TimerPreview,
} from './preview.ts';
export { type DstNote, lastSlotBefore, type Schedule, type SlotCount, type TimerKind } from './schedule.ts';
export { SimClock, type SimClockStart } from './sim-clock.ts';
export { canonicalTimezone, formatLocal, systemTimezone } from './tz.ts';
