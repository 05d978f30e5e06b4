/**
 * Schedules for the timer sensor, built when a rule needs one. A cron or one-shot schedule
 * depends only on its params, so rules with the same expression and zone share one, kept in a
 * small LRU: a croner job costs ~0.5 ms to build, ~0.3 ms per next-slot question and ~80 KB of
 * memory, which for thousands of rules is both the start-up time and the footprint. Interval
 * schedules depend on their rule's anchor and cost microseconds: built afresh every time.
 */
import { parseTimerParams, type Schedule, scheduleFromParsed, type TimerParams } from '../schedule/index.ts';
import { LruCache } from '../util/lru.ts';

/** A rule's normalized params and its schedule. */
export interface CompiledTimer {
  params: TimerParams;
  schedule: Schedule;
  /** True when other rules with the same params share this schedule (cron, one-shot). */
  shared: boolean;
}

/**
 * Shared schedules kept at most; the least recently used one is rebuilt when needed again. A
 * croner job holds ~80 KB (a cron schedule has two), so this bounds them to ~40 MB however many
 * distinct expressions the rules use; rules due often stay cached, daily ones are rebuilt daily.
 */
const CAPACITY = 256;

/** `next()` answers remembered per shared schedule: rules armed together ask the same question. */
const NEXT_MEMO_SIZE = 64;

/** Builds and shares timer schedules. */
export class ScheduleBook {
  readonly #shared = new LruCache<string, CompiledTimer>(CAPACITY);

  constructor(private readonly defaultTimezone: string) {}

  /**
   * The schedule of a timer rule's stored params. `key` identifies the params (the rule's
   * fingerprint); `anchor` is the interval anchor. Throws AttuneError('VALIDATION_ERROR') if the
   * stored params are no longer valid (e.g. a zone the runtime no longer knows).
   */
  build(triggerRef: string, rawParams: unknown, anchor: number, key: string): CompiledTimer {
    if (triggerRef === 'core.intervaltimer') return this.#make(triggerRef, rawParams, anchor, false);
    const hit = this.#shared.get(key);
    if (hit !== undefined) return hit;
    const made = this.#make(triggerRef, rawParams, anchor, true);
    this.#shared.set(key, made);
    return made;
  }

  #make(triggerRef: string, rawParams: unknown, anchor: number, shared: boolean): CompiledTimer {
    // Parsed without the save-time checks: a stored one-shot in the past is not an error.
    const defaultTimezone = this.defaultTimezone;
    const parsed = parseTimerParams(triggerRef, rawParams, { defaultTimezone });
    const schedule = scheduleFromParsed(parsed, { anchor, defaultTimezone });
    return { params: parsed.params, schedule: shared ? memoizeNext(schedule) : schedule, shared };
  }
}

/** The same schedule, with a small memory of `next()` answers. */
function memoizeNext(s: Schedule): Schedule {
  const memo = new Map<number, number | null>();
  return {
    kind: s.kind,
    timezone: s.timezone,
    next(afterMs) {
      const known = memo.get(afterMs);
      if (known !== undefined) return known;
      const value = s.next(afterMs);
      if (memo.size >= NEXT_MEMO_SIZE) memo.clear();
      memo.set(afterMs, value);
      return value;
    },
    slotsBetween: (from, to, limit) => s.slotsBetween(from, to, limit),
    countBetween: (from, to, cap) => s.countBetween(from, to, cap),
    dstNote: (at) => s.dstNote(at),
  };
}
