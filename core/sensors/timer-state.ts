/**
 * The timer sensor's state per rule and how it moves (docs/timers.md), kept pure so each rule of the
 * semantics is a unit test: what a restart resumes, what an edit or a re-enable resets, how a
 * wake's plan advances the state, and how events a crash left unaccounted for are folded back in.
 */
import type { MisfirePolicy } from '../model/entities.ts';
import {
  type MisfirePlan,
  type MissedSlot,
  planMisfire,
  resolveMisfirePolicy,
  type Schedule,
} from '../schedule/index.ts';
import type { TimerEventRow, TimerStateRow } from '../store/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';

/** One timer rule's state. Instants are epoch ms. */
export interface TimerState {
  /** trigger_ref + canonical trigger_params of the schedule this state belongs to. */
  fingerprint: string;
  /** Interval timers count from here: the instant the rule was enabled or its schedule edited. */
  anchor: number;
  /** The latest slot fired or recorded as missed (or the anchor, before the first). */
  lastHandled: number;
  lastFiredAt: number | null;
  /** Fires so far (`execution_count` in the payload: docs/timers.md, "What a fire looks like"); kept across edits and restarts. */
  executionCount: number;
  /** When the rule was disabled, while it is. */
  disabledAt: number | null;
  /** The newest event this state accounts for. */
  lastEventId: number;
}

/** How a rule is armed: resume a stored state, record its disabled slots first, or start afresh. */
export type ArmKind = 'resume' | 'reenable' | 'fresh';

/** A stable text for a rule's schedule: trigger ref and params with keys sorted. */
export function timerFingerprint(triggerRef: string, params: unknown): string {
  return `${triggerRef} ${canonicalJson(params)}`;
}

/**
 * How to arm a rule given its stored state. A different fingerprint means the schedule was
 * edited (possibly while the app was closed): start afresh. A state marked disabled means the
 * rule was re-enabled: its slots since then are recorded as `rule_disabled`. Otherwise a restart
 * resumes where it stopped; a live change never resumes (the rule was not armed, so whatever is
 * stored is from an earlier life of the rule).
 */
export function armKind(stored: TimerState | null, fingerprint: string, atStart: boolean): ArmKind {
  if (stored === null || stored.fingerprint !== fingerprint) return 'fresh';
  if (stored.disabledAt !== null) return 'reenable';
  return atStart ? 'resume' : 'fresh';
}

/**
 * A state that starts counting at `now`: nothing before it was due. Counts and the last fire
 * carry over from `carry` (the same rule before an edit or a re-enable).
 */
export function freshState(
  fingerprint: string,
  now: number,
  lastEventId: number,
  carry: TimerState | null,
): TimerState {
  return {
    fingerprint,
    anchor: now,
    lastHandled: now,
    lastFiredAt: carry?.lastFiredAt ?? null,
    executionCount: carry?.executionCount ?? 0,
    disabledAt: null,
    lastEventId: Math.max(lastEventId, carry?.lastEventId ?? 0),
  };
}

/** The state after a wake carried out `plan` at `now`. */
export function afterPlan(state: TimerState, plan: MisfirePlan, now: number): TimerState {
  return {
    ...state,
    lastHandled: Math.max(state.lastHandled, plan.handledThrough ?? state.lastHandled),
    executionCount: state.executionCount + plan.fire.length,
    lastFiredAt: plan.fire.length > 0 ? now : state.lastFiredAt,
  };
}

/**
 * The slots that passed while a rule was disabled, to record as missed `rule_disabled` when it
 * is enabled again at `now`: those after the last handled slot and within the rule's
 * misfire_window (older ones are not recorded at all), summarized like any other long run of
 * missed slots. None of them fires, including one falling exactly on `now`.
 */
export function disabledSlots(
  schedule: Pick<Schedule, 'next' | 'slotsBetween' | 'countBetween'>,
  lastHandled: number,
  now: number,
  policy: MisfirePolicy | null,
): MissedSlot[] {
  const windowMs = resolveMisfirePolicy(policy).misfire_window * 1000;
  const floor = Math.max(lastHandled, now - windowMs - 1);
  if (floor >= now) return [];
  const plan = planMisfire({
    schedule,
    lastHandled: floor,
    now,
    policy: { ...policy, policy: 'skip' },
    lateReason: 'rule_disabled',
    graceMs: 0,
  });
  const onNow: MissedSlot[] = plan.fire.map((f) => ({ scheduledAt: f.scheduledAt, reason: 'rule_disabled' }));
  return [...plan.missed, ...onNow];
}

/**
 * Folds in events committed after the stored state was written (a crash between the two), oldest
 * first: their slots count as handled, and fires update the count and the last fire.
 */
export function foldEvents(state: TimerState, events: readonly TimerEventRow[]): TimerState {
  let s = state;
  for (const e of events) {
    const p = e.payload;
    const slot = instant(
      e.kind === 'missed'
        ? (p['last_scheduled_at'] ?? p['scheduled_at'])
        : (p['scheduled_at'] ?? p['fire_at']),
    );
    s = { ...s, lastEventId: Math.max(s.lastEventId, e.id) };
    if (slot !== null) s.lastHandled = Math.max(s.lastHandled, slot);
    if (e.kind === 'event') {
      const count = p['execution_count'];
      s.executionCount = typeof count === 'number' ? Math.max(s.executionCount, count) : s.executionCount + 1;
      s.lastFiredAt = instant(p['fired_at']) ?? s.lastFiredAt;
    }
  }
  return s;
}

function instant(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** A stored row as state, with the next fire instant it recorded. */
export function stateFromRow(row: TimerStateRow): { state: TimerState; next: number | null } {
  return {
    state: {
      fingerprint: row.fingerprint,
      anchor: row.anchor,
      lastHandled: row.last_handled,
      lastFiredAt: row.last_fired_at,
      executionCount: row.execution_count,
      disabledAt: row.disabled_at,
      lastEventId: row.last_event_id,
    },
    next: row.next_fire_at,
  };
}

/** State as a row to store. */
export function rowFromState(
  ruleRef: string,
  s: TimerState,
  next: number | null,
  now: number,
): TimerStateRow {
  return {
    rule_ref: ruleRef,
    fingerprint: s.fingerprint,
    anchor: s.anchor,
    next_fire_at: next,
    last_handled: s.lastHandled,
    last_fired_at: s.lastFiredAt,
    execution_count: s.executionCount,
    disabled_at: s.disabledAt,
    last_event_id: s.lastEventId,
    updated: now,
  };
}
