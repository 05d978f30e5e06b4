/**
 * docs/concepts.md, "Execution statuses"; docs/runners.md, "Timeout and cancel" — an action's failure, timeout and cancel each end in their own status, with the
 * exit code, output and process group handled as promised.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Notification } from '../../../core/contract/notifications.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { pidsWithMarker, waitFor } from '../../helpers/processes.ts';

test('an action that exits 1 with stderr is failed, with exit code and stderr in the result', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.fail',
  });
  assert.equal(r.status, 201);
  const done = await host.waitForExecution(r.body.data.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.result?.exit_code, 1);
  assert.match(done.result?.stderr ?? '', /boom: something broke/);
  assert.match(done.result?.stdout ?? '', /about to fail/);
  assert.doesNotMatch(done.result?.error ?? '', /timed out/);
});

test('a 30 s sleep with timeout_seconds 1 ends as timeout, says so, and leaves no process behind', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.slow',
  });
  const marker = `marker-${r.body.data.trace_tag}`;
  await waitFor(() => pidsWithMarker(marker).length > 0, 'the grandchild to start');
  const done = await host.waitForExecution(r.body.data.id);
  assert.equal(done.status, 'timeout');
  assert.match(done.result?.error ?? '', /timed out/);
  assert.match(done.result?.stdout ?? '', /started/);
  await waitFor(() => pidsWithMarker(marker).length === 0, 'the process group to be gone', 5000);
});

test('cancelling a running sleep goes canceling → cancelled and keeps the partial output', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const statuses: string[] = [];
  let printed = '';
  const off = host.engine.notifier.subscribe(
    ['notification_type:execution_status_changed', 'notification_type:execution_output'],
    (n: Notification) => {
      if (n.notification_type === 'execution_output') printed += String(n.payload.chunk);
      else statuses.push(String(n.payload.status));
    },
  );
  t.after(off);
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds: 30 },
  });
  const id = r.body.data.id;
  // Cancelled once it has printed its first line (the shell can take a while to get there on a
  // busy machine), so there is partial output to keep.
  await waitFor(() => printed.includes('nap start'), 'the nap to print its first line');
  const c = await host.api<{ data: Execution }>('POST', `/api/v1/executions/${id}/cancel`);
  assert.equal(c.status, 200);
  assert.ok(['canceling', 'cancelled'].includes(c.body.data.status));
  const done = await host.waitForExecution(id);
  assert.equal(done.status, 'cancelled');
  assert.match(done.result?.stdout ?? '', /nap start/);
  assert.doesNotMatch(done.result?.stdout ?? '', /nap end/);
  assert.deepEqual(statuses, ['scheduling', 'scheduled', 'running', 'canceling', 'cancelled']);
  const again = await host.api<{ code: string }>('POST', `/api/v1/executions/${id}/cancel`);
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'CONFLICT');
});

test('a rule whose action needs url but gets none fails before anything runs', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'go' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.go/webhooks/enable',
    {},
  );
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'call',
    trigger_ref: 'local.go',
    action_ref: 'core.http_request',
    action_params: { method: 'GET' },
  });
  assert.equal(rule.status, 201);
  await fetch(hook.body.data.url, { method: 'POST', body: '{}' });
  const list = await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.call');
    return l.body.items[0];
  }, 'the execution');
  const done = await host.waitForExecution(list.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.result?.error, 'Missing required parameter: url');
  assert.equal(done.started_at, null, 'nothing started');
});

test('creating a rule with a syntactically invalid condition is refused with the position', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'go' });
  const r = await host.api<{ error: string; code: string; details: { field: string } }>(
    'POST',
    '/api/v1/rules',
    {
      ref: 'bad',
      trigger_ref: 'local.go',
      action_ref: 'core.noop',
      conditions: { expression: 'event.payload.x == (1 +' },
    },
  );
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'VALIDATION_ERROR');
  assert.match(r.body.error, /position \d+/);
  assert.equal(r.body.details.field, 'conditions.expression');
  const get = await host.api('GET', '/api/v1/rules/local.bad');
  assert.equal(get.status, 404, 'nothing was stored');
});
