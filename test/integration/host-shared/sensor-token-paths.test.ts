/**
 * A sensor's token against the running host (docs/security.md, "Sensors" and "Attacker review"):
 * the scope check decides on the definition the handler will serve — an id is the definition
 * with that id, a bare name is `local.<name>` — so a sensor cannot reach the user's triggers,
 * their webhook keys or their rules by naming them the way the handlers read them. Spellings of
 * the path, other methods, alias routes, the WebSocket and the login routes are refused too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

interface Setup {
  h: TestHost;
  as(method: string, p: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  token: string;
  webhookKey: string;
}

/** A user trigger `local.tick` with a webhook and a rule, and the token of sensor acme.watch. */
async function setup(t: Parameters<typeof startTestHost>[0]): Promise<Setup> {
  const h = await startTestHost(t);
  assert.equal((await h.api('POST', '/api/v1/triggers', { ref: 'tick', label: 'user tick' })).status, 201);
  const hook = await h.api<{ data: { webhook_key: string } }>(
    'POST',
    '/api/v1/triggers/local.tick/webhooks/enable',
    {},
  );
  const rule = await h.api('POST', '/api/v1/rules', {
    ref: 'on_tick',
    trigger_ref: 'local.tick',
    action_ref: 'core.echo',
    action_params: { message: 'for the user only' },
  });
  assert.equal(rule.status, 201);
  // The pack author chose trigger names that are also ids and a bare name of the user's.
  const token = h.engine.sensors.tokens.issue({
    sensorRef: 'acme.watch',
    packRef: 'acme',
    triggerTypes: ['acme.tick', 'acme.1', 'acme.6'],
  });
  const as: Setup['as'] = (method, p, body) => h.api(method, p, body, { authorization: `Bearer ${token}` });
  return { h, as, token, webhookKey: hook.body.data.webhook_key };
}

test("a sensor token naming a trigger by a bare name or an id gets 403, not the user's trigger and its webhook key", {
  timeout: 60_000,
}, async (t) => {
  const { h, as, webhookKey } = await setup(t);
  const userTrigger = await h.api<{ data: { id: number } }>('GET', '/api/v1/triggers/local.tick');
  for (const p of [
    '/api/v1/triggers/tick',
    `/api/v1/triggers/${userTrigger.body.data.id}`,
    '/api/v1/triggers/1',
    '/api/v1/triggers/6',
  ]) {
    const r = await as('GET', p);
    assert.equal(r.status, 403, `${p}: ${JSON.stringify(r.body)}`);
    assert.ok(!JSON.stringify(r.body).includes(webhookKey), p);
  }
});

test("a sensor token cannot list or read the user's rules through an id or a bare name", {
  timeout: 60_000,
}, async (t) => {
  const { h, as } = await setup(t);
  const ids = (await h.api<{ data: { id: number } }>('GET', '/api/v1/triggers/local.tick')).body.data.id;
  const ruleId = (await h.api<{ data: { id: number } }>('GET', '/api/v1/rules/local.on_tick')).body.data.id;
  for (const p of [
    `/api/v1/rules?trigger_ref=${ids}`,
    '/api/v1/rules?trigger_ref=1',
    '/api/v1/rules?trigger_ref=6',
    '/api/v1/rules?trigger_ref=acme.tick&trigger_ref=local.tick',
    '/api/v1/rules?trigger_ref=local.tick',
    `/api/v1/rules/${ruleId}`,
    '/api/v1/rules/on_tick',
    '/api/v1/triggers/local.tick/rules',
    '/api/v1/packs/local/rules',
    '/api/v1/rules/enabled',
  ]) {
    const r = await as('GET', p);
    assert.equal(r.status, 403, `${p}: ${JSON.stringify(r.body)}`);
    assert.ok(!JSON.stringify(r.body).includes('for the user only'), p);
  }
});

