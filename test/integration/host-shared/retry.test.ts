/**
 * docs/engine.md, "Retry" — retry per rule `{count, delay, backoff, max_delay}`: failed attempts are retried
 * after the delay, each as a new execution of the same enforcement; a pending retry is persisted
 * and survives a restart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { getExecutionInternals } from '../../../core/store/index.ts';
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

test('a failing rule is retried count times with exponential backoff capped by max_delay, each attempt its own execution', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const url = await failingRule(host, { count: 3, delay: 0.1, backoff: 'exponential', max_delay: 0.35 });
  await fetch(url, { method: 'POST', body: '{}' });
  const all = await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
    return l.body.items.length === 4 && l.body.items.every((e) => e.status === 'failed')
      ? l.body.items
      : null;
  }, 'four failed attempts');
  const byAttempt = [...all].sort((a, b) => a.retry_count - b.retry_count);
  assert.deepEqual(
    byAttempt.map((e) => e.retry_count),
    [0, 1, 2, 3],
  );
  assert.equal(new Set(all.map((e) => e.enforcement_id)).size, 1, 'one enforcement');
  // Each retry is created with its persisted not_before: the wait the policy asked for, exactly.
  const waits = byAttempt.slice(1).map((e) => {
    const notBefore = getExecutionInternals(host.engine.store.read, e.id)?.not_before as number;
    return notBefore - Date.parse(e.created);
  });
  assert.deepEqual(waits, [100, 200, 350], '0.1 s, 0.2 s, then 0.4 s capped at 0.35 s');
  for (const e of byAttempt.slice(1)) {
    const notBefore = getExecutionInternals(host.engine.store.read, e.id)?.not_before as number;
    assert.ok(
      Date.parse(e.started_at as string) >= notBefore,
      `retry ${e.retry_count} started before its time`,
    );
  }
  // Settled: the last attempt is terminal and no further retry was created for it.
  await host.engine.executor.idle();
  const after = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
  assert.equal(after.body.items.length, 4, 'no retry beyond count');
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
  const notBefore = getExecutionInternals(second.engine.store.read, pending.id)?.not_before as number;
  assert.equal(notBefore - Date.parse(pending.created), 1500, 'the delay was persisted');
  assert.ok(Date.parse(done.started_at as string) >= notBefore, 'started only once its delay had passed');
});
