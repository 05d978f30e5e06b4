/**
 * Every malformed REST input gets a 4xx with its exact message, its code and the field it names
 * (docs/api.md "Shapes"); never a 500, never a crash. Also: the token is required everywhere but health and webhooks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXECUTION_STATUSES } from '../../../core/model/status.ts';
import { startTestHost } from '../../helpers/host.ts';
import { counted } from '../../helpers/webhook-ledger.ts';

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
  const V = 'VALIDATION_ERROR';
  const refShape = 'is not a valid ref: expected <pack>.<name> with pack matching ^[a-z][a-z0-9_-]*$';
  const statuses = EXECUTION_STATUSES.map((x) => `"${x}"`).join('|');
  const rule = { ref: 'r', trigger_ref: 'local.x', action_ref: 'core.noop' };
  // [method, path, body, status, code, field named in details (or null), exact message]
  const cases: Array<[string, string, unknown, number, string, string | null, string]> = [
    [
      'POST',
      '/api/v1/rules',
      { ...rule, ref: 5 },
      400,
      V,
      'ref',
      'ref: Invalid input: expected string, received number',
    ],
    ['POST', '/api/v1/rules', { ...rule, colour: 'red' }, 400, V, 'colour', 'unknown field colour'],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, trigger_ref: 'local.nope' },
      400,
      V,
      'trigger_ref',
      'trigger_ref: unknown trigger "local.nope"',
    ],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, action_ref: 'core.nope' },
      400,
      V,
      'action_ref',
      'action_ref: unknown action "core.nope"',
    ],
    ['POST', '/api/v1/rules', { ...rule, ref: 'Bad Pack.r' }, 400, V, 'ref', `ref "Bad Pack.r" ${refShape}`],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, overlap: 'sometimes' },
      400,
      V,
      'overlap',
      'overlap: Invalid option: expected one of "parallel"|"single"|"queue"|"restart"',
    ],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, action_params: { a: '{{ event.' } },
      400,
      V,
      'action_params.a',
      'action_params.a: Unclosed "{{" (no matching "}}") at position 0 (line 1, column 1)',
    ],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, retry: { count: -1, delay: 1, backoff: 'constant' } },
      400,
      V,
      'retry.count',
      'retry.count: Too small: expected number to be >=0',
    ],
    [
      'POST',
      '/api/v1/rules',
      { ...rule, trigger_ref: 'core.intervaltimer', trigger_params: { interval: 0 } },
      400,
      V,
      'trigger_params.interval',
      'trigger_params.interval 0 is less than 1',
    ],
    [
      'POST',
      '/api/v1/rules',
      '{"ref": ',
      400,
      'BAD_REQUEST',
      null,
      "Body is not valid JSON but content-type is set to 'application/json'",
    ],
    ['POST', '/api/v1/rules', [1, 2], 400, V, null, 'Invalid input: expected object, received array'],
    [
      'PUT',
      '/api/v1/rules/local.missing',
      { enabled: true },
      404,
      'NOT_FOUND',
      null,
      'rule "local.missing" not found',
    ],
    [
      'PUT',
      '/api/v1/rules/local.missing',
      { enabled: 'yes' },
      400,
      V,
      'patch.enabled',
      'patch.enabled: Invalid input: expected boolean, received string',
    ],
    [
      'GET',
      '/api/v1/executions?status=done',
      undefined,
      400,
      V,
      'status',
      `status: Invalid option: expected one of ${statuses}`,
    ],
    ['GET', '/api/v1/executions?colour=red', undefined, 400, V, 'colour', 'unknown field colour'],
    [
      'GET',
      '/api/v1/executions/abc',
      undefined,
      400,
      V,
      'id',
      'id: must be a whole number written in decimal digits (0-9)',
    ],
    ['GET', '/api/v1/executions/999999', undefined, 404, 'NOT_FOUND', null, 'execution "999999" not found'],
    [
      'GET',
      '/api/v1/events/-1',
      undefined,
      400,
      V,
      'id',
      'id: must be a whole number written in decimal digits (0-9)',
    ],
    ['GET', '/api/v1/events/0', undefined, 400, V, 'id', 'id: Too small: expected number to be >=1'],
    [
      'POST',
      '/api/v1/executions/execute',
      { action_ref: 'core.nope' },
      404,
      'NOT_FOUND',
      null,
      'action "core.nope" not found',
    ],
    [
      'POST',
      '/api/v1/executions/execute',
      { action_ref: 'core.noop', parameters: 'x' },
      400,
      V,
      'parameters',
      'parameters: Invalid input: expected record, received string',
    ],
    ['POST', '/api/v1/triggers', { ref: '../../etc' }, 400, V, 'ref', `ref "../../etc" ${refShape}`],
    [
      'POST',
      '/api/v1/triggers/local.x/webhooks/enable',
      { hmac_secret: 'short' },
      400,
      V,
      'hmac_secret',
      'hmac_secret: Too small: expected string to have >=16 characters',
    ],
    ['GET', '/api/v1/nothing-here', undefined, 404, 'NOT_FOUND', null, 'no route GET /api/v1/nothing-here'],
  ];
  for (const [method, path, body, status, code, field, message] of cases) {
    const r = await host.api<{ error: string; code: string; details?: { field?: string } }>(
      method,
      path,
      body,
    );
    const where = `${method} ${path} ${JSON.stringify(body)}`;
    assert.equal(r.status, status, `${where} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error, message, where);
    assert.equal(r.body.code, code, where);
    assert.equal(r.body.details?.field ?? null, field, `${where}: the field named`);
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

test('webhook limits: size, rate and HMAC signature; each refusal stores no event, no execution, one attempt', async (t) => {
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
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'on_gh',
    trigger_ref: 'local.gh',
    action_ref: 'core.noop',
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const { createHmac } = await import('node:crypto');
  const body = JSON.stringify({ payload: { a: 1 } });
  const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const post = (b: string, headers: Record<string, string> = {}) =>
    counted(host, 'local.gh', 'local.on_gh', async () => {
      const res = await fetch(hook.body.data.url, {
        method: 'POST',
        body: b,
        headers: { 'content-type': 'application/json', ...headers },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    });
  const refusal = async (
    what: string,
    sent: ReturnType<typeof post>,
    status: number,
    error: string,
    code: string,
  ) => {
    const d = await sent;
    assert.deepEqual(d.result, { status, body: { error, code } }, what);
    assert.deepEqual(
      [d.events, d.executions, d.attempts],
      [0, 0, [{ status_code: status, error, event_id: null }]],
      `${what}: no event, no execution, exactly one attempt`,
    );
  };

  await refusal(
    'unsigned',
    post(body),
    401,
    'missing signature header (X-Webhook-Signature or X-Hub-Signature-256)',
    'UNAUTHORIZED',
  );
  await refusal(
    'wrong signature',
    post(body, { 'x-hub-signature-256': 'sha256=00' }),
    401,
    'signature is not a hex SHA-256 digest (sha256=<64 hex digits>)',
    'UNAUTHORIZED',
  );
  const signed = await post(body, { 'x-hub-signature-256': sig });
  assert.equal(signed.result.status, 200, 'signed');
  assert.deepEqual([signed.events, signed.executions, signed.attempts.length], [1, 1, 1]);
  await refusal(
    'too large',
    post('x'.repeat(500), { 'x-hub-signature-256': sig }),
    413,
    'body exceeds 100 bytes',
    'PAYLOAD_TOO_LARGE',
  );
  // Only signed calls count against the rate limit (docs/api.md): two more fit in the minute.
  for (const header of [sig.slice(7), sig]) {
    const again = await post(body, { 'x-webhook-signature': header });
    assert.equal(again.result.status, 200, `signed with ${header.slice(0, 7)}…`);
  }
  await refusal(
    'rate limited after 3 signed calls in a minute',
    post(body, { 'x-webhook-signature': sig.slice(7) }),
    429,
    'rate limit of 3/minute exceeded',
    'TOO_MANY_REQUESTS',
  );
});
