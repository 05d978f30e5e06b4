/** The rules list's search and "Duplicate" (renderer/src/domain/rule-list.ts), and relative times. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../../core/contract/entities.ts';
import { copyName, duplicateOf, searchRules } from '../../../renderer/src/domain/rule-list.ts';
import { localDateTime, relativeTime } from '../../../renderer/src/domain/time-format.ts';
import { sampleTimerPayload } from '../../../renderer/src/domain/timer-payload.ts';

const rule = (ref: string, extra: Partial<RuleView> = {}): RuleView => ({
  id: 1,
  ref,
  pack_ref: 'local',
  label: ref.slice(6),
  description: '',
  trigger_ref: 'core.intervaltimer',
  trigger_params: { interval: 5, unit: 'minutes' },
  conditions: null,
  action_ref: 'core.echo',
  action_params: { message: 'hi' },
  enabled: true,
  overlap: 'parallel',
  retry: null,
  misfire: null,
  created: '',
  updated: '',
  ...extra,
});

test('search finds rules by every word, in ref, label, trigger, action or summary', () => {
  const rules = [rule('local.backup', { action_ref: 'core.shell' }), rule('local.greet')];
  assert.deepEqual(
    searchRules(rules, 'shell').map((r) => r.ref),
    ['local.backup'],
  );
  assert.deepEqual(
    searchRules(rules, 'GREET echo').map((r) => r.ref),
    ['local.greet'],
  );
  assert.deepEqual(
    searchRules(rules, 'weekday', (r) => (r.ref === 'local.greet' ? 'every weekday' : '')).map((r) => r.ref),
    ['local.greet'],
  );
  assert.equal(searchRules(rules, '  ').length, 2);
});

test('a duplicate gets the first free _copy name and starts disabled', () => {
  assert.equal(copyName('local.backup', new Set(['local.backup'])), 'backup_copy');
  assert.equal(copyName('local.backup', new Set(['local.backup_copy'])), 'backup_copy_2');
  assert.equal(
    copyName('local.backup_copy', new Set(['local.backup_copy', 'local.backup_copy_2'])),
    'backup_copy_3',
  );
  const copy = duplicateOf(rule('local.backup'), new Set(['local.backup']));
  assert.equal(copy.ref, 'backup_copy');
  assert.equal(copy.enabled, false);
  assert.equal(copy.label, 'backup (copy)');
  assert.deepEqual(copy.trigger_params, { interval: 5, unit: 'minutes' });
});

test('instants read relative to now, and as a local date-time in a zone', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  assert.equal(relativeTime('2026-03-01T12:05:00Z', now), 'in 5 min');
  assert.equal(relativeTime('2026-03-01T09:00:00Z', now), '3 h ago');
  assert.equal(relativeTime('2026-03-01T12:00:00.400Z', now), 'now');
  assert.equal(localDateTime('2026-03-29T05:30:00Z', 'Europe/Berlin'), '2026-03-29 07:30:00');
});

test('a timer rule’s sample payload has the fields its events carry', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  assert.deepEqual(sampleTimerPayload('core.intervaltimer', { interval: 2, unit: 'minutes' }, now), {
    type: 'interval',
    interval_seconds: 120,
    scheduled_at: '2026-03-01T12:00:00.000Z',
    fired_at: '2026-03-01T12:00:00.000Z',
    execution_count: 1,
  });
  assert.equal(sampleTimerPayload('local.hook', {}, now), null);
});
