/**
 * The headless host's HTTP listener (127.0.0.1 by default): REST under /api/v1, webhooks, the
 * channels over WebSocket at /api/v1/ws, and the built renderer when it exists.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { dispatch, type HandlerContext, handlers } from '../api/index.ts';
import type { Engine } from '../engine/create-engine.ts';
import { type ErrorCode, type ErrorData, HTTP_STATUS, isStorageFault } from '../model/errors.ts';
import { tokensEqual } from './api-token.ts';
import { PACK_MULTIPART_LIMITS, registerPackRoutes } from './pack-routes.ts';
import { PUBLIC_PATHS, REST_ROUTES } from './rest-routes.ts';
import { attachBridge } from './ws-bridge.ts';

/** Largest JSON body the REST API accepts (webhooks have their own per-trigger limit). */
export const REST_BODY_LIMIT = 1_048_576;
const WEBHOOK_HARD_LIMIT = 64 * 1_048_576;
export const WS_PROTOCOL = 'attune.v1';

export interface HttpServerOptions {
  engine: Engine;
  token: string;
  /** Folder with the built renderer (index.html); not served when missing. */
  uiDir?: string | null;
}

function errorBody(e: ErrorData) {
  const details: Record<string, unknown> = {};
  if (e.field) details.field = e.field;
  if (e.location) details.location = e.location;
  if (e.details !== undefined) details.problems = e.details;
  return Object.keys(details).length
    ? { error: e.message, code: e.code, details }
    : { error: e.message, code: e.code };
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  // Browsers cannot set headers on a WebSocket: the token rides in the subprotocol list.
  const proto = req.headers['sec-websocket-protocol'];
  const entry = proto
    ?.split(',')
    .map((s) => s.trim())
    .find((s) => s.startsWith('bearer.'));
  return entry ? entry.slice(7) : null;
}

/** Maps fastify's own errors (bad JSON, too large, wrong media type) to Attune's codes. */
function fastifyErrorCode(err: FastifyError): ErrorCode {
  if (isStorageFault(err)) return 'UNAVAILABLE';
  if (err.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (err.statusCode === 404) return 'NOT_FOUND';
  if (err.statusCode === 401) return 'UNAUTHORIZED';
  if (err.statusCode === 429) return 'TOO_MANY_REQUESTS';
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

export async function createHttpServer(
  o: HttpServerOptions,
): Promise<{ app: FastifyInstance; ctx: HandlerContext }> {
  const { engine } = o;
  const app = Fastify({ logger: false, bodyLimit: REST_BODY_LIMIT, return503OnClosing: true });
  const ctx: HandlerContext = { engine, publicUrl: null };

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const code = fastifyErrorCode(err);
    let message = err.message;
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') message = 'Content-Type must be application/json';
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `body exceeds ${REST_BODY_LIMIT} bytes`;
    if (code === 'INTERNAL')
      engine.logger.error('request failed', { url: req.routeOptions.url, error: err.message });
    void reply
      .code(HTTP_STATUS[code])
      .send(errorBody({ code, message: code === 'INTERNAL' ? 'internal error' : message }));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send(errorBody({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }));
  });

  // Registered before the auth hook: the plugin marks upgrade requests so a refused one (401)
  // has its socket destroyed; otherwise it would hold shutdown open.
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: REST_BODY_LIMIT,
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/')) return;
    if (PUBLIC_PATHS.some((re) => re.test(path))) return;
    const given = bearer(req);
    if (!given || !tokensEqual(given, o.token)) {
      return reply.code(401).send(
        errorBody({
          code: 'UNAUTHORIZED',
          message: 'missing or wrong API token (Authorization: Bearer <token>)',
        }),
      );
    }
  });

  app.get('/api/v1/ws', { websocket: true }, (socket) => attachBridge(socket, handlers, ctx));

  for (const route of REST_ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const input = route.input({
          params: req.params as Record<string, string>,
          query: req.query as Record<string, unknown>,
          body: req.body,
        });
        const r = await dispatch(handlers, route.channel, input, ctx);
        if (!r.ok) return reply.code(HTTP_STATUS[r.error.code]).send(errorBody(r.error));
        return reply.code(route.status ?? 200).send(route.list ? r.data : { data: r.data });
      },
    });
  }

  // Multipart only where packs are uploaded, so no other route parses it.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: PACK_MULTIPART_LIMITS });
    registerPackRoutes(scope, ctx, errorBody);
  });

  await app.register(async (scope) => {
    // Webhook bodies are read raw (HMAC covers the exact bytes) with the trigger's own limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_HARD_LIMIT }, (_req, b, done) =>
      done(null, b),
    );
    scope.post('/api/v1/webhooks/:key', {
      preParsing: async (req, _reply, payload) => {
        const key = (req.params as { key: string }).key;
        const limit = engine.webhooks.bodyLimit(key);
        if (limit === null) return payload;
        const declared = Number(req.headers['content-length'] ?? 0);
        const tooLarge = () =>
          Object.assign(new Error(`body exceeds ${limit} bytes`), {
            statusCode: 413,
            webhookKey: key,
            limit,
          });
        if (declared > limit) throw tooLarge();
        let seen = 0;
        return payload.pipe(
          new Transform({
            transform(chunk: Buffer, _enc, cb) {
              seen += chunk.length;
              cb(seen > limit ? tooLarge() : null, chunk);
            },
          }),
        );
      },
      errorHandler: (err: FastifyError & { webhookKey?: string }, req, reply) => {
        const key = (req.params as { key: string }).key;
        const code = fastifyErrorCode(err);
        const r = engine.webhooks.refuse(
          key,
          code,
          err.message,
          Number(req.headers['content-length'] ?? 0),
          req.ip,
        );
        void reply.code(r.status).send(r.body);
      },
      handler: async (req, reply) => {
        const r = await engine.webhooks.receive({
          key: (req.params as { key: string }).key,
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          headers: req.headers,
          remoteAddress: req.ip,
        });
        return reply.code(r.status).send(r.body);
      },
    });
  });

  if (o.uiDir && fs.existsSync(o.uiDir)) {
    await app.register(fastifyStatic, {
      root: o.uiDir,
      prefix: '/',
      setHeaders: (reply) => {
        reply.header(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        );
      },
    });
  }
  return { app, ctx };
}
