/**
 * Webhook HMAC signatures through the real host (docs/api.md "Webhooks"): a signed trigger
 * accepts only the HMAC-SHA256 of the exact body with its own secret, in `X-Hub-Signature-256:
 * sha256=<hex>` or `X-Webhook-Signature: <hex>`. Anything else — a digest of the right length
 * but wrong, a digest of another body, a digest made with another secret — is a 401 that stores
 * no event, starts no execution and leaves exactly one attempt record.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';
import { counted } from '../../helpers/webhook-ledger.ts';

const SECRET = 'a-very-secret-signing-key';
const BODY = JSON.stringify({ payload: { build: 42 } });

function hmac(secret: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

/** The same digest with its last hex digit changed: right length, right alphabet, wrong value. */
function flipLastDigit(hex: string): string {
  return hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');
}

async function signedHook(t: Parameters<typeof startTestHost>[0]) {
  const host = await startTestHost(t);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'signed' })).status, 201);
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.signed/webhooks/enable',
    { hmac_secret: SECRET },
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: 'on_signed',
    trigger_ref: 'local.signed',
    action_ref: 'core.noop',
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const post = async (headers: Record<string, string>, body = BODY) => {
    const res = await fetch(hook.body.data.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, body: (await res.json()) as { error?: string; code?: string } };
  };
  return { host, post };
}

const right = hmac(SECRET, BODY);

test('a webhook with an HMAC secret', async (t) => {
  const hook = await signedHook(t);

  /** Posts and returns the answer with what the post added to the ledger. */
  const postCounted = (headers: Record<string, string>) =>
    counted(hook.host, 'local.signed', 'local.on_signed', () => hook.post(headers));

  const refused: Array<[string, Record<string, string>]> = [
    [
      'a right-length wrong digest in X-Hub-Signature-256',
      { 'x-hub-signature-256': `sha256=${flipLastDigit(right)}` },
    ],
    ['a right-length wrong digest in X-Webhook-Signature', { 'x-webhook-signature': flipLastDigit(right) }],
    ['a digest of another body', { 'x-hub-signature-256': `sha256=${hmac(SECRET, '{"payload":{}}')}` }],
    ['a digest made with another secret', { 'x-webhook-signature': hmac('another-secret-of-length', BODY) }],
    ['64 zeros', { 'x-webhook-signature': '0'.repeat(64) }],
    ['the right digest under another prefix', { 'x-hub-signature-256': `sha1=${right}` }],
    ['a short digest', { 'x-hub-signature-256': 'sha256=00' }],
  ];

  // A header that is not 64 hex digits after an optional `sha256=` is refused before any HMAC.
  const notADigest = 'signature is not a hex SHA-256 digest (sha256=<64 hex digits>)';
  const messageFor = (headers: Record<string, string>) => {
    const value = Object.values(headers)[0] ?? '';
    return /^(sha256=)?[0-9a-fA-F]{64}$/.test(value) ? 'signature does not match' : notADigest;
  };
  for (const [what, headers] of refused) {
    await t.test(`${what} is refused with 401: no event, no execution, one attempt`, async () => {
      const d = await postCounted(headers);
      const error = messageFor(headers);
      assert.deepEqual(d.result, { status: 401, body: { error, code: 'UNAUTHORIZED' } });
      assert.equal(d.events, 0, 'no event');
      assert.equal(d.executions, 0, 'no execution');
      assert.deepEqual(
        d.attempts.map((a) => [a.status_code, a.error, a.event_id]),
        [[401, error, null]],
        'exactly one attempt record',
      );
    });
  }

  await t.test(
    'a request without a signature header is refused with 401: no event, no execution, one attempt',
    async () => {
      const d = await postCounted({});
      const message = 'missing signature header (X-Webhook-Signature or X-Hub-Signature-256)';
      assert.deepEqual(d.result, { status: 401, body: { error: message, code: 'UNAUTHORIZED' } });
      assert.deepEqual([d.events, d.executions], [0, 0]);
      assert.deepEqual(
        d.attempts.map((a) => [a.status_code, a.error, a.event_id]),
        [[401, message, null]],
      );
    },
  );

  const accepted: Array<[string, Record<string, string>]> = [
    ['X-Hub-Signature-256 with the sha256= prefix', { 'x-hub-signature-256': `sha256=${right}` }],
    ['X-Hub-Signature-256 as plain hex', { 'x-hub-signature-256': right }],
    ['X-Webhook-Signature as plain hex', { 'x-webhook-signature': right }],
    ['X-Webhook-Signature with the sha256= prefix', { 'x-webhook-signature': `sha256=${right}` }],
    // Hex is case-insensitive: the same 32 bytes, compared as bytes.
    ['X-Webhook-Signature in upper-case hex', { 'x-webhook-signature': right.toUpperCase() }],
  ];

  for (const [what, headers] of accepted) {
    await t.test(
      `the right digest in ${what} is accepted: one event, one execution, one attempt`,
      async () => {
        const d = await postCounted(headers);
        assert.equal(d.result.status, 200, JSON.stringify(d.result.body));
        assert.deepEqual([d.events, d.executions], [1, 1]);
        assert.equal(d.attempts.length, 1);
        assert.equal(d.attempts[0]?.status_code, 200);
        assert.equal(typeof d.attempts[0]?.event_id, 'number');
      },
    );
  }

  await t.test('X-Hub-Signature-256 is the one checked when both headers are sent', async () => {
    const wrongHub = await postCounted({
      'x-hub-signature-256': `sha256=${flipLastDigit(right)}`,
      'x-webhook-signature': right,
    });
    assert.deepEqual([wrongHub.result.status, wrongHub.events], [401, 0]);
    const rightHub = await postCounted({
      'x-hub-signature-256': `sha256=${right}`,
      'x-webhook-signature': flipLastDigit(right),
    });
    assert.deepEqual([rightHub.result.status, rightHub.events], [200, 1]);
  });
});
