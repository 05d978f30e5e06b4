/**
 * The timer sensor (docs/timers.md, "The clock"): fires the timer rules.
 *
 * - One pending wake-up on the injected Clock at a time, never more than 30 s away, so sleep,
 *   clock changes and setTimeout's 24.8-day limit cannot break a schedule.
 * - Enabled timer rules are ordered by next fire instant in a heap; a wake pops only the due ones.
 * - Each wake re-reads the clocks and classifies the time since the previous wake (`classifyGap`)
 *   to name why late slots are late: `asleep`, `clock_jump`, or `app_not_running` on the first
 *   wake after start. `planMisfire` applies the rule's misfire policy.
 * - Fires are events addressed to their rule; slots that did not run are `missed` events; the
 *   state is persisted once the events are stored, and `timer_scheduled` announces the next fire.
 * - Rule changes reschedule at once (create, edit, enable, disable, delete).
 */
import type { MissedReason } from '../model/status.ts';
import {
  type ClockReading,
  classifyGap,
  isTimerTrigger,
  MAX_TIMER_WAIT_MS,
  type MisfirePlan,
  missedReasonForGap,
  planMisfire,
  readClock,
  TIMER_TRIGGER_REFS,
  type TimerHandle,
} from '../schedule/index.ts';
import { getTimerState, isoOrNull, latestEventId, listTimerRules, saveTimerState } from '../store/index.ts';
import { type Armed, ArmedTimers, slim, type TimerRule } from './armed-timers.ts';
import { type CompiledTimer, ScheduleBook } from './schedule-book.ts';
import { readStoredTimers, storedTimerInfo } from './stored-timers.ts';
import {
  fireSubmission,
  missedSubmission,
  type TimerSubject,
  type TimerSubmission,
} from './timer-payload.ts';
import type { Disposable, TimerInfo, TimerRuleChange, TimerSensorDeps } from './timer-ports.ts';
import {
  afterPlan,
  armKind,
  disabledSlots,
  freshState,
  rowFromState,
  stateFromRow,
  type TimerState,
  timerFingerprint,
} from './timer-state.ts';

/** The sensor's ports, for the engine that wires it. */
export type {
  Disposable,
  TimerInfo,
  TimerIngestResult,
  TimerRuleChange,
  TimerSensorDeps,
} from './timer-ports.ts';

/** The timer sensor; see the file comment. */
export class TimerSensor {
  readonly #armed = new ArmedTimers();
  readonly #book: ScheduleBook;
  #handle: TimerHandle | null = null;
  #previous: ClockReading | null = null;
  #running = false;
  #unsubscribe: (() => void) | null = null;
  /** Paused: due slots wait (docs/timers.md, "Pausing all timers"). */
  #paused = false;
  /** The first wake after a resume names late slots `timers_paused`. */
  #resumed = false;

  constructor(private readonly d: TimerSensorDeps) {
    this.#book = new ScheduleBook(d.defaultTimezone);
  }

  /**
   * Loads and arms every enabled timer rule from the store, subscribes to rule changes and
   * wakes at once (slots that passed while the app was closed are handled now, as
   * `app_not_running`). Returns a disposable that stops the sensor.
   */
  start(): Disposable {
    if (!this.#running) {
      this.#running = true;
      this.#unsubscribe = this.d.onRuleChange((c) => this.#onChange(c));
      this.#load();
      this.#wake();
    }
    return { dispose: () => this.stop() };
  }

  /** Clears the pending wake-up and forgets every rule. Executions already started go on. */
  stop(): void {
    this.#running = false;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#handle !== null) this.d.clock.clearTimeout(this.#handle);
    this.#handle = null;
    this.#armed.clear();
    this.#previous = null;
  }

