/**
 * SPEC §4 — retry per rule `{count, delay, backoff, max_delay}`: failed attempts are retried
 * after the delay, each as a new execution of the same enforcement; a pending retry is persisted
 * and survives a restart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

async function failingRule(host: Awaited<ReturnType<typeof startTestHost>>, retry: object): Promise<string> {
  await host.api('POST', '/api/v1/triggers', { ref: 'go' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.go/webhooks/enable',
    {},
  );
  const r = await host.api('POST', '/api/v1/rules', {
    ref: 'flaky',
    trigger_ref: 'local.go',
    action_ref: 'testkit.fail',
    retry,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return hook.body.data.url;
}

test('a failing rule is retried count times with exponential backoff, each attempt its own execution', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const url = await failingRule(host, { count: 2, delay: 0.2, backoff: 'exponential', max_delay: 5 });
  await fetch(url, { method: 'POST', body: '{}' });
  const all = await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
    return l.body.items.length === 3 && l.body.items.every((e) => e.status === 'failed')
      ? l.body.items
      : null;
  }, 'three failed attempts');
  const byAttempt = [...all].sort((a, b) => a.retry_count - b.retry_count);
  assert.deepEqual(
    byAttempt.map((e) => e.retry_count),
    [0, 1, 2],
  );
  assert.equal(new Set(all.map((e) => e.enforcement_id)).size, 1, 'one enforcement');
  const gap = (a: Execution, b: Execution) =>
    Date.parse(b.started_at as string) - Date.parse(a.finished_at as string);
  assert.ok(gap(byAttempt[0] as Execution, byAttempt[1] as Execution) >= 190, 'first retry after ~0.2 s');
  assert.ok(
    gap(byAttempt[1] as Execution, byAttempt[2] as Execution) >= 390,
    'second retry after ~0.4 s (exponential)',
  );
  await new Promise((r) => setTimeout(r, 300));
  const after = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
  assert.equal(after.body.items.length, 3, 'no retry beyond count');
});

test('a pending retry survives a restart and runs once its delay has passed', async (t) => {
  const first = await startTestHost(t, { packs: ['testkit'] });
  const url = await failingRule(first, { count: 1, delay: 1.5, backoff: 'constant' });
  await fetch(url, { method: 'POST', body: '{}' });
  const pending = await waitFor(async () => {
    const l = await first.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
    return l.body.items.find((e) => e.retry_count === 1) ?? null;
  }, 'the retry to be scheduled');
  assert.equal(pending.status, 'requested');
  await first.close(1000);

  const second = await startTestHost(t, { dataDir: first.dataDir });
  const done = await second.waitForExecution(pending.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.retry_count, 1);
  assert.ok(
    Date.parse(done.started_at as string) - Date.parse(pending.created) >= 1400,
    'waited for its delay',
  );
});
