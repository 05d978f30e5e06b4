/** docs/api.md, "Notifications" — subscribers filter by entity_type:<t>, entity:<t>:<id> or notification_type:<n>. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createNotifier } from '../../../core/engine/notifier.ts';

test('filters select by entity type, entity and notification type; none selects all', () => {
  const n = createNotifier(() => 0);
  const got: Record<string, string[]> = { all: [], type: [], one: [], kind: [] };
  n.subscribe([], (x) => got.all?.push(`${x.notification_type}:${x.entity_id}`));
  n.subscribe(['entity_type:rule'], (x) => got.type?.push(String(x.entity_id)));
  n.subscribe(['entity:execution:7'], (x) => got.one?.push(x.notification_type));
  n.subscribe(['notification_type:missed_run'], (x) => got.kind?.push(String(x.entity_id)));
  n.publish('rule_changed', 'rule', 'local.a', {});
  n.publish('execution_status_changed', 'execution', 7, { status: 'running' });
  n.publish('execution_status_changed', 'execution', 8, { status: 'running' });
  n.publish('missed_run', 'event', 3, {});
  assert.deepEqual(got, {
    all: ['rule_changed:local.a', 'execution_status_changed:7', 'execution_status_changed:8', 'missed_run:3'],
    type: ['local.a'],
    one: ['execution_status_changed'],
    kind: ['3'],
  });
});

test('a throwing listener does not stop the others, and unsubscribe stops delivery', () => {
  const errors: unknown[] = [];
  const n = createNotifier(
    () => 0,
    (e) => errors.push(e),
  );
  const seen: number[] = [];
  n.subscribe([], () => {
    throw new Error('boom');
  });
  const off = n.subscribe([], (x) => seen.push(Number(x.entity_id)));
  n.publish('event_created', 'event', 1, {});
  off();
  n.publish('event_created', 'event', 2, {});
  assert.deepEqual(seen, [1]);
  assert.equal(errors.length, 2);
  assert.equal(n.subscriberCount, 1);
});
