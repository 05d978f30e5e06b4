/**
 * docs/engine.md; docs/api.md, "Webhooks" — a webhook POST becomes exactly one stored event, one enforcement per
 * matching rule and completed executions; whole-value templates keep their JSON type.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent, Enforcement, Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

test('a webhook POST yields one event, one enforcement per matching rule, and completed executions', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  assert.equal(
    (await host.api('POST', '/api/v1/triggers', { ref: 'signup', label: 'New signup' })).status,
    201,
  );
  const hook = await host.api<{ data: { webhook_key: string; url: string } }>(
    'POST',
    '/api/v1/triggers/local.signup/webhooks/enable',
    {},
  );
  assert.equal(hook.status, 200);
  assert.match(hook.body.data.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/webhooks\/[A-Za-z0-9_-]{32}$/);

  const created = await host.api('POST', '/api/v1/rules', {
    ref: 'welcome',
    trigger_ref: 'local.signup',
    action_ref: 'testkit.show_params',
    action_params: { to: '{{ event.payload.user.email }}', id: '{{ event.payload.user.id }}' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(
    (
      await host.api('POST', '/api/v1/rules', {
        ref: 'audit',
        trigger_ref: 'local.signup',
        action_ref: 'core.noop',
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await host.api('POST', '/api/v1/rules', {
        ref: 'never',
        trigger_ref: 'local.signup',
        action_ref: 'core.noop',
        conditions: { expression: 'event.payload.user.id == 8' },
      })
    ).status,
    201,
  );

  const payload = { user: { email: 'a@b.c', id: 7 } };
  const res = await fetch(hook.body.data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  assert.equal(res.status, 200);
  const ack = (await res.json()) as { data: { event_id: number; trigger_ref: string; received_at: string } };
  assert.equal(ack.data.trigger_ref, 'local.signup');

  const events = await host.api<{ items: AttuneEvent[] }>('GET', '/api/v1/events?trigger_ref=local.signup');
  assert.equal(events.body.items.length, 1);
  assert.deepEqual(events.body.items[0]?.payload, payload);
  assert.equal(events.body.items[0]?.id, ack.data.event_id);

  const enf = await host.api<{ items: Enforcement[] }>(
    'GET',
    `/api/v1/enforcements?event=${ack.data.event_id}`,
  );
  assert.deepEqual(enf.body.items.map((e) => e.rule_ref).sort(), ['local.audit', 'local.welcome']);
  const welcome = enf.body.items.find((e) => e.rule_ref === 'local.welcome') as Enforcement;
  assert.deepEqual(welcome.config, { to: 'a@b.c', id: 7 });

  const execs = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions');
  assert.equal(execs.body.items.length, 2);
  for (const e of execs.body.items) {
    const done = await host.waitForExecution(e.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.result));
  }
  const shown = await host.waitForExecution(
    (execs.body.items.find((e) => e.rule_ref === 'local.welcome') as Execution).id,
  );
  assert.deepEqual(shown.config, { to: 'a@b.c', id: 7 });
  assert.deepEqual((shown.result?.data as { received: unknown } | undefined)?.received, {
    to: 'a@b.c',
    id: 7,
  });
});

test('a body that is the payload itself is accepted, and attempts are logged', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'raw' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.raw/webhooks/enable',
    {},
  );
  const ok = await fetch(hook.body.data.url, {
    method: 'POST',
    body: JSON.stringify({ level: 'info' }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(ok.status, 200);
  const bad = await fetch(hook.body.data.url, {
    method: 'POST',
    body: '[1,2]',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: 'body must be a JSON object ({"payload": {...}} or the payload itself)',
    code: 'BAD_REQUEST',
  });
  const unknown = await fetch(`${host.url}/api/v1/webhooks/nope`, { method: 'POST', body: '{}' });
  assert.equal(unknown.status, 404);
  const events = await host.api<{ items: AttuneEvent[] }>('GET', '/api/v1/events');
  assert.deepEqual(
    events.body.items.map((e) => [e.trigger_ref, e.payload]),
    [['local.raw', { level: 'info' }]],
    'only the accepted body became an event',
  );
  const attempts = await host.api<{
    data: { items: Array<{ status_code: number; event_id: number | null; trigger_ref: string | null }> };
  }>('GET', '/api/v1/webhook-attempts');
  assert.deepEqual(
    attempts.body.data.items.map((a) => [a.status_code, a.trigger_ref, a.event_id]),
    [
      [404, null, null],
      [400, 'local.raw', null],
      [200, 'local.raw', events.body.items[0]?.id],
    ],
    'one attempt per request, newest first; only the accepted one has an event',
  );
});
