/**
 * The event log's words and filters (docs/renderer.md "Event log"): what the filter bar asks
 * `events.list` for, an event's outcome in a word (missed first, then error, fired…), why a slot
 * was missed, why a rule decided as it did, and totals that are lower bounds written "N+".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evaluation } from '../../../core/contract/entities.ts';
import {
  compactTime,
  evaluationReason,
  eventListFilters,
  eventOutcome,
  formatCount,
  hasFilters,
  missedSummary,
  NO_FILTERS,
  payloadPreview,
  refParts,
} from '../../../renderer/src/domain/event-log.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const ev = (rule_ref: string, outcome: Evaluation['outcome'], detail: string | null = null): Evaluation => ({
  rule_ref,
  outcome,
  detail,
  enforcement_id: outcome === 'matched' ? 1 : null,
});

test('no filter asks for everything', () => {
  assert.deepEqual(eventListFilters(NO_FILTERS, NOW), {});
  assert.equal(hasFilters(NO_FILTERS), false);
});

test('each outcome filter maps onto the channel: missed is a kind, the others evaluation outcomes', () => {
  const f = (outcome: (typeof NO_FILTERS)['outcome']) => eventListFilters({ ...NO_FILTERS, outcome }, NOW);
  assert.deepEqual(f('fired'), { outcome: 'matched' });
  assert.deepEqual(f('condition_false'), { outcome: 'condition_false' });
  assert.deepEqual(f('error'), { outcome: 'error' });
  assert.deepEqual(f('missed'), { kind: 'missed' });
  assert.deepEqual(f('skipped'), { outcome: 'overlap_skipped' });
  assert.deepEqual(f('disabled'), { outcome: 'rule_disabled' });
  assert.deepEqual(f('retry_exhausted'), { outcome: 'retry_exhausted' });
  // "Did not fire": every cause at once, missed slots included (docs/explain.md).
  assert.deepEqual(f('not_fired'), { outcome: 'not_fired' });
});

test('trigger, rule and words pass through; words are trimmed and blank words ignored', () => {
  assert.deepEqual(
    eventListFilters({ ...NO_FILTERS, trigger: 'local.hook', rule: 'local.r', text: '  lyon ship*  ' }, NOW),
    { trigger_ref: 'local.hook', rule_ref: 'local.r', q: 'lyon ship*' },
  );
  assert.deepEqual(eventListFilters({ ...NO_FILTERS, text: '   ' }, NOW), {});
});

test('a relative range counts back from the given instant; a custom one uses its ends', () => {
  assert.deepEqual(eventListFilters({ ...NO_FILTERS, range: '1h' }, NOW), {
    since: '2026-03-01T11:00:00.000Z',
  });
  const custom = eventListFilters({ ...NO_FILTERS, range: 'custom', from: '2026-02-01T08:00', to: '' }, NOW);
  assert.equal(custom.since, new Date('2026-02-01T08:00').toISOString());
  assert.equal(custom.until, undefined);
  assert.deepEqual(eventListFilters({ ...NO_FILTERS, range: 'custom', from: 'nonsense' }, NOW), {});
  assert.ok(hasFilters({ ...NO_FILTERS, range: '24h' }));
});

test('an event’s outcome: missed first, then error, fired, skipped, condition false, disabled', () => {
  assert.deepEqual(eventOutcome({ kind: 'missed', rule_ref: 'local.t', evaluations: [] }), {
    kind: 'missed',
    label: 'missed',
    tone: 'bad',
    rules: ['local.t'],
    others: 0,
  });
  const mixed = [ev('a', 'condition_false'), ev('b', 'matched'), ev('c', 'error', 'boom')];
  assert.equal(eventOutcome({ kind: 'event', rule_ref: null, evaluations: mixed }).kind, 'error');
  const fired = eventOutcome({ kind: 'event', rule_ref: null, evaluations: mixed.slice(0, 2) });
  assert.deepEqual([fired.kind, fired.rules, fired.others], ['fired', ['b'], 1]);
  assert.equal(
    eventOutcome({ kind: 'event', rule_ref: null, evaluations: [ev('a', 'condition_false')] }).label,
    'condition false',
  );
  assert.equal(eventOutcome({ kind: 'event', rule_ref: null, evaluations: [] }).kind, 'no_rule');
});

test('missed slots say why, and how many when summarized', () => {
  assert.equal(
    missedSummary({ reason: 'app_not_running' }),
    'A scheduled run did not run: the app was not running.',
  );
  assert.equal(
    missedSummary({ reason: 'asleep', count: 12, count_exact: false }),
    '12+ scheduled runs did not run: the computer was asleep.',
  );
  assert.match(missedSummary({ reason: 'something_new' }), /something new/);
});

test('each decision has its reason in words, with the condition or the error', () => {
  assert.equal(
    evaluationReason(ev('a', 'condition_false', 'event.payload.n > 3')),
    'the condition was false: event.payload.n > 3',
  );
  assert.equal(evaluationReason(ev('a', 'error', 'unknown function foo')), 'unknown function foo');
  assert.equal(evaluationReason(ev('a', 'rule_disabled')), 'the rule is disabled');
  assert.equal(evaluationReason(ev('a', 'matched')), 'the conditions matched');
});

test('totals that are lower bounds read "N+"; long payloads are cut', () => {
  assert.equal(formatCount(10000, true), '10,000+');
  assert.equal(formatCount(42, false), '42');
  const p = payloadPreview({ text: 'x'.repeat(500) }, 40);
  assert.equal(p.length, 40);
  assert.ok(p.endsWith('…'));
});

test('row times are short: the time today, the day this year, the full date before', () => {
  const now = new Date(2026, 2, 28, 15, 0, 0).getTime();
  assert.equal(compactTime(new Date(2026, 2, 28, 14, 5, 9).toISOString(), now), '14:05:09');
  assert.equal(compactTime(new Date(2026, 2, 27, 23, 59, 1).toISOString(), now), '03-27 23:59');
  assert.equal(compactTime(new Date(2025, 11, 31, 8, 0, 0).toISOString(), now), '2025-12-31 08:00');
});

test('a rule ref is cut after its dots, underscores and hyphens, so it wraps between words', () => {
  assert.deepEqual(refParts('billing.notify_on-call_team'), ['billing.', 'notify_', 'on-', 'call_', 'team']);
  assert.deepEqual(refParts('core.x'), ['core.', 'x']);
  assert.deepEqual(refParts('plain'), ['plain']);
  for (const ref of ['a..b__c', 'trailing.', '.leading', 'x']) assert.equal(refParts(ref).join(''), ref);
});
