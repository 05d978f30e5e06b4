/**
 * docs/timers.md, "What a fire looks like", exactly: interval `{type, interval_seconds, scheduled_at, fired_at,
 * execution_count}`, cron `{type, expression, timezone, scheduled_at, fired_at, next_fire_at,
 * execution_count}`, one-shot `{type, fire_at, fired_at, delay_ms}`; missed slots (docs/engine.md, "The evaluation record") as
 * `{type, scheduled_at, reason}` plus the summary fields. Lateness is ingress metadata, not payload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FireFacts, fireSubmission, missedSubmission } from '../../../core/sensors/timer-payload.ts';

const at = (iso: string) => Date.parse(iso);
const facts: FireFacts = {
  scheduledAt: at('2027-03-28T01:00:00Z'),
  firedAt: at('2027-03-28T01:00:00.250Z'),
  executionCount: 3,
  nextFireAt: at('2027-03-29T00:30:00Z'),
  late: false,
  lateReason: 'asleep',
};

test('an interval fire carries exactly the interval payload, addressed to its rule', () => {
  const s = fireSubmission(
    { ruleRef: 'local.r', triggerRef: 'core.intervaltimer', params: { interval: 2, unit: 'minutes' } },
    facts,
  );
  assert.deepEqual(s, {
    trigger_ref: 'core.intervaltimer',
    rule_ref: 'local.r',
    source_ref: 'core.timer',
    kind: 'event',
    payload: {
      type: 'interval',
      interval_seconds: 120,
      scheduled_at: '2027-03-28T01:00:00.000Z',
      fired_at: '2027-03-28T01:00:00.250Z',
      execution_count: 3,
    },
    config: { late: false },
  });
});

test('a cron fire carries exactly the cron payload with its next fire', () => {
  const s = fireSubmission(
    {
      ruleRef: 'local.r',
      triggerRef: 'core.crontimer',
      params: { expression: '30 2 * * *', timezone: 'Europe/Berlin' },
    },
    { ...facts, late: true },
  );
  assert.deepEqual(s.payload, {
    type: 'cron',
    expression: '30 2 * * *',
    timezone: 'Europe/Berlin',
    scheduled_at: '2027-03-28T01:00:00.000Z',
    fired_at: '2027-03-28T01:00:00.250Z',
    next_fire_at: '2027-03-29T00:30:00.000Z',
    execution_count: 3,
  });
  assert.deepEqual(s.config, { late: true, late_reason: 'asleep' });
});

test('a one-shot fire carries exactly fire_at, fired_at and the delay', () => {
  const s = fireSubmission(
    { ruleRef: 'local.r', triggerRef: 'core.datetimetimer', params: { fire_at: '2027-03-28T03:00+02:00' } },
    { ...facts, firedAt: facts.scheduledAt + 7_200_000 },
  );
  assert.deepEqual(s.payload, {
    type: 'one_shot',
    fire_at: '2027-03-28T01:00:00.000Z',
    fired_at: '2027-03-28T03:00:00.000Z',
    delay_ms: 7_200_000,
  });
});

test('a missed slot, a summarized run and an overlap-skipped slot', () => {
  const subject = { ruleRef: 'local.r', triggerRef: 'core.crontimer' };
  assert.deepEqual(missedSubmission(subject, { scheduledAt: facts.scheduledAt, reason: 'clock_jump' }), {
    trigger_ref: 'core.crontimer',
    rule_ref: 'local.r',
    source_ref: 'core.timer',
    kind: 'missed',
    payload: { type: 'cron', scheduled_at: '2027-03-28T01:00:00.000Z', reason: 'clock_jump' },
    config: null,
  });
  const summary = missedSubmission(subject, {
    scheduledAt: facts.scheduledAt,
    reason: 'asleep',
    summary: { lastScheduledAt: facts.nextFireAt as number, count: 200, exact: false },
  });
  assert.deepEqual(summary.payload, {
    type: 'cron',
    scheduled_at: '2027-03-28T01:00:00.000Z',
    reason: 'asleep',
    last_scheduled_at: '2027-03-29T00:30:00.000Z',
    count: 200,
    count_exact: false,
  });
  const skipped = missedSubmission(
    subject,
    { scheduledAt: facts.scheduledAt, reason: 'overlap_skipped' },
    42,
  );
  assert.equal(skipped.payload.event_id, 42);
});
