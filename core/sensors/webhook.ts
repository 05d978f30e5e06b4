/**
 * The webhook sensor (docs/api.md, "Webhooks"): turns `POST /api/v1/webhooks/{key}` into an event. HTTP-agnostic
 * so any host can call it: the host looks the key up once (`lookup`), refuses unknown keys before
 * reading the body, streams the body within the trigger's limit, then calls `receive` with the
 * trigger it found. Every attempt, accepted or not, is logged (bounded). docs/security.md,
 * "Webhooks", says which check comes first and why.
 */
import type { JsonObject, Trigger } from '../model/entities.ts';
import { AttuneError, type ErrorCode, HTTP_STATUS, isUnavailable } from '../model/errors.ts';
import { parseJsonBounded } from '../model/json-depth.ts';
import type { Logger } from '../model/logger.ts';
import type { Clock } from '../schedule/clock.ts';
import {
  getTriggerByWebhookKey,
  insertWebhookAttempt,
  type Store,
  type TickBatch,
  type TickWriter,
  type UnitOfWork,
  type WebhookAttemptInput,
} from '../store/index.ts';
import { MinuteWindows, WINDOW_MS } from './minute-windows.ts';
import { RefusalCounts } from './refusal-counts.ts';
import { type HeaderMap, signatureProblem } from './webhook-signature.ts';

/** Failed signatures one address may send to one trigger per minute before it is answered 429. */
export const SIGNATURE_FAILURES_PER_MINUTE = 10;
/**
 * Calls with unknown (or disabled) keys one address may make per minute before it is answered
 * 429. Past either throttle, calls are counted, not recorded one by one.
 */
export const UNKNOWN_KEYS_PER_MINUTE = 10;

const UNKNOWN_KEYS = 'with unknown keys';
const WRONG_SIGNATURES = 'with a wrong signature';

export interface WebhookRequest {
  key: string;
  /** The enabled trigger behind `key`, from `lookup`. */
  trigger: Trigger;
  body: Buffer;
  headers: HeaderMap;
  remoteAddress: string | null;
}

export type WebhookResponse =
  | {
      status: 200;
      body: { data: { event_id: number; trigger_ref: string; received_at: string; message: string } };
    }
  | { status: number; body: { error: string; code: ErrorCode } };

export interface WebhookDeps {
  store: Store;
  /** The tick's unit of work: attempts are written with it (one transaction per tick). */
  tick: UnitOfWork;
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

/** Headers worth keeping with the event; everything else (cookies, auth) stays out of the store. */
const KEPT_HEADERS = ['content-type', 'user-agent', 'x-github-event', 'x-github-delivery', 'x-request-id'];

export class WebhookReceiver implements TickWriter {
  private attempts: WebhookAttemptInput[] = [];
  /** Accepted-signature traffic, per trigger (`rate_limit_per_minute`). */
  private readonly rate = new MinuteWindows();
  /** Failed signatures, per trigger and source address: junk is throttled apart from the real sender. */
  private readonly failures = new MinuteWindows();
  /** Unknown keys, per source address. */
  private readonly unknown = new MinuteWindows();
  /** Refusals past a throttle, written as one summary row per source every minute. */
  private readonly unrecorded = new RefusalCounts();
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private dropped = 0;

  constructor(private readonly d: WebhookDeps) {}

  /** The enabled trigger behind a key, or null (unknown or disabled: the host answers 404 unread). */
  lookup(key: string): Trigger | null {
    return getTriggerByWebhookKey(this.d.store.read, key);
  }

  /**
   * Answers a call whose key is unknown or disabled: 404 and one attempt record, up to
   * UNKNOWN_KEYS_PER_MINUTE per address; past that 429, counted into one summary row.
   */
  refuseUnknownKey(key: string, bodyBytes: number, remote: string | null): WebhookResponse {
    const now = this.d.clock.now();
    if (this.unknown.take(remote ?? '', UNKNOWN_KEYS_PER_MINUTE, now)) {
      return this.refuse(key, null, 'NOT_FOUND', 'no webhook with this key', bodyBytes, remote);
    }
    this.count(UNKNOWN_KEYS, null, remote, bodyBytes, now);
    const error = `too many calls with unknown webhook keys from this address (more than ${UNKNOWN_KEYS_PER_MINUTE} per minute)`;
    return { status: HTTP_STATUS.TOO_MANY_REQUESTS, body: { error, code: 'TOO_MANY_REQUESTS' } };
  }

  /** Records an attempt the host refused before calling `receive` (unknown key, body too large). */
  refuse(
    key: string,
    trigger: Trigger | null,
    code: ErrorCode,
    message: string,
    bodyBytes: number,
    remote: string | null,
  ): WebhookResponse {
    this.log(key, trigger?.ref ?? null, HTTP_STATUS[code], message, null, remote, bodyBytes);
    return { status: HTTP_STATUS[code], body: { error: message, code } };
  }

