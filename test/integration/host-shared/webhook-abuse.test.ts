/**
 * docs/security.md, "Webhooks" — a webhook sender can emit events for its one trigger and
 * nothing else: unsigned junk cannot lock out the signed sender, a bad-signature flood is
 * throttled per address, unknown keys are refused before the body is read, and every refused
 * call leaves no event, no execution and exactly one attempt record.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { databaseFile } from '../../../core/engine/create-engine.ts';
import type { WebhookAttempt } from '../../../core/model/entities.ts';
import { listWebhookAttempts, openStore } from '../../../core/store/index.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { postLargeBody } from '../../helpers/raw-http.ts';

const SECRET = 'correct horse battery staple';

const sign = (body: string, secret = SECRET) =>
  crypto.createHmac('sha256', secret).update(body).digest('hex');

/** A trigger with a webhook and a rule on it, so an accepted call would leave an execution. */
async function hookedTrigger(
  host: TestHost,
  ref: string,
  settings: Record<string, unknown>,
): Promise<{ url: string; key: string }> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  const hook = await host.api<{ data: { url: string; webhook_key: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    settings,
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: `on_${ref}`,
    trigger_ref: `local.${ref}`,
    action_ref: 'core.noop',
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  return { url: hook.body.data.url, key: hook.body.data.webhook_key };
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

async function totals(host: TestHost) {
  const events = await host.api<{ pagination: { total_items: number } }>('GET', '/api/v1/events');
  const execs = await host.api<{ pagination: { total_items: number } }>('GET', '/api/v1/executions');
  const attempts = await host.api<{ data: { items: WebhookAttempt[] } }>(
    'GET',
    '/api/v1/webhook-attempts?limit=1000',
  );
  return {
    events: events.body.pagination.total_items,
    executions: execs.body.pagination.total_items,
    attempts: attempts.body.data.items,
  };
}

test('the signed sender is still accepted after ten unsigned calls, even over a small rate limit', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'deploy', { hmac_secret: SECRET, rate_limit_per_minute: 5 });
  for (let i = 0; i < 10; i++) {
    const junk = await post(hook.url, '{"payload": {"junk": true}}');
    assert.equal(junk.status, 401, `unsigned call ${i + 1}`);
  }
  const body = '{"payload": {"sha": "abc"}}';
  const signed = await post(hook.url, body, { 'x-hub-signature-256': `sha256=${sign(body)}` });
  assert.equal(signed.status, 200, await signed.clone().text());
});

test('a flood of bad signatures from one address is throttled; the signed sender still gets through', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'push', { hmac_secret: SECRET });
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const body = `{"n": ${i}}`;
    const r = await post(hook.url, body, { 'x-webhook-signature': sign(body, 'not the secret at all') });
    statuses.push(r.status);
  }
  // docs/api.md: ten failed signatures per address and trigger per minute, then 429.
  assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(5).fill(429)]);
  const throttled = await post(hook.url, '{"n": 99}', { 'x-webhook-signature': sign('{"n": 99}', 'nope') });
  assert.match(((await throttled.json()) as { error: string }).error, /wrong signature.*per minute/);
  const body = '{"n": 100}';
  const signed = await post(hook.url, body, { 'x-webhook-signature': sign(body) });
  assert.equal(signed.status, 200);
});

