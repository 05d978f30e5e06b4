/**
 * The one notification router (docs/renderer.md "Data flow"): complete payloads patch the query
 * cache, the rest invalidate the keys they touch, and a burst invalidates each key once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { Execution, RuleView } from '../../../core/contract/entities.ts';
import type { Notification } from '../../../core/contract/notifications.ts';
import { createNotificationRouter } from '../../../renderer/src/common/api/notification-router.ts';
import {
  eventQueries,
  executionQueries,
  ruleQueries,
  statsQueries,
} from '../../../renderer/src/common/api/queries.ts';

const rule: RuleView = {
  id: 1,
  ref: 'local.a',
  pack_ref: 'local',
  label: 'a',
  description: '',
  trigger_ref: 'core.intervaltimer',
  trigger_params: { interval: 5 },
  conditions: null,
  action_ref: 'core.noop',
  action_params: {},
  enabled: true,
  overlap: 'parallel',
  retry: null,
  misfire: null,
  created: '2026-01-01T00:00:00.000Z',
  updated: '2026-01-01T00:00:00.000Z',
  next_fire_at: '2026-01-01T00:00:05.000Z',
  last_fired_at: null,
};

function note(
  notification_type: Notification['notification_type'],
  entity_type: Notification['entity_type'],
  entity_id: string | number,
  payload: Record<string, unknown>,
): Notification {
  return { notification_type, entity_type, entity_id, payload, timestamp: '2026-01-01T00:00:06.000Z' };
}

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createNotificationRouter(qc, { flushMs: 5 });
  return { qc, router };
}

test('timer_scheduled patches the rule’s next and last fire in its detail and in every list', () => {
  const { qc, router } = setup();
  qc.setQueryData(ruleQueries.detail('local.a').queryKey, rule);
  qc.setQueryData(ruleQueries.list().queryKey, [rule]);
  router.handle(
    note('timer_scheduled', 'rule', 'local.a', {
      rule_ref: 'local.a',
      next_fire_at: '2026-01-01T00:00:10.000Z',
      last_fired_at: '2026-01-01T00:00:05.000Z',
    }),
  );
  assert.equal(
    qc.getQueryData(ruleQueries.detail('local.a').queryKey)?.next_fire_at,
    '2026-01-01T00:00:10.000Z',
  );
  assert.equal(qc.getQueryData(ruleQueries.list().queryKey)?.[0]?.last_fired_at, '2026-01-01T00:00:05.000Z');
  assert.equal(qc.getQueryState(ruleQueries.list().queryKey)?.isInvalidated, false, 'complete: no refetch');
  router.dispose();
});

test('rule_changed patches the rule at once, keeps its timer fields, and invalidates the rules', async () => {
  const { qc, router } = setup();
  qc.setQueryData(ruleQueries.detail('local.a').queryKey, rule);
  qc.setQueryData(ruleQueries.list().queryKey, [rule]);
  const { next_fire_at: _n, last_fired_at: _l, ...stored } = rule;
  router.handle(
    note('rule_changed', 'rule', 'local.a', {
      change: 'updated',
      rule: { ...stored, enabled: false, updated: '2026-01-01T00:00:06.000Z' },
    }),
  );
  const detail = qc.getQueryData(ruleQueries.detail('local.a').queryKey);
  assert.equal(detail?.enabled, false);
  assert.equal(detail?.next_fire_at, rule.next_fire_at);
  assert.equal(qc.getQueryData(ruleQueries.list().queryKey)?.[0]?.enabled, false);
  await router.flush();
  assert.equal(qc.getQueryState(ruleQueries.list().queryKey)?.isInvalidated, true);
  router.dispose();
});

test('an older rule payload does not overwrite a newer cached rule', () => {
  const { qc, router } = setup();
  qc.setQueryData(ruleQueries.detail('local.a').queryKey, { ...rule, updated: '2026-01-02T00:00:00.000Z' });
  router.handle(
    note('rule_changed', 'rule', 'local.a', { change: 'updated', rule: { ...rule, label: 'old' } }),
  );
  assert.equal(qc.getQueryData(ruleQueries.detail('local.a').queryKey)?.label, 'a');
  router.dispose();
});

test('a deleted rule leaves the cache and its lists', () => {
  const { qc, router } = setup();
  qc.setQueryData(ruleQueries.detail('local.a').queryKey, rule);
  qc.setQueryData(ruleQueries.list().queryKey, [rule, { ...rule, ref: 'local.b' }]);
  router.handle(note('rule_changed', 'rule', 'local.a', { change: 'deleted', rule }));
  assert.equal(qc.getQueryData(ruleQueries.detail('local.a').queryKey), undefined);
  assert.deepEqual(
    qc.getQueryData(ruleQueries.list().queryKey)?.map((r) => r.ref),
    ['local.b'],
  );
  router.dispose();
});

test('an execution’s new status shows at once and its row and lists are read again', async () => {
  const { qc, router } = setup();
  const x = { id: 7, status: 'running', result: null } as unknown as Execution;
  qc.setQueryData(executionQueries.detail(7).queryKey, x);
  qc.setQueryData(executionQueries.list().queryKey, { items: [x], pagination: {} as never });
  router.handle(
    note('execution_status_changed', 'execution', 7, { status: 'succeeded', previous_status: 'running' }),
  );
  assert.equal(qc.getQueryData(executionQueries.detail(7).queryKey)?.status, 'succeeded');
  await router.flush();
  assert.equal(qc.getQueryState(executionQueries.detail(7).queryKey)?.isInvalidated, true);
  assert.equal(qc.getQueryState(executionQueries.list().queryKey)?.isInvalidated, true);
  router.dispose();
});

test('a finished execution’s result in the notification is patched in; one of another shape is not', () => {
  const { qc, router } = setup();
  const x = { id: 8, status: 'running', result: null } as unknown as Execution;
  qc.setQueryData(executionQueries.detail(8).queryKey, x);
  const result = {
    exit_code: 0,
    stdout: 'hi\n',
    stderr: '',
    duration_ms: 12,
    data: { n: 1 },
    error: null,
    stdout_truncated: false,
    stderr_truncated: false,
  };
  router.handle(note('execution_status_changed', 'execution', 8, { status: 'completed', result }));
  assert.deepEqual(qc.getQueryData(executionQueries.detail(8).queryKey)?.result, result);
  router.handle(
    note('execution_status_changed', 'execution', 8, { status: 'failed', result: { ...result, stdout: 3 } }),
  );
  const after = qc.getQueryData(executionQueries.detail(8).queryKey);
  assert.equal(after?.status, 'failed');
  assert.deepEqual(after?.result, result, 'the malformed result leaves the known one');
  router.dispose();
});

test('output chunks are appended per stream, and lists refreshing leaves them alone', async () => {
  const { qc, router } = setup();
  router.handle(note('execution_output', 'execution', 3, { stream: 'stdout', chunk: 'hel' }));
  router.handle(note('execution_output', 'execution', 3, { stream: 'stderr', chunk: 'warn' }));
  router.handle(note('execution_output', 'execution', 3, { stream: 'stdout', chunk: 'lo' }));
  router.handle(note('execution_created', 'execution', 4, { status: 'requested' }));
  await router.flush();
  assert.deepEqual(qc.getQueryData(executionQueries.output(3).queryKey), { stdout: 'hello', stderr: 'warn' });
  assert.equal(qc.getQueryState(executionQueries.output(3).queryKey)?.isInvalidated, false);
  router.dispose();
});

test('a burst of events invalidates the event lists once', async () => {
  const { qc, router } = setup();
  let invalidations = 0;
  const original = qc.invalidateQueries.bind(qc);
  qc.invalidateQueries = ((...args: Parameters<typeof original>) => {
    if (args[0]?.queryKey?.[0] === 'events') invalidations++;
    return original(...args);
  }) as typeof qc.invalidateQueries;
  for (let i = 1; i <= 50; i++) router.handle(note('event_created', 'event', i, { trigger_ref: 'local.t' }));
  await router.flush();
  assert.equal(invalidations, 1);
  router.dispose();
});

test('counts over time are read again at most once per slow interval, however many events arrive', async () => {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createNotificationRouter(qc, { flushMs: 5, slowFlushMs: 60 });
  const key = statsQueries.activity({ since: '2026-01-01T00:00:00Z', bucket_seconds: 60 }).queryKey;
  let reads = 0;
  qc.setQueryDefaults(statsQueries.all(), { queryFn: () => ++reads, staleTime: Number.POSITIVE_INFINITY });
  const observer = new QueryObserver(qc, { queryKey: key });
  const off = observer.subscribe(() => {});
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(reads, 1);
  for (let i = 0; i < 50; i++) router.handle(note('event_created', 'event', i + 1, {}));
  router.handle(note('execution_status_changed', 'execution', 1, { status: 'completed' }));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(reads, 1, 'not yet: the lists were refreshed, the counts wait');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(reads, 2, 'once for the whole burst');
  router.handle(note('event_created', 'event', 99, {}));
  await router.flush();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(reads, 3, 'flush applies a pending slow read at once');
  off();
  router.dispose();
});

test('new events re-read the event lists at most once per event interval, however fast they arrive', async () => {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createNotificationRouter(qc, { flushMs: 5, eventFlushMs: 60 });
  let reads = 0;
  qc.setQueryDefaults(eventQueries.all(), { queryFn: () => ++reads, staleTime: Number.POSITIVE_INFINITY });
  const observer = new QueryObserver(qc, { queryKey: eventQueries.list({ page_size: 100 }).queryKey });
  const off = observer.subscribe(() => {});
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(reads, 1);
  for (let i = 1; i <= 20; i++) router.handle(note('event_created', 'event', i, {}));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(reads, 1, 'not yet: the burst is still being gathered');
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(reads, 2, 'once for the whole burst');
  router.handle(note('missed_run', 'event', 21, {}));
  await router.flush();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(reads, 3, 'flush applies a pending event read at once');
  off();
  router.dispose();
});