  async receive(req: WebhookRequest): Promise<WebhookResponse> {
    const { trigger } = req;
    const config = trigger.webhook_config;
    const fail = (code: ErrorCode, message: string): WebhookResponse =>
      this.refuse(req.key, trigger, code, message, req.body.length, req.remoteAddress);
    if (req.body.length > config.max_body_bytes) {
      return fail('PAYLOAD_TOO_LARGE', `body exceeds ${config.max_body_bytes} bytes`);
    }
    // The signature comes before the rate limit: unsigned calls must not use up the signed
    // sender's budget. They are counted apart, per address.
    if (config.hmac_secret_ref) {
      const secret = this.d.hmacSecret(config.hmac_secret_ref);
      if (secret === null) return fail('UNAUTHORIZED', 'webhook secret missing from the key store');
      const problem = signatureProblem(secret, req.body, req.headers);
      if (problem) {
        const who = `${trigger.ref}\0${req.remoteAddress ?? ''}`;
        const now = this.d.clock.now();
        if (!this.failures.take(who, SIGNATURE_FAILURES_PER_MINUTE, now)) {
          this.count(WRONG_SIGNATURES, trigger.ref, req.remoteAddress, req.body.length, now);
          const error =
            `${problem}; too many requests with a wrong signature from this address ` +
            `(more than ${SIGNATURE_FAILURES_PER_MINUTE} per minute)`;
          return { status: HTTP_STATUS.TOO_MANY_REQUESTS, body: { error, code: 'TOO_MANY_REQUESTS' } };
        }
        return fail('UNAUTHORIZED', problem);
      }
    }
    const limit = config.rate_limit_per_minute;
    if (limit > 0 && !this.rate.take(trigger.ref, limit, this.d.clock.now())) {
      return fail('TOO_MANY_REQUESTS', `rate limit of ${limit}/minute exceeded`);
    }
    const parsed =
      req.body.length === 0 ? { ok: true as const, value: {} } : parseJsonBounded(req.body.toString('utf8'));
    if (!parsed.ok) {
      return fail('BAD_REQUEST', parsed.tooDeep ? `body: ${parsed.message}` : `body is ${parsed.message}`);
    }
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail('BAD_REQUEST', 'body must be a JSON object ({"payload": {...}} or the payload itself)');
    }
    const body = value as JsonObject;
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
        // `message` is Attune's (its WebhookReceiverResponse requires one).
        body: {
          data: {
            event_id: r.event_id,
            trigger_ref: trigger.ref,
            received_at: r.created,
            message: 'Webhook received successfully',
          },
        },
      };
    } catch (err) {
      if (err instanceof AttuneError) return fail(err.code, err.message);
      throw err;
    }
  }

  /** Counts a refusal past a throttle; the counts are written as summary rows within a minute. */
  private count(
    reason: string,
    triggerRef: string | null,
    remote: string | null,
    bytes: number,
    now: number,
  ) {
    this.unrecorded.add(reason, triggerRef, remote, bytes, now);
    this.summaryTimer ??= setTimeout(() => {
      this.summaryTimer = null;
      this.summarize();
    }, WINDOW_MS).unref();
  }

  /** One attempt row per counted source: "N calls … were refused (429) … not recorded one by one". */
  private summarize(): void {
    for (const c of this.unrecorded.drain()) {
      const span = `${new Date(c.first).toISOString()} to ${new Date(c.last).toISOString()}`;
      const calls = c.count === 1 ? '1 call' : `${c.count} calls`;
      this.queue({
        trigger_ref: c.triggerRef,
        webhook_key: '*',
        status_code: HTTP_STATUS.TOO_MANY_REQUESTS,
        error:
          `${calls} ${c.reason} from ${c.remote === null ? 'many addresses' : 'this address'} ` +
          `${c.count === 1 ? 'was' : 'were'} refused (429) from ${span} and not recorded one by one`,
        event_id: null,
        remote_address: c.remote,
        body_bytes: c.bodyBytes,
        created: c.last,
      });
    }
  }

  /** Queues what is still counted; the engine's last flush of the tick writes it (at stop). */
  close(): void {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    this.summarize();
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
    this.queue({
      trigger_ref: triggerRef,
      webhook_key: `${key.slice(0, 6)}…`,
      status_code: status,
      error,
      event_id: eventId,
      remote_address: remote,
      body_bytes: bytes,
      created: this.d.clock.now(),
    });
  }

  /** Queues one row for the tick's write, within MAX_PENDING_ATTEMPTS. */
  private queue(a: WebhookAttemptInput): void {
    this.attempts.push(a);
    this.bound();
    this.d.tick.schedule();
  }

  private bound(): void {
    const over = this.attempts.length - MAX_PENDING_ATTEMPTS;
    if (over <= 0) return;
    this.attempts.splice(0, over);
    this.dropped += over;
  }

  /**
   * The attempts logged so far, for the tick's transaction. Never fatal: the log is a record, not
   * a reason to stop the host. While the store cannot be written (full disk) the attempts wait,
   * bounded, and are retried with the tick.
   */
  take(): TickBatch | null {
    const batch = this.attempts;
    if (batch.length === 0) return null;
    this.attempts = [];
    return {
      write: (w) => {
        for (const a of batch) insertWebhookAttempt(w, a);
      },
      committed: () => {
        if (this.dropped === 0) return;
        this.d.logger.warn('webhook attempts dropped while the database could not be written', {
          attempts: this.dropped,
        });
        this.dropped = 0;
      },
      rolledBack: (err) => {
        if (isUnavailable(err)) {
          // The store has said so once already (onWriteFault); the tick tries again.
          this.attempts = [...batch, ...this.attempts];
          this.bound();
        } else {
          this.d.logger.error('webhook attempts not logged', {
            attempts: batch.length,
            error: err instanceof Error ? err.message : String(err),
          });
        }
        return undefined;
      },
      abandoned: () =>
        this.d.logger.warn('webhook attempts not logged: the store closed first', { attempts: batch.length }),
    };
  }
}
