/**
 * Issue 2 — every malformed REST input gets a 4xx with a message naming the problem; never a
 * 500, never a crash. Also: the token is required everywhere but health and webhooks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';

test('requests without the token are refused, except health and webhooks', async (t) => {
  const host = await startTestHost(t);
  const noAuth = await fetch(`${host.url}/api/v1/rules`);
  assert.equal(noAuth.status, 401);
  assert.deepEqual(Object.keys((await noAuth.json()) as object).sort(), ['code', 'error']);
  const wrong = await fetch(`${host.url}/api/v1/rules`, { headers: { authorization: 'Bearer nope' } });
  assert.equal(wrong.status, 401);
  const health = await fetch(`${host.url}/api/v1/health`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { data: { status: string } }).data.status, 'ok');
});

test('malformed inputs get 4xx with a message that names the field', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'x' });
  const cases: Array<[string, string, unknown, number, RegExp]> = [
    ['POST', '/api/v1/rules', { ref: 5, trigger_ref: 'local.x', action_ref: 'core.noop' }, 400, /ref/],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'r', trigger_ref: 'local.x', action_ref: 'core.noop', colour: 'red' },
      400,
      /unknown field colour/,
    ],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'r', trigger_ref: 'local.nope', action_ref: 'core.noop' },
      400,
      /trigger_ref: unknown trigger/,
    ],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'r', trigger_ref: 'local.x', action_ref: 'core.nope' },
      400,
      /action_ref: unknown action/,
    ],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'Bad Pack.r', trigger_ref: 'local.x', action_ref: 'core.noop' },
      400,
      /ref .*not a valid ref/,
    ],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'r', trigger_ref: 'local.x', action_ref: 'core.noop', overlap: 'sometimes' },
      400,
      /overlap/,
    ],
    [
      'POST',
      '/api/v1/rules',
      { ref: 'r', trigger_ref: 'local.x', action_ref: 'core.noop', action_params: { a: '{{ event.' } },
      400,
      /action_params\.a/,
    ],
    [
      'POST',
      '/api/v1/rules',
      {
        ref: 'r',
        trigger_ref: 'local.x',
        action_ref: 'core.noop',
        retry: { count: -1, delay: 1, backoff: 'constant' },
      },
      400,
      /retry\.count/,
    ],
    [
      'POST',
      '/api/v1/rules',
      {
        ref: 'r',
        trigger_ref: 'core.intervaltimer',
        action_ref: 'core.noop',
        trigger_params: { interval: 0 },
      },
      400,
      /trigger_params\.interval/,
    ],
    ['POST', '/api/v1/rules', '{"ref": ', 400, /JSON/i],
    ['POST', '/api/v1/rules', [1, 2], 400, /object/i],
    ['PUT', '/api/v1/rules/local.missing', { enabled: true }, 404, /not found/],
    ['PUT', '/api/v1/rules/local.missing', { enabled: 'yes' }, 400, /enabled/],
    ['GET', '/api/v1/executions?status=done', undefined, 400, /status/],
    ['GET', '/api/v1/executions?colour=red', undefined, 400, /unknown field colour/],
    ['GET', '/api/v1/executions/abc', undefined, 400, /id/],
    ['GET', '/api/v1/executions/999999', undefined, 404, /not found/],
    ['GET', '/api/v1/events/-1', undefined, 400, /id/],
    ['POST', '/api/v1/executions/execute', { action_ref: 'core.nope' }, 404, /action "core.nope" not found/],
    ['POST', '/api/v1/executions/execute', { action_ref: 'core.noop', parameters: 'x' }, 400, /parameters/],
    ['POST', '/api/v1/triggers', { ref: '../../etc' }, 400, /ref/],
    ['POST', '/api/v1/triggers/local.x/webhooks/enable', { hmac_secret: 'short' }, 400, /hmac_secret/],
    ['GET', '/api/v1/nothing-here', undefined, 404, /no route/],
  ];
  for (const [method, path, body, status, message] of cases) {
    const r = await host.api<{ error: string; code: string }>(method, path, body);
    assert.equal(
      r.status,
      status,
      `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`,
    );
    assert.match(r.body.error, message, `${method} ${path}: ${r.body.error}`);
    assert.equal(typeof r.body.code, 'string');
  }
  const dup = await host.api('POST', '/api/v1/rules', {
    ref: 'r',
    trigger_ref: 'local.x',
    action_ref: 'core.noop',
  });
  assert.equal(dup.status, 201);
  const again = await host.api<{ code: string }>('POST', '/api/v1/rules', {
    ref: 'local.r',
    trigger_ref: 'local.x',
    action_ref: 'core.noop',
  });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'CONFLICT');
});

test('an oversized body is 413 and a non-JSON content type is 400', async (t) => {
  const host = await startTestHost(t);
  const big = await host.api<{ code: string }>('POST', '/api/v1/rules', {
    ref: 'r',
    description: 'x'.repeat(2_000_000),
  });
  assert.equal(big.status, 413);
  assert.equal(big.body.code, 'PAYLOAD_TOO_LARGE');
  const res = await fetch(`${host.url}/api/v1/rules`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'text/plain' },
    body: 'hello',
  });
  assert.equal(res.status, 400);
  const health = await fetch(`${host.url}/api/v1/health`);
  assert.equal(health.status, 200, 'still alive');
});

test('webhook limits: size, rate and HMAC signature', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'gh' });
  const secret = 'a-very-secret-signing-key';
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.gh/webhooks/enable',
    {
      hmac_secret: secret,
      max_body_bytes: 100,
      rate_limit_per_minute: 3,
    },
  );
  const { createHmac } = await import('node:crypto');
  const body = JSON.stringify({ payload: { a: 1 } });
  const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const post = (b: string, headers: Record<string, string> = {}) =>
    fetch(hook.body.data.url, {
      method: 'POST',
      body: b,
      headers: { 'content-type': 'application/json', ...headers },
    });
  assert.equal((await post(body)).status, 401, 'unsigned');
  assert.equal((await post(body, { 'x-hub-signature-256': 'sha256=00' })).status, 401, 'wrong signature');
  assert.equal((await post(body, { 'x-hub-signature-256': sig })).status, 200, 'signed');
  assert.equal((await post('x'.repeat(500), { 'x-hub-signature-256': sig })).status, 413, 'too large');
  // Only signed calls count against the rate limit (docs/api.md): two more fit in the minute.
  assert.equal((await post(body, { 'x-webhook-signature': sig.slice(7) })).status, 200, 'second signed');
  assert.equal((await post(body, { 'x-webhook-signature': sig })).status, 200, 'third signed');
  assert.equal(
    (await post(body, { 'x-webhook-signature': sig.slice(7) })).status,
    429,
    'rate limited after 3 signed calls in a minute',
  );
});
