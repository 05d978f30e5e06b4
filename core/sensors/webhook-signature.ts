/**
 * The HMAC-SHA256 check on a webhook body (docs/api.md, "Webhooks"): the signature is read from
 * `X-Hub-Signature-256` when present, else `X-Webhook-Signature`, as `sha256=<hex>` or bare
 * `<hex>`; hex case does not matter. The comparison is on the 32 digest bytes, in constant time.
 */
import crypto from 'node:crypto';

const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

export type HeaderMap = Record<string, string | string[] | undefined>;

/** Null when `body` is signed with `secret`, else why not (for the 401 message and the attempt log). */
export function signatureProblem(secret: string, body: Buffer, headers: HeaderMap): string | null {
  const raw = headers['x-hub-signature-256'] ?? headers['x-webhook-signature'];
  const header = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!header) return 'missing signature header (X-Webhook-Signature or X-Hub-Signature-256)';
  const hex = header.startsWith('sha256=') ? header.slice('sha256='.length) : header;
  if (!HEX_DIGEST.test(hex)) return 'signature is not a hex SHA-256 digest (sha256=<64 hex digits>)';
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  return crypto.timingSafeEqual(Buffer.from(hex, 'hex'), expected) ? null : 'signature does not match';
}
