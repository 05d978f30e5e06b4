/**
 * Shared helpers for the timer tests (docs/timers.md): instants written as ISO strings, and a cron
 * schedule in one call.
 */
import { createSchedule, formatLocal, type Schedule } from '../../../core/schedule/index.ts';

/** Epoch ms of an ISO 8601 string with an offset; throws on a typo so tests never compare NaN. */
export function at(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad ISO string in test: ${iso}`);
  return t;
}

/** ISO string in UTC (what assertion messages show). */
export function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

/** A cron schedule in a zone. */
export function cron(expression: string, timezone: string): Schedule {
  return createSchedule('core.crontimer', { expression, timezone }, { anchor: 0 });
}

/** Slots between two ISO instants, as ISO strings. */
export function slotsIso(schedule: Schedule, fromIso: string, toIso: string, limit = 100_000): string[] {
  return schedule.slotsBetween(at(fromIso), at(toIso), limit).map((t) => new Date(t).toISOString());
}

/** `YYYY-MM-DDTHH:mm:ss±HH:MM` in the zone. */
export function local(t: number, timezone: string): string {
  return formatLocal(t, timezone);
}

/** The wall-clock reading without its offset: what a person sees on the clock. */
export function wall(t: number, timezone: string): string {
  return formatLocal(t, timezone).slice(0, 19);
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock at `t` in the zone, as naive epoch ms in whole seconds, read straight from Intl
 * (independent of core/schedule/tz.ts, so it can be its oracle).
 */
export function intlWallNaive(t: number, timezone: string): number {
  let format = wallFormats.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(timezone, format);
  }
  const p = new Map<string, number>(format.formatToParts(t).map((x) => [x.type, Number(x.value)]));
  const n = (type: string) => p.get(type) ?? Number.NaN;
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}