  /** Re-check now instead of at the next wake-up (power resume, a time change the OS announced). */
  hint(): void {
    if (this.#running) this.#wake();
  }

  /**
   * Stops firing: slots that come due wait, as they would while the app is closed. Rules are
   * still armed and rescheduled on edits; nothing is recorded until `resume`.
   */
  pause(): void {
    this.#paused = true;
  }

  /**
   * Fires again. The slots that came due while paused are late, with the reason
   * `timers_paused`: each rule's misfire policy decides which run, at once.
   */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#resumed = true;
    if (this.#running) this.#wake();
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Next and last fire of a timer rule (null for a rule that is not a timer rule). */
  info(ruleRef: string): TimerInfo | null {
    const a = this.#armed.get(ruleRef);
    if (a) return { next_fire_at: isoOrNull(a.next), last_fired_at: isoOrNull(a.state.lastFiredAt) };
    return this.d.store.closed ? null : storedTimerInfo(this.d.store.read, ruleRef, this.#running);
  }

  /** The earliest next fire over all armed rules, epoch ms, or null. */
  nextFireAt(): number | null {
    return this.#armed.earliest();
  }

  /** How many rules are armed (enabled timer rules whose schedule could be built). */
  get armedCount(): number {
    return this.#armed.size;
  }

  #load(): void {
    const { store, clock } = this.d;
    const now = clock.now();
    const stored = readStoredTimers(store.read);
    const eventBase = latestEventId(store.read);
    const touched: string[] = [];
    const waits: Promise<unknown>[] = [];
    for (const rule of listTimerRules(store.read, TIMER_TRIGGER_REFS)) {
      const s = stored.get(rule.ref) ?? null;
      if (!rule.enabled) {
        // Disabled while the app was closed (a pack reloaded): its slots from here on are disabled ones.
        if (s && s.state.disabledAt === null) this.#writeRow(rule.ref, { ...s.state, disabledAt: now }, null);
        continue;
      }
      // A folded state's stored next may be stale; recompute it from the schedule.
      const next = s && !s.folded ? s.next : undefined;
      if (this.#arm(rule, s?.state ?? null, now, eventBase, true, waits, next)) touched.push(rule.ref);
    }
    this.#persist(touched, waits);
  }

  /**
   * Arms an enabled timer rule. `storedNext` (at start only) is the persisted next fire, used
   * as is so a restart need not build every schedule; undefined means "compute it".
   * Returns whether its state row needs writing: false when it resumed unchanged, and when its
   * schedule cannot be built (logged; the rule stays unarmed).
   */
  #arm(
    rule: TimerRule,
    stored: TimerState | null,
    now: number,
    eventBase: number,
    atStart: boolean,
    waits: Promise<unknown>[],
    storedNext?: number | null,
  ): boolean {
    const fingerprint = timerFingerprint(rule.trigger_ref, rule.trigger_params);
    const kind = armKind(stored, fingerprint, atStart);
    try {
      if (kind === 'resume' && stored) {
        const armed: Armed = { rule: slim(rule), state: stored, next: null };
        // The persisted next fire is used as is (no schedule built): the row needs no write.
        const known = storedNext !== undefined && storedNext !== null;
        armed.next = known
          ? storedNext
          : this.#compile(armed).schedule.next(Math.max(now, stored.lastHandled));
        this.#armed.place(rule.ref, armed);
        return !known;
      }
      let missed: TimerSubmission[] = [];
      if (kind === 'reenable' && stored) {
        const old = this.#compile({ rule, state: stored, next: null });
        const slots = disabledSlots(old.schedule, stored.lastHandled, now, rule.misfire);
        const subject = this.#subject(rule, old);
        missed = slots.map((slot) => missedSubmission(subject, slot));
      }
      const armed: Armed = {
        rule: slim(rule),
        state: freshState(fingerprint, now, eventBase, stored),
        next: null,
      };
      armed.next = this.#compile(armed).schedule.next(now);
      this.#armed.place(rule.ref, armed);
      for (const m of missed) waits.push(this.#ingest(rule.ref, m));
      this.#announce(rule.ref, armed);
      return true;
    } catch (err) {
      this.d.logger.error('timer rule not armed: its schedule cannot be built', {
        rule: rule.ref,
        error: err instanceof Error ? err.message : String(err),
      });
      this.#armed.disarm(rule.ref);
      return false;
    }
  }

  #compile(a: Armed): CompiledTimer {
    return this.#book.build(a.rule.trigger_ref, a.rule.trigger_params, a.state.anchor, a.state.fingerprint);
  }

  #subject(rule: TimerRule, compiled: CompiledTimer): TimerSubject {
    return { ruleRef: rule.ref, triggerRef: rule.trigger_ref, params: compiled.params };
  }

  #onChange(change: TimerRuleChange): void {
    if (!this.#running) return;
    const now = this.d.clock.now();
    const waits: Promise<unknown>[] = [];
    const touched: string[] = [];
    try {
      if (change.kind === 'deleted') {
        // Its state row goes with the rule (ON DELETE CASCADE).
        if (this.#armed.disarm(change.previous.ref)) this.#announce(change.previous.ref, null);
      } else if (!isTimerTrigger(change.rule.trigger_ref)) {
        if (this.#armed.disarm(change.rule.ref)) this.#announce(change.rule.ref, null);
      } else if (!change.rule.enabled) {
        this.#disable(change.rule.ref, now);
      } else {
        const { rule } = change;
        const armed = this.#armed.get(rule.ref);
        const fingerprint = timerFingerprint(rule.trigger_ref, rule.trigger_params);
        if (armed && armed.state.fingerprint === fingerprint) {
          armed.rule = slim(rule); // e.g. a new misfire policy: used from the next wake on
        } else {
          // Created, enabled, or its schedule edited: start counting now (docs/timers.md, "Changing rules (hot reload)").
          const stored = armed?.state ?? this.#storedState(rule.ref);
          const base = latestEventId(this.d.store.read);
          if (this.#arm(rule, stored, now, base, false, waits)) touched.push(rule.ref);
        }
      }
    } catch (err) {
      this.d.logger.error('timer sensor could not apply a rule change', {
        change: change.kind,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    this.#persist(touched, waits);
    this.#schedule();
  }

  #storedState(ref: string): TimerState | null {
    const row = getTimerState(this.d.store.read, ref);
    return row ? stateFromRow(row).state : null;
  }

  /** Stops a rule's fires; its state is kept so re-enabling can record what it missed. */
  #disable(ref: string, now: number): void {
    const a = this.#armed.disarm(ref);
    if (!a) return;
    this.#writeRow(ref, { ...a.state, disabledAt: now }, null);
    this.#announce(ref, null);
  }

  #wake = (): void => {
    if (this.#handle !== null) this.d.clock.clearTimeout(this.#handle);
    this.#handle = null;
    if (!this.#running) return;
    try {
      this.#runDue();
    } catch (err) {
      this.d.logger.error('timer wake failed', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.#schedule();
    }
  };

  #runDue(): void {
    const reading = readClock(this.d.clock);
    const gap = this.#previous === null ? null : classifyGap(this.#previous, reading);
    this.#previous = reading;
    if (this.#paused) return;
    const reason: MissedReason = this.#resumed ? 'timers_paused' : missedReasonForGap(gap);
    this.#resumed = false;
    const now = reading.wall;
    const due = this.#armed.popDue(now);
    if (due.length === 0) return;
    const plans = new Map<string, MisfirePlan>();
    const waits: Promise<unknown>[] = [];
    const touched: string[] = [];
    for (const ref of due) {
      const a = this.#armed.get(ref);
      if (!a) continue;
      try {
        this.#runRule(ref, a, now, reason, plans, waits);
        touched.push(ref);
      } catch (err) {
        // Leave it unqueued rather than retry a failing rule on every wake; logged to be seen.
        this.d.logger.error('timer rule failed to run', {
          rule: ref,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    this.#persist(touched, waits);
  }

  /** Fires and records one due rule's slots. `plans` shares plans between rules with one schedule. */
  #runRule(
    ref: string,
    a: Armed,
    now: number,
    reason: MissedReason,
    plans: Map<string, MisfirePlan>,
    waits: Promise<unknown>[],
  ): void {
    const compiled = this.#compile(a);
    const { rule, state } = a;
    const memoKey = compiled.shared
      ? `${state.fingerprint}\u0000${state.lastHandled}\u0000${JSON.stringify(rule.misfire)}\u0000${reason}`
      : null;
    let plan = memoKey === null ? undefined : plans.get(memoKey);
    if (plan === undefined) {
      plan = planMisfire({
        schedule: compiled.schedule,
        lastHandled: state.lastHandled,
        now,
        policy: rule.misfire,
        lateReason: reason,
      });
      if (memoKey !== null) plans.set(memoKey, plan);
    }
    const subject = this.#subject(rule, compiled);
    for (const slot of plan.missed) waits.push(this.#ingest(ref, missedSubmission(subject, slot)));
    plan.fire.forEach((f, i) => {
      const sub = fireSubmission(subject, {
        scheduledAt: f.scheduledAt,
        firedAt: now,
        executionCount: state.executionCount + i + 1,
        nextFireAt: plan.fire[i + 1]?.scheduledAt ?? plan.nextAfter,
        late: f.late,
        lateReason: reason,
      });
      waits.push(this.#ingest(ref, sub, f.scheduledAt));
    });
    a.state = afterPlan(state, plan, now);
    a.next = plan.nextAfter;
    this.#armed.place(ref, a);
    if (plan.fire.length > 0 || plan.missed.length > 0) this.#announce(ref, a);
  }

  /**
   * Stores one event. For a fire (`firedSlot` set) that the rule's overlap policy skipped, the
   * slot is also recorded as missed `overlap_skipped`, so the list of missed slots is complete.
   */
  #ingest(ref: string, sub: TimerSubmission, firedSlot?: number): Promise<unknown> {
    return this.d
      .ingest(sub)
      .then((r) => {
        this.#noteEvent(ref, r.event_id);
        if (firedSlot === undefined) return;
        const skipped = r.evaluations.some((e) => e.rule_ref === ref && e.outcome === 'overlap_skipped');
        if (!skipped) return;
        const missed = missedSubmission(
          { ruleRef: ref, triggerRef: sub.trigger_ref },
          { scheduledAt: firedSlot, reason: 'overlap_skipped' },
          r.event_id,
        );
        return this.d.ingest(missed).then((m) => this.#noteEvent(ref, m.event_id));
      })
      .catch((err) =>
        this.d.logger.warn('timer event not stored', {
          rule: ref,
          kind: sub.kind,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
  }

  #noteEvent(ref: string, eventId: number): void {
    const a = this.#armed.get(ref);
    if (a && eventId > a.state.lastEventId) a.state = { ...a.state, lastEventId: eventId };
  }

  #announce(ref: string, a: Armed | null): void {
    this.d.publish('timer_scheduled', 'rule', ref, {
      rule_ref: ref,
      next_fire_at: isoOrNull(a?.next),
      last_fired_at: isoOrNull(a?.state.lastFiredAt),
    });
  }

  /**
   * Persists the current state of `refs` once `waits` (their events) are stored: written after
   * the events, a crash in between leaves events the row does not account for, which the next
   * start folds back in (`foldEvents`) — so a slot is neither lost nor fired twice.
   */
  #persist(refs: string[], waits: Promise<unknown>[]): void {
    if (refs.length === 0) return;
    if (waits.length === 0) this.#writeArmed(refs);
    else void Promise.allSettled(waits).then(() => this.#writeArmed(refs));
  }

  #writeArmed(refs: string[]): void {
    const { store, clock } = this.d;
    if (store.closed) return;
    const now = clock.now();
    try {
      store.transaction((w) => {
        for (const ref of refs) {
          const a = this.#armed.get(ref);
          if (a) saveTimerState(w, rowFromState(ref, a.state, a.next, now));
        }
      });
    } catch (err) {
      this.d.logger.error('timer state not saved', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  #writeRow(ref: string, state: TimerState, next: number | null): void {
    const { store, clock } = this.d;
    store.transaction((w) => saveTimerState(w, rowFromState(ref, state, next, clock.now())));
  }

  /** Sets the one pending wake-up: at the earliest next fire, at most MAX_TIMER_WAIT_MS away. */
  #schedule(): void {
    if (!this.#running) return;
    const { clock } = this.d;
    if (this.#handle !== null) clock.clearTimeout(this.#handle);
    // Paused, due slots stay due: only the regular wake-up, to keep reading the clocks.
    const due = this.#paused ? null : this.#armed.earliest();
    const wait =
      due === null ? MAX_TIMER_WAIT_MS : Math.max(0, Math.min(MAX_TIMER_WAIT_MS, due - clock.now()));
    this.#handle = clock.setTimeout(this.#wake, wait);
  }
}
