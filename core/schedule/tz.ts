/**
 * Time-zone arithmetic on top of Intl (docs/timers.md, "Daylight saving time": honoured timezones, defined DST behaviour). No date
 * library: Intl knows the IANA database the runtime ships, and this file turns it into the three
 * questions the schedules ask: what does the wall clock show at an instant, which instant shows a
 * given wall-clock time (once, twice, or never), and where are the offset changes.
 *
 * "Naive" times are wall-clock readings encoded as if they were UTC epoch ms: 2027-03-28 02:30 in
 * Berlin is `Date.UTC(2027, 2, 28, 2, 30)`. They order like the wall clock and need no zone.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * No modern zone changes its offset by more than this in one step (Antarctica/Troll moves by 2 h,
 * everyone else by 1 h or 30 min), so an instant in the repeated part of a fall-back is always
 * within this distance of the transition.
 */
export const MAX_DST_SHIFT_MS = 3 * HOUR_MS;

/**
 * Offset changes are found by sampling the offset at this step. Two changes closer together than
 * this would be missed, which no zone has done since the 1940s (the closest modern pairs, e.g.
 * Morocco's Ramadan suspension, are weeks apart).
 */
const TRANSITION_SAMPLE_MS = 6 * HOUR_MS;

/** Wall-clock reading of an instant in a zone; `month` is 1-12. */
export interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** One offset change: from `at` on, the zone is `offsetAfter` ms ahead of UTC instead of `offsetBefore`. */
export interface Transition {
  at: number;
  offsetBefore: number;
  offsetAfter: number;
}

/**
 * Which instants show a wall-clock time: one (`single`), two in a fall-back overlap (`ambiguous`,
 * `first` < `second`), or none in a spring-forward gap (`gap`; `firstAfter` is the transition
 * instant, the first instant after the gap).
 */
export type LocalResolution =
  | { kind: 'single'; at: number }
  | { kind: 'ambiguous'; first: number; second: number }
  | { kind: 'gap'; firstAfter: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The zone this process runs in, per Intl; UTC when the runtime does not say. */
export function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

let knownZones: Map<string, string> | undefined;

/**
 * The zone name to store for a user's input, or null if Intl does not know it. Only IANA names are
 * accepted (Intl would also take offsets such as "+05:30", which have no DST and are not what the
 * field means). The user's spelling is kept ("Asia/Kolkata" stays, although ICU calls it
 * "Asia/Calcutta"); only its letter case is fixed when Intl lists the name.
 */
export function canonicalTimezone(input: string): string | null {
  if (input.trim() !== input || input === '' || /^[+-]\d/.test(input)) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: input });
  } catch {
    return null;
  }
  if (knownZones === undefined) {
    knownZones = new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  }
  return knownZones.get(input.toLowerCase()) ?? input;
}

/** The wall clock in `timezone` at instant `at` (whole seconds; milliseconds are dropped). */
export function wallFields(at: number, timezone: string): WallFields {
  // Stryker disable next-line ObjectLiteral: formatToParts with these options always gives all six parts
  const out: WallFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timezone).formatToParts(at)) {
    const v = Number(part.value);
    switch (part.type) {
      case 'year':
        out.year = v;
        break;
      case 'month':
        out.month = v;
        break;
      case 'day':
        out.day = v;
        break;
      case 'hour':
        out.hour = v;
        break;
      case 'minute':
        out.minute = v;
        break;
      case 'second':
        out.second = v;
        break;
    }
  }
  return out;
}

/** Encode wall-clock fields as a naive time (see the file comment). */
export function naiveFromFields(f: WallFields, ms = 0): number {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const d = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, ms));
  d.setUTCFullYear(f.year);
  return d.getTime();
}

/** The offset straight from Intl (one formatToParts call, ~5 µs). */
function intlOffset(at: number, timezone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return naiveFromFields(wallFields(whole, timezone)) - whole;
}

/** One zone's offsets through one UTC year: the offset at its start, then every change. */
interface YearOffsets {
  initial: number;
  transitions: Transition[];
}

/**
 * Offsets are looked up far more often than they change (several times per cron slot), so each
 * zone-year is sampled once (≈1 500 Intl calls, a few ms) and then answered by lookup.
 */
const yearCache = new Map<string, YearOffsets>();

function utcYearStart(year: number): number {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year);
  return d.getTime();
}

function yearOffsets(timezone: string, year: number): YearOffsets {
  const key = `${timezone}\u0000${year}`;
  let cached = yearCache.get(key);
  if (cached === undefined) {
    const start = utcYearStart(year);
    const end = utcYearStart(year + 1);
    const initial = intlOffset(start, timezone);
    const transitions: Transition[] = [];
    let lo = start;
    let loOffset = initial;
    while (lo < end) {
      const hi = Math.min(lo + TRANSITION_SAMPLE_MS, end);
      const hiOffset = intlOffset(hi, timezone);
      if (hiOffset !== loOffset) {
        const at = firstChangeAfter(lo, hi, timezone);
        transitions.push({ at, offsetBefore: loOffset, offsetAfter: intlOffset(at, timezone) });
      }
      lo = hi;
      loOffset = hiOffset;
    }
    cached = { initial, transitions };
    yearCache.set(key, cached);
  }
  return cached;
}

