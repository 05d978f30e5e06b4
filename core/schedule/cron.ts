/**
 * `core.crontimer` (docs/timers.md, "Cron expressions"): cron expressions in an IANA zone, with our DST rule.
 *
 * croner does the calendar math (a paused `Cron` with a timezone, asked `nextRun`; our own
 * Clock-driven loop does the waiting). Our rule, for every wall-clock slot alike: a time inside a
 * spring-forward gap runs once, at the first instant after the gap; a time inside a fall-back
 * overlap runs once, at its first occurrence. In one sentence: a slot runs at the first instant
 * the wall clock shows that time or a later one.
 *
 * croner 11 already does exactly this for "fixed-time" jobs (one value each in second, minute and
 * hour, e.g. `30 2 * * *`). For every other job ("interval" jobs in croner's terms: `*`, steps,
 * lists, ranges) it runs a repeated time on both occurrences and skips times in a gap. So two
 * corrections, each only where croner differs:
 * - a candidate in the second pass of a repeated hour is dropped, and the search resumes where
 *   the wall clock passes the highest time it showed before falling back;
 * - when a DST change lies between the reference and croner's candidate, the first wall-clock
 *   match after the reference is mapped by our rule; if that is earlier (a gap time croner
 *   skipped), it wins. The check uses a second paused `Cron` in Etc/UTC that walks wall-clock time
 *   without any zone (see "naive" times in tz.ts).
 */
import { Cron } from 'croner';
import {
  collectSlots,
  countByWalking,
  type DstNote,
  MAX_INSTANT,
  type Schedule,
  type SlotCount,
} from './schedule.ts';
import { firstInstantShowing, isTransitionDay, offsetAt, resolveLocal, secondPassAt, toNaive } from './tz.ts';

/** Normalized `core.crontimer` params. */
export type CronParams = {
  expression: string;
  timezone: string;
};

/** Nicknames we accept (croner's list without `@reboot`, which is not a time). */
export const CRON_NICKNAMES = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
] as const;

/**
 * Offset changes are at least this far apart in every modern zone (the closest pairs, around
 * Ramadan, are weeks apart). If croner's candidate is closer than this to the reference and the
 * offset is the same at both, no DST change lies between them and croner's answer stands as is.
 */
// Stryker disable next-line ArithmeticOperator: a shorter spacing only takes the shortcut less often; the full check gives the same slot
const MIN_TRANSITION_SPACING_MS = 7 * 86_400_000;

/**
 * The expression in the form we store (trimmed, single spaces, lower-case nickname), or an error
 * sentence saying what is wrong with it. Full syntax checks are croner's, in `checkCronExpression`.
 */
export function normalizeCronExpression(raw: string): { expression: string } | { error: string } {
  const expression = raw.trim().split(/\s+/).join(' ');
  if (expression === '') return { error: 'is empty' };
  if (expression.startsWith('@')) {
    const nick = expression.toLowerCase();
    if ((CRON_NICKNAMES as readonly string[]).includes(nick)) return { expression: nick };
    return { error: `uses an unknown nickname; use one of ${CRON_NICKNAMES.join(', ')}` };
  }
  const fields = expression.split(' ').length;
  if (fields < 5 || fields > 7) {
    return {
      error: `has ${fields} field${fields === 1 ? '' : 's'}; use 5 (minute hour day month weekday), 6 (seconds first) or 7 (seconds first, year last)`,
    };
  }
  return { expression };
}

/** croner's verdict on an expression: null if it parses, else its reason in lower case. */
export function checkCronExpression(expression: string, timezone: string): string | null {
  try {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: parsing does not depend on the zone, and croner starts no timer for a job without a callback, paused or not
    new Cron(expression, { paused: true, timezone });
    return null;
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const reason = text.replace(/^CronPattern:\s*/, '');
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
}

function nextRunMs(job: Cron, afterMs: number): number | null {
  // croner drops the milliseconds of the reference and returns the first whole second after it.
  const d = job.nextRun(new Date(afterMs));
  return d === null ? null : d.getTime();
}

/** A cron schedule. Throws croner's error if the expression does not parse (validate first). */
export function createCronSchedule(params: CronParams): Schedule {
  const { timezone } = params;
  // Stryker disable BooleanLiteral: croner starts no timer for a job without a callback, paused or not; `paused` only says it must never run
  const zoned = new Cron(params.expression, { paused: true, timezone });
  const naive = new Cron(params.expression, { paused: true, timezone: 'Etc/UTC' });
  // Stryker restore BooleanLiteral

  /** True if some wall-clock time in [loNaive, hiNaive) matches the expression. */
  function matchesWallBetween(loNaive: number, hiNaive: number): boolean {
    const n = nextRunMs(naive, loNaive - 1);
    return n !== null && n < hiNaive;
  }

  /**
   * The first slot after `ref` by our rule, if a DST change between `ref` and croner's candidate
   * could make it earlier than the candidate; else null. `ref` must not be in a second pass, so
   * its wall time is the highest the clock has shown so far.
   */
  function earlierByOurRule(ref: number, candidate: number | null): number | null {
    // Stryker disable BlockStatement: without the shortcut the full check runs and gives the same slot
    if (
      candidate !== null &&
      candidate - ref < MIN_TRANSITION_SPACING_MS &&
      offsetAt(ref, timezone) === offsetAt(candidate, timezone)
    ) {
      return null;
    }
    // Stryker restore BlockStatement
    const wall = nextRunMs(naive, toNaive(ref, timezone));
    if (wall === null) return null;
    const at = firstInstantShowing(wall, timezone);
    return candidate === null || at < candidate ? at : null;
  }

  /** The last instant of the repeated hour `at` is in, if it is in one's second pass; else `at`. */
  function pastSecondPass(at: number): number {
    const pass = secondPassAt(at, timezone);
    return pass === null ? at : pass.at + (pass.offsetBefore - pass.offsetAfter) - 1;
  }

  function next(afterMs: number): number | null {
    // Every wall time shown in a second pass was shown before: start at the end of that pass.
    const start = pastSecondPass(afterMs);
    let candidate = nextRunMs(zoned, start);
    for (;;) {
      if (candidate === null) break;
      const resume = pastSecondPass(candidate);
      if (resume === candidate) break;
      candidate = nextRunMs(zoned, resume); // croner's second run of a repeated time: drop it
    }
    const slot = earlierByOurRule(start, candidate) ?? candidate;
    return slot !== null && slot <= MAX_INSTANT ? slot : null;
  }

  return {
    kind: 'cron',
    timezone,
    next,
    slotsBetween: (from, to, limit) => collectSlots(next, from, to, limit),
    countBetween: (from, to, cap): SlotCount => countByWalking(next, from, to, cap),
    dstNote(at): DstNote {
      const before = offsetAt(at - 1, timezone);
      const after = offsetAt(at, timezone);
      // Stryker disable next-line LogicalOperator: when the offset does not grow the wall-time window is empty, so no time matches in it
      if (after > before && matchesWallBetween(at + before, at + after)) return 'gap_shifted';
      if (resolveLocal(toNaive(at, timezone), timezone).kind === 'ambiguous') return 'overlap_first';
      return isTransitionDay(at, timezone) ? 'transition_day' : null;
    },
  };
}
