/**
 * `core.datetimetimer` (docs/timers.md, "One-shot timers"): one slot at `fire_at`, written either as ISO 8601 with an offset
 * (`2027-03-28T02:30:00+01:00`, `…Z`) or as a local date-time plus `timezone`. A local time in a
 * spring-forward gap fires at the first instant after the gap; one that occurs twice fires at the
 * first occurrence: the same rule as cron slots.
 */
import { collectSlots, type DstNote, type Schedule } from './schedule.ts';
import { firstInstantOf, firstInstantShowing, isTransitionDay, naiveFromFields, resolveLocal } from './tz.ts';

/** Normalized `core.datetimetimer` params; `timezone` is set when `fire_at` has no offset. */
export type OneShotParams = {
  fire_at: string;
  timezone?: string;
};

/** A parsed `fire_at`: an exact instant (it had an offset) or a naive wall-clock time. */
export type ParsedFireAt = { kind: 'instant'; at: number } | { kind: 'local'; naive: number };

const FIRE_AT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Longest offset ECMAScript and ISO 8601 use in practice. */
const MAX_OFFSET_MINUTES = 18 * 60;

/** Parse `fire_at`, or return a sentence saying why it is not a date-time we accept. */
export function parseFireAt(text: string): ParsedFireAt | { error: string } {
  const m = FIRE_AT.exec(text.trim());
  if (m === null) {
    return {
      error:
        'is not an ISO 8601 date-time (e.g. 2027-03-28T09:30:00+01:00, or 2027-03-28T09:30 with a timezone)',
    };
  }
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { error: 'is not a valid calendar date and time' };
  }
  const naive = naiveFromFields({ year, month, day, hour, minute, second }, ms);
  if (z !== undefined) return { kind: 'instant', at: naive };
  if (sign === undefined) return { kind: 'local', naive };
  const offsetMinutes = Number(oh) * 60 + Number(om ?? '0');
  if (Number(om ?? '0') > 59 || offsetMinutes > MAX_OFFSET_MINUTES)
    return { error: 'has an invalid UTC offset' };
  return { kind: 'instant', at: naive - (sign === '-' ? -1 : 1) * offsetMinutes * 60_000 };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** The instant a parsed `fire_at` means in `timezone`, by our DST rule for local times. */
export function fireAtInstant(parsed: ParsedFireAt, timezone: string): number {
  return parsed.kind === 'instant' ? parsed.at : firstInstantShowing(parsed.naive, timezone);
}

/**
 * A one-shot schedule. `timezone` resolves a local `fire_at` and is the zone its instant is shown
 * in; with an offset, the offset alone decides the instant.
 */
export function createOneShotSchedule(parsed: ParsedFireAt, timezone: string): Schedule {
  let at: number;
  let note: DstNote = null;
  if (parsed.kind === 'instant') at = parsed.at;
  else {
    const r = resolveLocal(parsed.naive, timezone);
    at = firstInstantOf(r);
    note = r.kind === 'gap' ? 'gap_shifted' : r.kind === 'ambiguous' ? 'overlap_first' : null;
  }
  const next = (afterMs: number): number | null => (at > afterMs ? at : null);
  return {
    kind: 'one_shot',
    timezone,
    next,
    slotsBetween: (from, to, limit) => collectSlots(next, from, to, limit),
    countBetween: (from, to) => ({ count: at > from && at <= to ? 1 : 0, exact: true }),
    dstNote(slot) {
      if (slot === at && note !== null) return note;
      return isTransitionDay(slot, timezone) ? 'transition_day' : null;
    },
  };
}