test('spellings of an allowed path, other methods and the login routes give a sensor token nothing more', {
  timeout: 60_000,
}, async (t) => {
  const { h, as, token } = await setup(t);
  // Its own trigger, written in full, is the one thing of these it may read (it does not exist here).
  assert.equal((await as('GET', '/api/v1/triggers/acme.tick')).status, 404);
  // Attune's alias for the rules on its own trigger is open to it; the path's trigger wins over the query's.
  for (const p of [
    '/api/v1/triggers/acme.tick/rules',
    '/api/v1/triggers/acme.tick/rules?trigger_ref=local.tick',
  ]) {
    const r = await as('GET', p);
    assert.equal(r.status, 200, `${p}: ${JSON.stringify(r.body)}`);
    assert.deepEqual((r.body as { items: unknown[] }).items, [], p);
  }
  for (const [m, p] of [
    ['GET', '/api/v1/triggers/local%2Etick'],
    ['GET', '/api/v1/triggers/acme.tick%2F..%2F..%2Fkeys'],
    ['GET', '/api/v1/triggers/acme.tick/'],
    ['GET', '/API/v1/triggers/acme.tick'],
    ['GET', '/api/v1/triggers/acme.tick/../local.tick'],
    ['HEAD', '/api/v1/triggers/local.tick'],
    ['PUT', '/api/v1/triggers/acme.tick'],
    ['POST', '/api/v1/triggers/acme.tick/webhooks/enable'],
    ['GET', '/api/v1/keys'],
    ['GET', '/auth/me'],
  ] as const) {
    const r = await as(m, p, m === 'PUT' || m === 'POST' ? {} : undefined);
    assert.ok(r.status === 403 || r.status === 404, `${m} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    assert.ok(!JSON.stringify(r.body).includes('"webhook_key":"'), `${m} ${p}`);
  }
  for (const [p, body] of [
    ['/auth/token-login', { token }],
    ['/auth/login', { login: 'x', password: token }],
  ] as const) {
    const r = await h.api('POST', p, body, { authorization: '' });
    assert.equal(r.status, 401, p);
  }
  const refused = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/api/v1/ws`, ['attune.v1', `bearer.${token}`]);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
  assert.equal(refused, 403);
});

test("a sensor's event cannot pose as another source or address a rule on another trigger", {
  timeout: 60_000,
}, async (t) => {
  const { h } = await setup(t);
  assert.equal((await h.api('POST', '/api/v1/triggers', { ref: 'mine' })).status, 201);
  const token = h.engine.sensors.tokens.issue({
    sensorRef: 'local.probe',
    packRef: 'local',
    triggerTypes: ['local.mine'],
  });
  const emit = (body: unknown) =>
    h.api<{ data: { source_ref: string }; code?: string }>('POST', '/api/v1/events', body, {
      authorization: `Bearer ${token}`,
    });
  const ruleId = (await h.api<{ data: { id: number } }>('GET', '/api/v1/rules/local.on_tick')).body.data.id;
  for (const [body, status] of [
    [{ trigger_ref: 'local.tick', payload: {} }, 403],
    [{ trigger_ref: 'tick', payload: {} }, 403],
    [{ trigger_ref: 'local.mine', rule_ref: 'local.on_tick', payload: {} }, 400],
    [{ trigger_ref: 'local.mine', trigger_instance_id: `rule_${ruleId}`, payload: {} }, 400],
    [{ trigger_ref: 'local.mine', trigger_instance_id: ruleId, payload: {} }, 400],
  ] as const) {
    const r = await emit(body);
    assert.equal(r.status, status, JSON.stringify(body));
  }
  const spoofed = await emit({ trigger_ref: 'local.mine', source: 'core.webhook', payload: {} });
  assert.equal(spoofed.status, 201);
  assert.equal(spoofed.body.data.source_ref, 'local.probe');
  const tickEvents = await h.api<{ items: unknown[] }>('GET', '/api/v1/events?trigger_ref=local.tick');
  assert.equal(tickEvents.body.items.length, 0);
});
