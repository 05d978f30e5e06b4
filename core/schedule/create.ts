/**
 * One door from a timer rule's `trigger_ref` + `trigger_params` to its Schedule (docs/timers.md, "The three timers").
 */
import { createCronSchedule } from './cron.ts';
import { createIntervalSchedule } from './interval.ts';
import { createOneShotSchedule } from './one-shot.ts';
import { type ParsedTimerParams, parseTimerParams } from './params.ts';
import type { Schedule } from './schedule.ts';
import { systemTimezone } from './tz.ts';

/** What a schedule needs besides its params. */
export interface ScheduleOptions {
  /**
   * Interval timers: the instant the rule was enabled or last edited; slots are anchor + k·interval,
   * k ≥ 1. Ignored by the other kinds.
   */
  anchor: number;
  /** Zone for cron and local fire_at without `timezone`, and for showing interval slots. */
  defaultTimezone?: string;
}

/**
 * The Schedule of a timer rule. Parses the params (throws AttuneError('VALIDATION_ERROR') if they
 * are invalid) but does not check them against the current time: a saved one-shot in the past
 * simply has no next slot.
 */
export function createSchedule(triggerRef: string, params: unknown, opts: ScheduleOptions): Schedule {
  const defaultTimezone = opts.defaultTimezone ?? systemTimezone();
  const parsed = parseTimerParams(triggerRef, params, { defaultTimezone });
  return scheduleFromParsed(parsed, { anchor: opts.anchor, defaultTimezone });
}

/**
 * The Schedule of params already parsed (`parseTimerParams`, `parseValidTimerParams`) with the
 * same `defaultTimezone`: what `createSchedule` builds, without parsing them again.
 */
export function scheduleFromParsed(parsed: ParsedTimerParams, opts: ScheduleOptions): Schedule {
  switch (parsed.ref) {
    case 'core.intervaltimer':
      return createIntervalSchedule(parsed.params, opts.anchor, opts.defaultTimezone ?? systemTimezone());
    case 'core.crontimer':
      return createCronSchedule(parsed.params);
    case 'core.datetimetimer':
      return createOneShotSchedule(parsed.fireAt, parsed.timezone);
  }
}