test('the signature is checked on the exact bytes, in both header forms, and nothing else passes', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'sig', { hmac_secret: SECRET });
  const body = '{"payload": {"ok": 1}}';
  const digest = sign(body);
  const flipped = `${digest.slice(0, -1)}${digest.endsWith('0') ? '1' : '0'}`;
  const refused: Array<[string, Record<string, string>]> = [
    ['no header', {}],
    ['an empty header', { 'x-webhook-signature': '' }],
    ['a right-length wrong digest', { 'x-webhook-signature': flipped }],
    ['a right-length non-hex digest', { 'x-webhook-signature': 'z'.repeat(64) }],
    ['a truncated digest', { 'x-webhook-signature': digest.slice(0, 32) }],
    ['the digest of another body', { 'x-webhook-signature': sign('{"payload": {"ok": 2}}') }],
    [
      'a digest made with another secret',
      { 'x-hub-signature-256': `sha256=${sign(body, 'other secret!!!!')}` },
    ],
    ['a sha1 prefix', { 'x-hub-signature-256': `sha1=${digest}` }],
    ['the prefix alone', { 'x-hub-signature-256': 'sha256=' }],
  ];
  for (const [what, headers] of refused) {
    const r = await post(hook.url, body, headers);
    assert.equal(r.status, 401, what);
  }
  const accepted: Array<[string, Record<string, string>]> = [
    ['X-Webhook-Signature with plain hex', { 'x-webhook-signature': digest }],
    ['X-Webhook-Signature with the sha256= prefix', { 'x-webhook-signature': `sha256=${digest}` }],
    ['X-Hub-Signature-256 with the sha256= prefix', { 'x-hub-signature-256': `sha256=${digest}` }],
    ['X-Hub-Signature-256 in capitals', { 'x-hub-signature-256': `sha256=${digest.toUpperCase()}` }],
  ];
  for (const [what, headers] of accepted) {
    const r = await post(hook.url, body, headers);
    assert.equal(r.status, 200, `${what}: ${await r.text()}`);
  }
});

test('every refused call leaves no event, no execution and exactly one attempt record', async (t) => {
  const host = await startTestHost(t);
  const signed = await hookedTrigger(host, 'signed', { hmac_secret: SECRET, max_body_bytes: 1000 });
  const open = await hookedTrigger(host, 'open', { max_body_bytes: 4000 });
  const gone = await hookedTrigger(host, 'gone', {});
  assert.equal((await host.api('POST', '/api/v1/triggers/local.gone/webhooks/disable', {})).status, 200);
  const limited = await hookedTrigger(host, 'limited', { rate_limit_per_minute: 1 });
  assert.equal((await post(limited.url, '{}')).status, 200);

  const deep = `{"payload": ${'{"a": '.repeat(300)}1${'}'.repeat(300)}}`;
  const cases: Array<[string, () => Promise<Response>, number]> = [
    ['an unknown key', () => post(`${host.url}/api/v1/webhooks/${'x'.repeat(32)}`, '{}'), 404],
    ['a disabled key', () => post(gone.url, '{}'), 404],
    ['a missing signature', () => post(signed.url, '{}'), 401],
    ['a wrong signature', () => post(signed.url, '{}', { 'x-webhook-signature': sign('{ }') }), 401],
    ['a declared body over the limit', () => post(open.url, 'x'.repeat(5000)), 413],
    [
      'a streamed body over the limit',
      () =>
        fetch(open.url, {
          method: 'POST',
          body: new ReadableStream({
            start(c) {
              for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1200)));
              c.close();
            },
          }),
          duplex: 'half',
        } as RequestInit),
      413,
    ],
    ['a body that is not JSON', () => post(open.url, '{"a": '), 400],
    ['a JSON array', () => post(open.url, '[1]'), 400],
    ['a payload that is not an object', () => post(open.url, '{"payload": 3}'), 400],
    ['JSON nested 301 levels deep', () => post(open.url, deep), 400],
    ['a call over the rate limit', () => post(limited.url, '{}'), 429],
  ];
  for (const [what, send, status] of cases) {
    const before = await totals(host);
    const r = await send();
    assert.equal(r.status, status, `${what}: ${await r.clone().text()}`);
    const answer = (await r.json()) as { error: string; code: string };
    assert.equal(typeof answer.error, 'string', what);
    const after = await totals(host);
    assert.equal(after.events, before.events, `${what}: no event`);
    assert.equal(after.executions, before.executions, `${what}: no execution`);
    assert.equal(after.attempts.length, before.attempts.length + 1, `${what}: one attempt record`);
    assert.equal(after.attempts[0]?.status_code, status, what);
  }
});

