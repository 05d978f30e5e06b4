/**
 * "The UI shows the next runs before saving" (docs/timers.md, "The preview"): the next slots of unsaved params, each
 * with its UTC instant, its wall-clock time and offset, and how DST touched it.
 */
import { scheduleFromParsed } from './create.ts';
import { parseValidTimerParams, type TimerParams } from './params.ts';
import type { DstNote } from './schedule.ts';
import { formatLocal, systemTimezone } from './tz.ts';

/** At most this many slots per preview: enough for any list a person reads, cheap for per-second crons. */
export const MAX_PREVIEW_COUNT = 1000;

/** One upcoming slot. */
export interface PreviewEntry {
  /** ISO 8601 in UTC, with milliseconds. */
  at: string;
  /** Wall clock in `timezone`: `YYYY-MM-DDTHH:mm:ss±HH:MM`. */
  local: string;
  timezone: string;
  dst: DstNote;
}

/** Normalized params and their next slots. */
export interface TimerPreview {
  /** The params as saving would store them (`validateTimerParams`). */
  params: TimerParams;
  items: PreviewEntry[];
}

/**
 * The next `count` slots after `now` (clamped to 0…MAX_PREVIEW_COUNT). Validates the params as
 * saving would (throws AttuneError('VALIDATION_ERROR')). `anchor` is where an interval rule would
 * start counting; it defaults to `now`, i.e. "if you enable it now".
 */
export function previewSchedule(
  triggerRef: string,
  params: unknown,
  opts: { count: number; now: number; anchor?: number; defaultTimezone?: string },
): PreviewEntry[] {
  return previewTimer(triggerRef, params, opts).items;
}

/** `previewSchedule`, also returning the normalized params, with one parse of them. */
export function previewTimer(
  triggerRef: string,
  params: unknown,
  opts: { count: number; now: number; anchor?: number; defaultTimezone?: string },
): TimerPreview {
  const defaultTimezone = opts.defaultTimezone ?? systemTimezone();
  const parsed = parseValidTimerParams(triggerRef, params, { now: opts.now, defaultTimezone });
  const schedule = scheduleFromParsed(parsed, { anchor: opts.anchor ?? opts.now, defaultTimezone });
  const count = Math.max(0, Math.min(MAX_PREVIEW_COUNT, Math.floor(opts.count)));
  const items = schedule.slotsBetween(opts.now, Number.MAX_SAFE_INTEGER, count).map((at) => ({
    at: new Date(at).toISOString(),
    local: formatLocal(at, schedule.timezone),
    timezone: schedule.timezone,
    dst: schedule.dstNote(at),
  }));
  return { params: parsed.params, items };
}
