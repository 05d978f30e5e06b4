/**
 * The webhook sensor (SPEC §5): turns `POST /api/v1/webhooks/{key}` into an event. HTTP-agnostic
 * so any host can call it: the host streams the body through `bodyLimit(key)` first. Every
 * attempt, accepted or not, is logged (bounded).
 */
import crypto from 'node:crypto';
import type { JsonObject, Trigger } from '../model/entities.ts';
import { AttuneError, type ErrorCode, HTTP_STATUS, isUnavailable } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { Clock } from '../schedule/clock.ts';
import {
  getTriggerByWebhookKey,
  insertWebhookAttempt,
  type Store,
  type WebhookAttemptInput,
} from '../store/index.ts';

export interface WebhookRequest {
  key: string;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string | null;
}

export type WebhookResponse =
  | { status: 200; body: { data: { event_id: number; trigger_ref: string; received_at: string } } }
  | { status: number; body: { error: string; code: ErrorCode } };

export interface WebhookDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  hmacSecret(ref: string): string | null;
  ingest(
    trigger: Trigger,
    payload: JsonObject,
    config: JsonObject,
  ): Promise<{ event_id: number; created: string }>;
}

/** Attempts kept for a later write while the store cannot be written; beyond, the oldest go. */
export const MAX_PENDING_ATTEMPTS = 1000;
const RETRY_MS = 1000;

