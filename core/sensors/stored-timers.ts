/**
 * Reading the timer sensor's persisted state back (docs/timers.md, "Restarts": "the next fire time is persisted, so
 * this survives restarts"), with the events a crash left unaccounted for folded in.
 */
import { isTimerTrigger } from '../schedule/index.ts';
import {
  getRule,
  getTimerState,
  isoOrNull,
  listTimerEventsAfterState,
  listTimerStates,
  type ReadHandle,
  type TimerEventRow,
} from '../store/index.ts';
import { TIMER_SOURCE_REF } from './timer-payload.ts';
import type { TimerInfo } from './timer-ports.ts';
import { foldEvents, stateFromRow, type TimerState } from './timer-state.ts';

/** A rule's stored state; `folded` when newer events changed it (its stored `next` may be stale). */
export interface StoredTimer {
  state: TimerState;
  next: number | null;
  folded: boolean;
}

/** Every stored timer state by rule ref, with newer events folded in. */
export function readStoredTimers(read: ReadHandle): Map<string, StoredTimer> {
  const stored = new Map<string, StoredTimer>();
  for (const row of listTimerStates(read)) stored.set(row.rule_ref, { ...stateFromRow(row), folded: false });
  const late = new Map<string, TimerEventRow[]>();
  for (const e of listTimerEventsAfterState(read, TIMER_SOURCE_REF)) {
    const list = late.get(e.rule_ref);
    if (list) list.push(e);
    else late.set(e.rule_ref, [e]);
  }
  for (const [ref, events] of late) {
    const s = stored.get(ref);
    if (s) stored.set(ref, { state: foldEvents(s.state, events), next: s.next, folded: true });
  }
  return stored;
}

/**
 * Next and last fire of a rule the sensor has not armed: a disabled timer rule (no next fire),
 * a timer rule while the sensor is not running (its stored next fire still holds), a timer rule
 * never armed (nothing known); null for any other rule.
 */
export function storedTimerInfo(read: ReadHandle, ruleRef: string, running: boolean): TimerInfo | null {
  const row = getTimerState(read, ruleRef);
  if (!row) {
    const rule = getRule(read, ruleRef);
    return rule && isTimerTrigger(rule.trigger_ref) ? { next_fire_at: null, last_fired_at: null } : null;
  }
  const next = row.disabled_at === null && !running ? row.next_fire_at : null;
  return { next_fire_at: isoOrNull(next), last_fired_at: isoOrNull(row.last_fired_at) };
}
