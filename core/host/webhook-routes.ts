/**
 * `POST /api/v1/webhooks/{key}` on the HTTP listener (docs/api.md, "Webhooks"). The key is looked
 * up once, in `onRequest`, before a byte of the body is read: an unknown or disabled key is
 * answered 404 and the connection closed, so a large body costs neither memory nor the time to
 * read it. A known key's body is streamed raw (the HMAC covers the exact bytes) within the
 * trigger's own limit, and the trigger found is handed on to the receiver.
 */
import { Transform } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine/create-engine.ts';
import type { Trigger } from '../model/entities.ts';
import type { ErrorCode } from '../model/errors.ts';
import { timeoutOf } from './http-limits.ts';

/** Above any per-trigger limit: the stream check in preParsing answers 413 first. */
const WEBHOOK_HARD_LIMIT = 64 * 1_048_576;

/** A refusal while the body is (partly) unread: answered, then the connection closes. */
class Refusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly bytesSeen: number,
  ) {
    super(message);
  }
}

const keyOf = (req: FastifyRequest) => (req.params as { key: string }).key;
const declaredLength = (req: FastifyRequest) => Number(req.headers['content-length'] ?? 0) || 0;

/**
 * Registers the webhook route in its own scope (no JSON parser: bodies are read raw). `codeOf`
 * maps fastify's own errors to Attune's codes, as the rest of the host does. `bytesInFlight`
 * bounds the bodies held in memory across all webhook requests under way (HttpLimits).
 */
export async function registerWebhookRoutes(
  app: FastifyInstance,
  engine: Engine,
  codeOf: (err: FastifyError) => ErrorCode,
  bytesInFlight: number,
): Promise<void> {
  // Body bytes read and not yet answered, over all webhook requests: each connection's share is
  // bounded by its trigger's limit, this bounds them together.
  let held = 0;
  const busy = (seen: number) =>
    new Refusal(
      503,
      `the host is receiving too many webhook bodies at once (more than ${bytesInFlight} bytes); retry later`,
      seen,
    );
  // Keyed by request: the trigger is looked up once and read by every later stage.
  const triggers = new WeakMap<FastifyRequest, Trigger>();
  const triggerOf = (req: FastifyRequest): Trigger => {
    const t = triggers.get(req);
    if (!t) throw new Error('webhook request without its trigger');
    return t;
  };
  const closeAfter = (reply: FastifyReply) => reply.header('connection', 'close');

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_HARD_LIMIT }, (_req, b, done) =>
      done(null, b),
    );
    scope.post('/api/v1/webhooks/:key', {
      onRequest: (req, reply, done) => {
        const key = keyOf(req);
        const trigger = engine.webhooks.lookup(key);
        if (trigger) {
          triggers.set(req, trigger);
          done();
          return;
        }
        const r = engine.webhooks.refuseUnknownKey(key, declaredLength(req), req.ip);
        void closeAfter(reply).code(r.status).send(r.body);
      },
      preParsing: async (req, reply, payload) => {
        const limit = triggerOf(req).webhook_config.max_body_bytes;
        const message = `body exceeds ${limit} bytes`;
        const declared = declaredLength(req);
        if (declared > limit) throw new Refusal(413, message, declared);
        if (held + declared > bytesInFlight) throw busy(declared);
        let seen = 0;
        let done = false;
        // Until the answer is sent or the connection is gone, this request holds its bytes.
        reply.raw.once('close', () => {
          done = true;
          held -= seen;
        });
        const counted = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            if (done) return cb();
            seen += chunk.length;
            held += chunk.length;
            if (seen > limit) return cb(new Refusal(413, message, seen));
            cb(held > bytesInFlight ? busy(seen) : null, chunk);
          },
        });
        // pipe() passes no errors on: without this, a body cut short (the client gone, or the
        // request cut by its time limit) would leave the request unanswered and unrecorded.
        const cut = () =>
          counted.destroy(new Refusal(400, 'the body ended early: the connection closed', seen));
        payload.once('error', cut);
        payload.once('close', () => {
          if (!payload.readableEnded) cut();
        });
        return payload.pipe(counted);
      },
      errorHandler: (err: FastifyError, req, reply) => {
        const bytes = err instanceof Refusal ? err.bytesSeen : declaredLength(req);
        const trigger = triggers.get(req) ?? null;
        const late = timeoutOf(req.raw.socket);
        const code = late ? 'REQUEST_TIMEOUT' : codeOf(err);
        const r = engine.webhooks.refuse(keyOf(req), trigger, code, late ?? err.message, bytes, req.ip);
        if (err instanceof Refusal) closeAfter(reply);
        void reply.code(r.status).send(r.body);
      },
      handler: async (req, reply) => {
        const r = await engine.webhooks.receive({
          key: keyOf(req),
          trigger: triggerOf(req),
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          headers: req.headers,
          remoteAddress: req.ip,
        });
        return reply.code(r.status).send(r.body);
      },
    });
  });
}