test('unknown keys from one address: ten a minute are answered 404 and recorded, the rest 429 and counted in one record', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'real', {});
  assert.equal((await post(hook.url, '{"n": 0}')).status, 200);
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await post(`${host.url}/api/v1/webhooks/${`guess${i}`.padEnd(32, 'x')}`, '{}');
    statuses.push(r.status);
    if (r.status === 429) assert.match(((await r.json()) as { error: string }).error, /unknown.*per minute/);
    else await r.body?.cancel();
  }
  assert.deepEqual(statuses, [...Array(10).fill(404), ...Array(30).fill(429)]);
  assert.equal((await post(hook.url, '{"n": 1}')).status, 200, 'the known key is not throttled');

  const live = (await totals(host)).attempts;
  assert.equal(
    live.filter((a) => a.trigger_ref === null).length,
    10,
    'only the first ten are recorded one by one',
  );
  assert.equal(live.filter((a) => a.trigger_ref === 'local.real').length, 2);

  // The count is written once a minute, and when the host stops.
  await host.close();
  const store = openStore({ file: databaseFile(host.dataDir) });
  t.after(() => store.close());
  const unknown = listWebhookAttempts(store.read, null, 100).filter((a) => a.trigger_ref === null);
  assert.equal(unknown.length, 11, 'ten records and one count');
  assert.equal(unknown[0]?.status_code, 429);
  assert.match(unknown[0]?.error ?? '', /^30 calls with unknown keys from this address were refused/);
  assert.equal(unknown[0]?.remote_address, live[0]?.remote_address);
});

test('past the throttle, bad signatures are counted in one record, not one each', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'signed', { hmac_secret: SECRET });
  for (let i = 0; i < 40; i++)
    await (await post(hook.url, '{}', { 'x-webhook-signature': sign('{ }') })).text();
  assert.equal((await totals(host)).attempts.length, 10);
  await host.close();
  const store = openStore({ file: databaseFile(host.dataDir) });
  t.after(() => store.close());
  const rows = listWebhookAttempts(store.read, 'local.signed', 100);
  assert.equal(rows.length, 11);
  assert.equal(rows[0]?.status_code, 429);
  assert.match(rows[0]?.error ?? '', /^30 calls with a wrong signature from this address were refused/);
});

test('a webhook enabled without settings takes at most 256 KiB a call and 60 calls a minute', async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'plain', {});
  const trigger = await host.api<{ data: { webhook_config: Record<string, unknown> } }>(
    'GET',
    '/api/v1/triggers/local.plain',
  );
  assert.deepEqual(trigger.body.data.webhook_config, {
    hmac_secret_ref: null,
    max_body_bytes: 262_144,
    rate_limit_per_minute: 60,
  });
  const over = `{"a": "${'x'.repeat(262_144)}"}`;
  assert.equal((await post(hook.url, over)).status, 413);
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) statuses.push((await post(hook.url, `{"n": ${i}}`)).status);
  assert.deepEqual(statuses, [...Array(60).fill(200), 429]);
});

test('a 60 MB post to an unknown or disabled key is answered 404 while it is still being sent, and the connection is closed', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const total = 60 * 1024 * 1024;
  const disabled = await hookedTrigger(host, 'off', {});
  assert.equal((await host.api('POST', '/api/v1/triggers/local.off/webhooks/disable', {})).status, 200);
  const before = await totals(host);
  for (const key of [disabled.key, 'y'.repeat(32)]) {
    const r = await postLargeBody(`${host.url}/api/v1/webhooks/${key}`, total);
    assert.match(r.head, /^HTTP\/1\.1 404 /, key);
    assert.match(r.head, /\r\nconnection: close\r\n/i, key);
    assert.ok(
      r.writtenWhenAnswered >= 0 && r.writtenWhenAnswered < total,
      `${key}: answered after ${r.writtenWhenAnswered} of ${total} bytes`,
    );
  }
  const after = await totals(host);
  assert.equal(after.attempts.length, before.attempts.length + 2);
  assert.deepEqual(
    after.attempts.slice(0, 2).map((a) => [a.status_code, a.trigger_ref]),
    [
      [404, null],
      [404, null],
    ],
  );
});

test("a 60 MB post over a known key's limit is answered 413 while it is still being sent", {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const hook = await hookedTrigger(host, 'small', {});
  const total = 60 * 1024 * 1024;
  const r = await postLargeBody(hook.url, total);
  assert.match(r.head, /^HTTP\/1\.1 413 /);
  assert.ok(r.writtenWhenAnswered >= 0 && r.writtenWhenAnswered < total);
});
