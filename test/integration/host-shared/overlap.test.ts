/**
 * docs/engine.md, "Overlap (per rule)" — overlap per rule: `single` skips (and records) while the previous run is active;
 * `queue` runs strictly in order, one at a time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

async function webhookTrigger(host: Awaited<ReturnType<typeof startTestHost>>, ref: string): Promise<string> {
  await host.api('POST', '/api/v1/triggers', { ref });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    {
      rate_limit_per_minute: 0,
    },
  );
  return hook.body.data.url;
}

async function fire(url: string): Promise<number> {
  const r = await fetch(url, { method: 'POST', body: '{}' });
  return ((await r.json()) as { data: { event_id: number } }).data.event_id;
}

test('overlap single skips while the previous run is active, and records why', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const url = await webhookTrigger(host, 'tick');
  await host.api('POST', '/api/v1/rules', {
    ref: 'only_one',
    trigger_ref: 'local.tick',
    action_ref: 'testkit.nap',
    action_params: { seconds: 1 },
    overlap: 'single',
  });
  const first = await fire(url);
  const second = await fire(url);
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${second}`);
  const evaluation = ev.body.data.evaluations?.[0];
  assert.equal(evaluation?.outcome, 'overlap_skipped');
  assert.match(evaluation?.detail ?? '', /still active/);
  const execs = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.only_one');
  assert.equal(execs.body.items.length, 1);
  const done = await host.waitForExecution(execs.body.items[0]?.id as number);
  assert.equal(done.status, 'completed');
  const firstEv = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${first}`);
  assert.equal(firstEv.body.data.evaluations?.[0]?.outcome, 'matched');
  // Once it finished, the rule fires again.
  await fire(url);
  const after = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.only_one');
  assert.equal(after.body.items.length, 2);
});

test('overlap queue runs strictly in order, one at a time', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const url = await webhookTrigger(host, 'job');
  await host.api('POST', '/api/v1/rules', {
    ref: 'in_line',
    trigger_ref: 'local.job',
    action_ref: 'testkit.nap',
    action_params: { seconds: 0.3 },
    overlap: 'queue',
  });
  for (let i = 0; i < 4; i++) await fire(url);
  const list = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.in_line');
  const ids = list.body.items.map((e) => e.id).sort((a, b) => a - b);
  assert.equal(ids.length, 4);
  const done: Execution[] = [];
  for (const id of ids) done.push(await host.waitForExecution(id));
  for (const e of done) assert.equal(e.status, 'completed');
  for (let i = 1; i < done.length; i++) {
    const prev = done[i - 1] as Execution;
    const cur = done[i] as Execution;
    assert.ok(
      Date.parse(cur.started_at as string) >= Date.parse(prev.finished_at as string),
      `#${cur.id} started before #${prev.id} finished`,
    );
  }
});

test('overlap restart cancels the running execution and starts the new one', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const url = await webhookTrigger(host, 'redo');
  await host.api('POST', '/api/v1/rules', {
    ref: 'latest_wins',
    trigger_ref: 'local.redo',
    action_ref: 'testkit.nap',
    action_params: { seconds: 30 },
    overlap: 'restart',
  });
  await fire(url);
  const first = await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.latest_wins');
    return l.body.items.find((e) => e.status === 'running') ?? null;
  }, 'the first run');
  await fire(url);
  const cancelled = await host.waitForExecution(first.id);
  assert.equal(cancelled.status, 'cancelled');
  const second = await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.latest_wins');
    return l.body.items.find((e) => e.id !== first.id && e.status === 'running') ?? null;
  }, 'the second run');
  assert.ok(
    Date.parse(second.started_at as string) >= Date.parse(cancelled.finished_at as string),
    'never both running',
  );
  await host.api('POST', `/api/v1/executions/${second.id}/cancel`);
});
