/**
 * Creating an execution (docs/engine.md, "Creating an execution"): a manual run, a rule firing
 * and a retry announce `execution_created` with one payload shape, each after its row is on disk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Notification } from '../../../core/contract/notifications.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { getExecution } from '../../../core/store/index.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

test('a manual run, a rule firing and its retry announce execution_created with one shape, once on disk', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const created: Notification[] = [];
  const onDisk: boolean[] = [];
  const unsubscribe = host.engine.notifier.subscribe(['notification_type:execution_created'], (n) => {
    created.push(n);
    onDisk.push(getExecution(host.engine.store.read, Number(n.entity_id)) !== null);
  });
  t.after(unsubscribe);

  const manual = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.noop',
    parameters: {},
  });
  assert.equal(manual.status, 201, JSON.stringify(manual.body));

  await host.api('POST', '/api/v1/triggers', { ref: 'go' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.go/webhooks/enable',
    {},
  );
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'flaky',
    trigger_ref: 'local.go',
    action_ref: 'testkit.fail',
    retry: { count: 1, delay: 0, backoff: 'constant' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  await fetch(hook.body.data.url, { method: 'POST', body: '{}' });
  await waitFor(() => created.length === 3, 'the firing and its retry announced');

  const [run, firing, retry] = created as [Notification, Notification, Notification];
  const shape = (n: Notification) => Object.keys(n.payload).sort();
  assert.deepEqual(shape(run), [
    'action_ref',
    'enforcement_id',
    'retry_count',
    'retry_of',
    'rule_ref',
    'status',
  ]);
  assert.deepEqual(shape(firing), shape(run), 'a rule firing: the same shape');
  assert.deepEqual(shape(retry), shape(run), 'a retry: the same shape');
  assert.deepEqual(run.payload, {
    action_ref: 'core.noop',
    rule_ref: null,
    enforcement_id: null,
    status: 'requested',
    retry_count: 0,
    retry_of: null,
  });
  const enforcement = (firing.payload as { enforcement_id: number }).enforcement_id;
  assert.equal(typeof enforcement, 'number');
  assert.deepEqual(firing.payload, {
    action_ref: 'testkit.fail',
    rule_ref: 'local.flaky',
    enforcement_id: enforcement,
    status: 'requested',
    retry_count: 0,
    retry_of: null,
  });
  assert.deepEqual(retry.payload, {
    action_ref: 'testkit.fail',
    rule_ref: 'local.flaky',
    enforcement_id: enforcement,
    status: 'requested',
    retry_count: 1,
    retry_of: firing.entity_id,
  });
  assert.deepEqual(onDisk, [true, true, true], 'each announced only once its row was committed');
  await host.engine.executor.idle();
});
