/**
 * A timed-out execution follows the rule's retry policy like a failed one (docs/engine.md
 * "Retry": only `failed` and `timeout` retry): the retry is a new execution of the same
 * enforcement, and after `count` retries nothing more is created.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

test('a timed-out execution with a retry policy is retried, each attempt ending in timeout', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  await host.api('POST', '/api/v1/triggers', { ref: 'go' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.go/webhooks/enable',
    {},
  );
  // testkit.slow sleeps 30 s and times out after 1 s.
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'slowpoke',
    trigger_ref: 'local.go',
    action_ref: 'testkit.slow',
    retry: { count: 1, delay: 0, backoff: 'constant' },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  assert.equal((await fetch(hook.body.data.url, { method: 'POST', body: '{}' })).status, 200);

  const list = async () =>
    (await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.slowpoke')).body.items;
  await waitFor(async () => (await list()).length > 0, 'the first attempt');
  // Each retry is tracked before the attempt it follows is done, so idle covers the whole chain.
  await host.engine.executor.idle();
  const all = await list();
  const byAttempt = [...all].sort((a, b) => a.retry_count - b.retry_count);
  assert.deepEqual(
    byAttempt.map((e) => [e.retry_count, e.status, e.result?.error]),
    [
      [0, 'timeout', 'timed out after 1 s'],
      [1, 'timeout', 'timed out after 1 s'],
    ],
  );
  assert.equal(new Set(all.map((e) => e.enforcement_id)).size, 1, 'one enforcement');
});
