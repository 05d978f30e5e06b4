/**
 * docs/timers.md, "Restarts" — the timer sensor's state per rule: what a restart resumes, what an edit or a
 * re-enable resets, how a wake's plan advances it, which slots a re-enable records as
 * `rule_disabled`, and how events a crash left unaccounted for are folded back in.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSchedule, planMisfire } from '../../../core/schedule/index.ts';
import {
  afterPlan,
  armKind,
  disabledSlots,
  foldEvents,
  freshState,
  rowFromState,
  stateFromRow,
  type TimerState,
  timerFingerprint,
} from '../../../core/sensors/timer-state.ts';

const H = 3_600_000;
const T0 = Date.parse('2027-03-10T00:00:00Z');
const hourly = createSchedule('core.crontimer', { expression: '0 * * * *', timezone: 'UTC' }, { anchor: 0 });

function state(over: Partial<TimerState> = {}): TimerState {
  return {
    fingerprint: 'fp',
    anchor: T0,
    lastHandled: T0,
    lastFiredAt: null,
    executionCount: 0,
    disabledAt: null,
    lastEventId: 0,
    ...over,
  };
}

describe('the fingerprint of a schedule', () => {
  test('is the same for the same params in any key order, and differs when a value changes', () => {
    const a = timerFingerprint('core.crontimer', { expression: '0 9 * * *', timezone: 'UTC' });
    assert.equal(a, timerFingerprint('core.crontimer', { timezone: 'UTC', expression: '0 9 * * *' }));
    assert.notEqual(a, timerFingerprint('core.crontimer', { expression: '0 10 * * *', timezone: 'UTC' }));
    assert.notEqual(
      timerFingerprint('core.intervaltimer', { interval: 5 }),
      timerFingerprint('core.intervaltimer', { interval: 1 }),
    );
  });
});

describe('how a rule is armed', () => {
  test('a restart resumes a stored state of the same schedule', () => {
    assert.equal(armKind(state(), 'fp', true), 'resume');
  });
  test('an edited schedule, a new rule, or a live change to an unarmed rule starts afresh', () => {
    assert.equal(armKind(state(), 'other', true), 'fresh');
    assert.equal(armKind(null, 'fp', true), 'fresh');
    assert.equal(armKind(state(), 'fp', false), 'fresh');
  });
  test('a rule stored as disabled is re-enabled, at start or live', () => {
    assert.equal(armKind(state({ disabledAt: T0 }), 'fp', true), 'reenable');
    assert.equal(armKind(state({ disabledAt: T0 }), 'fp', false), 'reenable');
  });
  test('a fresh state counts from now and keeps the count and last fire of the rule before', () => {
    const before = state({ executionCount: 7, lastFiredAt: T0 + H, lastEventId: 40, disabledAt: T0 + 2 * H });
    assert.deepEqual(freshState('new', T0 + 5 * H, 12, before), {
      fingerprint: 'new',
      anchor: T0 + 5 * H,
      lastHandled: T0 + 5 * H,
      lastFiredAt: T0 + H,
      executionCount: 7,
      disabledAt: null,
      lastEventId: 40,
    });
  });
});

describe('a wake', () => {
  test('advances the last handled slot, the count and the last fire', () => {
    const plan = planMisfire({
      schedule: hourly,
      lastHandled: T0,
      now: T0 + 3 * H + 60_000,
      policy: { policy: 'catch_up' },
      lateReason: 'asleep',
    });
    const next = afterPlan(state({ executionCount: 2 }), plan, T0 + 3 * H + 60_000);
    assert.equal(next.lastHandled, T0 + 3 * H);
    assert.equal(next.executionCount, 5);
    assert.equal(next.lastFiredAt, T0 + 3 * H + 60_000);
  });
  test('never moves the last handled slot back (the clock was set back)', () => {
    const plan = planMisfire({
      schedule: hourly,
      lastHandled: T0 + 5 * H,
      now: T0 + H,
      policy: null,
      lateReason: 'asleep',
    });
    assert.equal(afterPlan(state({ lastHandled: T0 + 5 * H }), plan, T0 + H).lastHandled, T0 + 5 * H);
  });
});

describe('slots that passed while a rule was disabled', () => {
  test('are recorded as rule_disabled, including one exactly at the enable instant, and none fires', () => {
    const slots = disabledSlots(hourly, T0, T0 + 3 * H, null);
    assert.deepEqual(slots, [
      { scheduledAt: T0 + H, reason: 'rule_disabled' },
      { scheduledAt: T0 + 2 * H, reason: 'rule_disabled' },
      { scheduledAt: T0 + 3 * H, reason: 'rule_disabled' },
    ]);
  });
  test('only within the misfire window: older ones are not recorded at all', () => {
    const slots = disabledSlots(hourly, T0, T0 + 10 * H + 1, {
      policy: 'coalesce',
      max_catch_up: 10,
      misfire_window: 2 * 3600,
    });
    assert.deepEqual(
      slots.map((s) => s.scheduledAt),
      [T0 + 9 * H, T0 + 10 * H],
    );
  });
  test('a long run is one summary entry, bounded whatever the length', () => {
    const perSecond = createSchedule(
      'core.intervaltimer',
      { interval: 1 },
      { anchor: T0, defaultTimezone: 'UTC' },
    );
    const slots = disabledSlots(perSecond, T0, T0 + 6 * H, null);
    assert.equal(slots.length, 2);
    assert.equal(slots[0]?.scheduledAt, T0 + 1000);
    assert.deepEqual(slots[0]?.summary, {
      lastScheduledAt: T0 + 6 * H - 1000,
      count: 6 * 3600 - 1,
      exact: true,
    });
    // The slot on the enable instant itself comes after the summary.
    assert.deepEqual(slots[1], { scheduledAt: T0 + 6 * H, reason: 'rule_disabled' });
  });
  test('none when nothing is due since the last handled slot', () => {
    assert.deepEqual(disabledSlots(hourly, T0 + 5 * H, T0 + 5 * H, null), []);
  });
});

describe('events a crash left unaccounted for', () => {
  test('are folded in: their slots count as handled, fires update the count and the last fire', () => {
    const folded = foldEvents(state({ executionCount: 3, lastEventId: 10 }), [
      { id: 11, rule_ref: 'r', kind: 'missed', payload: { scheduled_at: new Date(T0 + H).toISOString() } },
      {
        id: 12,
        rule_ref: 'r',
        kind: 'event',
        payload: {
          scheduled_at: new Date(T0 + 2 * H).toISOString(),
          fired_at: new Date(T0 + 2 * H + 5).toISOString(),
          execution_count: 4,
        },
      },
      {
        id: 13,
        rule_ref: 'r',
        kind: 'missed',
        payload: {
          scheduled_at: new Date(T0 + 3 * H).toISOString(),
          last_scheduled_at: new Date(T0 + 9 * H).toISOString(),
          count: 7,
        },
      },
    ]);
    assert.equal(folded.lastHandled, T0 + 9 * H);
    assert.equal(folded.executionCount, 4);
    assert.equal(folded.lastFiredAt, T0 + 2 * H + 5);
    assert.equal(folded.lastEventId, 13);
  });
  test('a one-shot fire (no execution_count) counts one', () => {
    const at = new Date(T0 + H).toISOString();
    const folded = foldEvents(state(), [
      { id: 1, rule_ref: 'r', kind: 'event', payload: { fire_at: at, fired_at: at } },
    ]);
    assert.equal(folded.executionCount, 1);
    assert.equal(folded.lastHandled, T0 + H);
  });
});

test('a state survives the round trip through its stored row', () => {
  const s = state({ executionCount: 9, lastFiredAt: T0 + 1, disabledAt: T0 + 2, lastEventId: 77 });
  assert.deepEqual(stateFromRow(rowFromState('local.r', s, T0 + H, T0 + 3)), { state: s, next: T0 + H });
});
