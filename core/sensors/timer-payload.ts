/**
 * What the timer sensor emits (docs/timers.md, "What a fire looks like"): fire events with the payload of each timer trigger,
 * exactly as docs/timers.md ("What a fire looks like") lists it, and `missed` events (docs/engine.md, "The evaluation record") for slots that did not
 * run. Every event is addressed to its rule, so two timer rules never fire each other.
 */
import type { EventKind, JsonObject } from '../model/entities.ts';
import type { MissedReason } from '../model/status.ts';
import { type IntervalParams, type MissedSlot, type TimerParams, UNIT_MS } from '../schedule/index.ts';
import { iso, isoOrNull } from '../store/index.ts';

/** `source_ref` of every event the timer sensor emits (start-up reconciliation looks for it). */
export const TIMER_SOURCE_REF = 'core.timer';

/** An event for the engine's ingest: the fields the sensor sets. */
export interface TimerSubmission {
  trigger_ref: string;
  rule_ref: string;
  source_ref: string;
  kind: EventKind;
  payload: JsonObject;
  /** Ingress metadata: whether a fire was late, and why. Never part of the payload. */
  config: JsonObject | null;
}

/** The rule a slot belongs to, as the payloads need it. */
export interface TimerSubject {
  ruleRef: string;
  triggerRef: string;
  /** Normalized `trigger_params` (defaults filled in). */
  params: TimerParams;
}

/** One slot that fires now. */
export interface FireFacts {
  scheduledAt: number;
  firedAt: number;
  /** How many times the rule has fired, this fire included. */
  executionCount: number;
  /** The rule's next fire after this one (cron payloads carry it), or null. */
  nextFireAt: number | null;
  /** More than the on-time grace late; `lateReason` says why. */
  late: boolean;
  lateReason: MissedReason;
}

/** The payload of a fire event, per trigger (docs/timers.md, "What a fire looks like"). */
export function firePayload(subject: TimerSubject, f: FireFacts): JsonObject {
  switch (subject.triggerRef) {
    case 'core.intervaltimer': {
      const p = subject.params as IntervalParams;
      return {
        type: 'interval',
        interval_seconds: (p.interval * UNIT_MS[p.unit]) / 1000,
        scheduled_at: iso(f.scheduledAt),
        fired_at: iso(f.firedAt),
        execution_count: f.executionCount,
      };
    }
    case 'core.crontimer': {
      const p = subject.params as { expression: string; timezone: string };
      return {
        type: 'cron',
        expression: p.expression,
        timezone: p.timezone,
        scheduled_at: iso(f.scheduledAt),
        fired_at: iso(f.firedAt),
        next_fire_at: isoOrNull(f.nextFireAt),
        execution_count: f.executionCount,
      };
    }
    default:
      return {
        type: 'one_shot',
        fire_at: iso(f.scheduledAt),
        fired_at: iso(f.firedAt),
        delay_ms: Math.max(0, f.firedAt - f.scheduledAt),
      };
  }
}

/** The payload `type` of a timer trigger. */
export function timerType(triggerRef: string): 'interval' | 'cron' | 'one_shot' {
  if (triggerRef === 'core.intervaltimer') return 'interval';
  return triggerRef === 'core.crontimer' ? 'cron' : 'one_shot';
}

/** The fire event of a slot. */
export function fireSubmission(subject: TimerSubject, f: FireFacts): TimerSubmission {
  return {
    trigger_ref: subject.triggerRef,
    rule_ref: subject.ruleRef,
    source_ref: TIMER_SOURCE_REF,
    kind: 'event',
    payload: firePayload(subject, f),
    config: f.late ? { late: true, late_reason: f.lateReason } : { late: false },
  };
}

/**
 * The `missed` event of a slot (or of a summarized run of slots) that did not run:
 * `{type, scheduled_at, reason}`, plus `last_scheduled_at`, `count` and `count_exact` for a
 * summary, plus `event_id` when the slot fired as an event that the rule's overlap policy skipped.
 */
export function missedSubmission(
  subject: Pick<TimerSubject, 'ruleRef' | 'triggerRef'>,
  slot: MissedSlot,
  eventId?: number,
): TimerSubmission {
  const payload: JsonObject = {
    type: timerType(subject.triggerRef),
    scheduled_at: iso(slot.scheduledAt),
    reason: slot.reason,
  };
  if (slot.summary) {
    payload.last_scheduled_at = iso(slot.summary.lastScheduledAt);
    payload.count = slot.summary.count;
    payload.count_exact = slot.summary.exact;
  }
  if (eventId !== undefined) payload.event_id = eventId;
  return {
    trigger_ref: subject.triggerRef,
    rule_ref: subject.ruleRef,
    source_ref: TIMER_SOURCE_REF,
    kind: 'missed',
    payload,
    config: null,
  };
}