/** How far `timezone` is ahead of UTC at instant `at`, in ms (second precision). */
export function offsetAt(at: number, timezone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  const { initial, transitions } = yearOffsets(timezone, new Date(whole).getUTCFullYear());
  let offset = initial;
  for (const t of transitions) {
    if (t.at > whole) break;
    offset = t.offsetAfter;
  }
  return offset;
}

/** The naive wall-clock time at instant `at` (milliseconds kept). */
export function toNaive(at: number, timezone: string): number {
  return at + offsetAt(at, timezone);
}

/** First whole second in (lo, hi] whose offset differs from the offset at lo. Needs a change in between. */
function firstChangeAfter(lo: number, hi: number, timezone: string): number {
  const before = intlOffset(lo, timezone);
  let a = Math.floor(lo / 1000);
  let b = Math.ceil(hi / 1000);
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (intlOffset(mid * 1000, timezone) === before) a = mid;
    else b = mid;
  }
  return b * 1000;
}

/**
 * The instants at which the wall clock of `timezone` shows `naive`. Looks one day either side for
 * the offsets that could apply, which assumes one transition at most per two days.
 */
export function resolveLocal(naive: number, timezone: string): LocalResolution {
  const earlyOffset = offsetAt(naive - DAY_MS, timezone);
  const lateOffset = offsetAt(naive + DAY_MS, timezone);
  // Stryker disable next-line MethodExpression,ArrowFunction: two instants both showing `naive` are a fall-back's, where the earlier offset is the larger, so the list is already in order
  const candidates = [...new Set([naive - earlyOffset, naive - lateOffset])].sort((x, y) => x - y);
  const valid = candidates.filter((t) => toNaive(t, timezone) === naive);
  const [first, second] = valid;
  if (first !== undefined && second !== undefined) return { kind: 'ambiguous', first, second };
  if (first !== undefined) return { kind: 'single', at: first };
  // Nobody's wall clock showed this time: it lies in a spring-forward gap between the two candidates.
  const lo = Math.min(naive - earlyOffset, naive - lateOffset);
  const hi = Math.max(naive - earlyOffset, naive - lateOffset);
  // The gap's change lies in (lo, hi], the only change there; the bisection finds the same instant.
  // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: see above
  const change = transitionsBetween(timezone, lo, hi).find((t) => t.offsetAfter > t.offsetBefore);
  // Stryker disable next-line LogicalOperator,OptionalChaining: see above
  return { kind: 'gap', firstAfter: change?.at ?? firstChangeAfter(lo, hi, timezone) };
}

/**
 * Our DST rule as one function: the first instant at which the wall clock shows `naive` or a later
 * time. A time in a gap maps to the end of the gap; a repeated time to its first occurrence.
 */
export function firstInstantShowing(naive: number, timezone: string): number {
  return firstInstantOf(resolveLocal(naive, timezone));
}

/** `firstInstantShowing` of a time already resolved with `resolveLocal`. */
export function firstInstantOf(r: LocalResolution): number {
  if (r.kind === 'single') return r.at;
  if (r.kind === 'ambiguous') return r.first;
  return r.firstAfter;
}

/** Offset changes with `at` in (from, to], oldest first. */
export function transitionsBetween(timezone: string, from: number, to: number): Transition[] {
  const out: Transition[] = [];
  if (!(to > from)) return out;
  const last = new Date(to).getUTCFullYear();
  for (let year = new Date(from).getUTCFullYear(); year <= last; year++) {
    for (const t of yearOffsets(timezone, year).transitions) if (t.at > from && t.at <= to) out.push(t);
  }
  return out;
}

/**
 * The fall-back transition whose repeated hour contains `at` as its second occurrence, or null.
 * Those instants show a wall-clock time that has already been shown once.
 */
export function secondPassAt(at: number, timezone: string): Transition | null {
  const now = offsetAt(at, timezone);
  if (offsetAt(at - MAX_DST_SHIFT_MS, timezone) <= now) return null;
  for (const t of transitionsBetween(timezone, at - MAX_DST_SHIFT_MS, at)) {
    const shift = t.offsetBefore - t.offsetAfter;
    if (shift > 0 && at < t.at + shift) return t;
  }
  return null;
}

/** `YYYY-MM-DD` of the wall clock at `at`. */
export function localDate(at: number, timezone: string): string {
  const f = wallFields(at, timezone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/** True if the zone's offset changes during the local calendar day that contains `at`. */
export function isTransitionDay(at: number, timezone: string): boolean {
  const day = localDate(at, timezone);
  return transitionsBetween(timezone, at - 2 * DAY_MS, at + 2 * DAY_MS).some(
    (t) => localDate(t.at, timezone) === day || localDate(t.at - 1, timezone) === day,
  );
}

/** `YYYY-MM-DDTHH:mm:ss±HH:MM`: the wall clock at `at` with the offset that applies then. */
export function formatLocal(at: number, timezone: string): string {
  const f = wallFields(at, timezone);
  const offsetMin = Math.round(offsetAt(at, timezone) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