/** Headers worth keeping with the event; everything else (cookies, auth) stays out of the store. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'x-github-event', 'x-github-delivery', 'x-request-id'];

export class WebhookReceiver {
  private attempts: WebhookAttemptInput[] = [];
  private flushQueued = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private dropped = 0;
  /** Per-trigger fixed one-minute windows: [window start, count]. */
  private readonly windows = new Map<string, [number, number]>();

  constructor(private readonly d: WebhookDeps) {}

  /** The body limit for a key, or null when the key is unknown (the host answers 404 unread). */
  bodyLimit(key: string): number | null {
    return getTriggerByWebhookKey(this.d.store.read, key)?.webhook_config.max_body_bytes ?? null;
  }

  /** Records an attempt the host refused before calling `receive` (e.g. body too large). */
  refuse(key: string, code: ErrorCode, message: string, bodyBytes: number, remote: string | null) {
    const trigger = getTriggerByWebhookKey(this.d.store.read, key);
    this.log(key, trigger?.ref ?? null, HTTP_STATUS[code], message, null, remote, bodyBytes);
    return { status: HTTP_STATUS[code], body: { error: message, code } };
  }

  async receive(req: WebhookRequest): Promise<WebhookResponse> {
    const trigger = getTriggerByWebhookKey(this.d.store.read, req.key);
    const fail = (code: ErrorCode, message: string): WebhookResponse => {
      this.log(
        req.key,
        trigger?.ref ?? null,
        HTTP_STATUS[code],
        message,
        null,
        req.remoteAddress,
        req.body.length,
      );
      return { status: HTTP_STATUS[code], body: { error: message, code } };
    };
    if (!trigger) return fail('NOT_FOUND', 'no webhook with this key');
    if (req.body.length > trigger.webhook_config.max_body_bytes) {
      return fail('PAYLOAD_TOO_LARGE', `body exceeds ${trigger.webhook_config.max_body_bytes} bytes`);
    }
    if (!this.admit(trigger)) {
      return fail(
        'TOO_MANY_REQUESTS',
        `rate limit of ${trigger.webhook_config.rate_limit_per_minute}/minute exceeded`,
      );
    }
    if (trigger.webhook_config.hmac_secret_ref) {
      const secret = this.d.hmacSecret(trigger.webhook_config.hmac_secret_ref);
      const problem =
        secret === null ? 'webhook secret missing from the key store' : checkSignature(secret, req);
      if (problem) return fail('UNAUTHORIZED', problem);
    }
    let parsed: unknown;
    try {
      parsed = req.body.length === 0 ? {} : JSON.parse(req.body.toString('utf8'));
    } catch (err) {
      return fail('BAD_REQUEST', `body is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return fail('BAD_REQUEST', 'body must be a JSON object ({"payload": {...}} or the payload itself)');
    }
    const body = parsed as JsonObject;
    let payload: JsonObject = body;
    if (Object.hasOwn(body, 'payload')) {
      const p = body.payload;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        return fail('BAD_REQUEST', 'payload: must be a JSON object');
      }
      payload = p as JsonObject;
    }
    const headers: JsonObject = {};
    for (const h of KEPT_HEADERS) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h];
    try {
      const r = await this.d.ingest(trigger, payload, {
        source: 'webhook',
        remote_address: req.remoteAddress,
        headers,
      });
      this.log(req.key, trigger.ref, 200, null, r.event_id, req.remoteAddress, req.body.length);
      return {
        status: 200,
        body: { data: { event_id: r.event_id, trigger_ref: trigger.ref, received_at: r.created } },
      };
    } catch (err) {
      if (err instanceof AttuneError) return fail(err.code, err.message);
      throw err;
    }
  }

  private admit(trigger: Trigger): boolean {
    const limit = trigger.webhook_config.rate_limit_per_minute;
    if (limit <= 0) return true;
    const now = this.d.clock.now();
    const w = this.windows.get(trigger.ref);
    if (!w || now - w[0] >= 60_000) {
      this.windows.set(trigger.ref, [now, 1]);
      return true;
    }
    if (w[1] >= limit) return false;
    w[1]++;
    return true;
  }

  private log(
    key: string,
    triggerRef: string | null,
    status: number,
    error: string | null,
    eventId: number | null,
    remote: string | null,
    bytes: number,
  ): void {
    this.attempts.push({
      trigger_ref: triggerRef,
      webhook_key: `${key.slice(0, 6)}…`,
      status_code: status,
      error,
      event_id: eventId,
      remote_address: remote,
      body_bytes: bytes,
      created: this.d.clock.now(),
    });
    if (this.attempts.length > MAX_PENDING_ATTEMPTS) {
      this.attempts.shift();
      this.dropped++;
    }
    if (this.flushQueued || this.retry) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /**
   * Writes the attempts logged so far (one transaction per tick, not per request). Never throws:
   * the log is a record, not a reason to stop the host. While the store cannot be written (full
   * disk) the attempts wait, bounded, and are retried every second.
   */
  flush(): void {
    const batch = this.attempts;
    if (batch.length === 0) return;
    if (this.d.store.closed) {
      this.attempts = [];
      this.d.logger.warn('webhook attempts not logged: the store closed first', { attempts: batch.length });
      return;
    }
    try {
      this.d.store.transaction((w) => {
        for (const a of batch) insertWebhookAttempt(w, a);
      });
    } catch (err) {
      if (isUnavailable(err)) {
        // The store has said so once already (onWriteFault); try again later.
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.flush();
        }, RETRY_MS).unref();
        return;
      }
      this.attempts = [];
      this.d.logger.error('webhook attempts not logged', {
        attempts: batch.length,
        error: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    this.attempts = [];
    if (this.dropped > 0) {
      this.d.logger.warn('webhook attempts dropped while the database could not be written', {
        attempts: this.dropped,
      });
      this.dropped = 0;
    }
  }
}

/** GitHub-style `sha256=<hex>` in X-Hub-Signature-256, or plain hex in X-Webhook-Signature. */
function checkSignature(secret: string, req: WebhookRequest): string | null {
  const raw = req.headers['x-hub-signature-256'] ?? req.headers['x-webhook-signature'];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (!header) return 'missing signature header (X-Webhook-Signature or X-Hub-Signature-256)';
  const given = header.startsWith('sha256=') ? header.slice(7) : header;
  const expected = crypto.createHmac('sha256', secret).update(req.body).digest('hex');
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return 'signature does not match';
  return null;
}
