/**
 * docs/api.md, "Webhooks" — the HMAC-SHA256 signature on a webhook body: read from
 * `X-Hub-Signature-256` when present, else `X-Webhook-Signature`; `sha256=<hex>` or bare `<hex>`,
 * in either case; exactly 64 hex digits; the digest must be that of this body under this secret.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { signatureProblem } from '../../../core/sensors/webhook-signature.ts';

const SECRET = 'shh-its-a-secret';
const BODY = Buffer.from('{"event":"push"}');
const sign = (body: Buffer, secret = SECRET) =>
  crypto.createHmac('sha256', secret).update(body).digest('hex');
const GOOD = sign(BODY);

const MISSING = 'missing signature header (X-Webhook-Signature or X-Hub-Signature-256)';
const NOT_HEX = 'signature is not a hex SHA-256 digest (sha256=<64 hex digits>)';
const MISMATCH = 'signature does not match';

test('a right digest is accepted in both headers, with or without the sha256= prefix', () => {
  for (const name of ['x-hub-signature-256', 'x-webhook-signature']) {
    assert.equal(signatureProblem(SECRET, BODY, { [name]: `sha256=${GOOD}` }), null, `${name}, prefixed`);
    assert.equal(signatureProblem(SECRET, BODY, { [name]: GOOD }), null, `${name}, bare`);
  }
});

test('hex case does not matter and surrounding blanks are ignored', () => {
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': GOOD.toUpperCase() }), null);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': `  sha256=${GOOD}\t` }), null);
});

test('a repeated header is judged by its first value', () => {
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': [GOOD, 'junk'] }), null);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': ['0'.repeat(64), GOOD] }), MISMATCH);
});

test('X-Hub-Signature-256 wins when both headers are sent', () => {
  const wrong = sign(BODY, 'another secret');
  assert.equal(
    signatureProblem(SECRET, BODY, { 'x-hub-signature-256': GOOD, 'x-webhook-signature': wrong }),
    null,
  );
  assert.equal(
    signatureProblem(SECRET, BODY, { 'x-hub-signature-256': wrong, 'x-webhook-signature': GOOD }),
    MISMATCH,
  );
});

test('no header, an empty one or only blanks is a missing signature', () => {
  assert.equal(signatureProblem(SECRET, BODY, {}), MISSING);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': '' }), MISSING);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': '   ' }), MISSING);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': [] }), MISSING);
  assert.equal(signatureProblem(SECRET, BODY, { 'x-signature': GOOD }), MISSING, 'another header name');
});

test('anything but exactly 64 hex digits after the optional prefix is refused as not a digest', () => {
  for (const bad of [
    GOOD.slice(1), // 63 digits
    `${GOOD}a`, // 65: the extra digit must not be dropped silently
    `x${GOOD}`,
    `${GOOD.slice(0, 63)}g`,
    `sha256:${GOOD}`,
    `SHA256=${GOOD}`,
    `sha256=sha256=${GOOD}`,
    `sha1=${GOOD}`,
    'sha256=',
  ]) {
    assert.equal(signatureProblem(SECRET, BODY, { 'x-webhook-signature': bad }), NOT_HEX, bad);
  }
});

test('a right-length digest that is wrong, of another body or under another secret does not match', () => {
  const cases = {
    'all zeros': '0'.repeat(64),
    'last digit changed': GOOD.slice(0, 63) + (GOOD.endsWith('0') ? '1' : '0'),
    'another body': sign(Buffer.from('{"event":"pull"}')),
    'another secret': sign(BODY, `${SECRET}!`),
    'empty secret': sign(BODY, ''),
  };
  for (const [why, hex] of Object.entries(cases)) {
    assert.equal(signatureProblem(SECRET, BODY, { 'x-hub-signature-256': `sha256=${hex}` }), MISMATCH, why);
  }
});

test('property: only the digest of this body under this secret passes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), fc.string(), (bytes, secret, other) => {
      const body = Buffer.from(bytes);
      assert.equal(signatureProblem(secret, body, { 'x-webhook-signature': sign(body, secret) }), null);
      const forged = signatureProblem(secret, body, { 'x-webhook-signature': sign(body, other) });
      assert.equal(forged, other === secret ? null : MISMATCH);
    }),
  );
});
