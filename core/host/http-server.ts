/**
 * The headless host's HTTP listener (127.0.0.1 by default): REST under /api/v1, webhooks, the
 * channels over WebSocket at /api/v1/ws, and the built renderer when it exists. Who may call
 * what is decided in one place, core/host/access.ts (docs/security.md).
 */
import fs from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { attuneView, dispatch, type HandlerContext, handlers } from '../api/index.ts';
import type { Engine } from '../engine/create-engine.ts';
import { type ErrorCode, type ErrorData, HTTP_STATUS, isStorageFault } from '../model/errors.ts';
import { getRule, refById } from '../store/index.ts';
import { mayDecrypt, presentedToken, registerAccessControl, sensorCallerOf } from './access.ts';
import { registerAuthRoutes, SessionTokens } from './auth-routes.ts';
import { registerHealthRoutes } from './health-routes.ts';
import {
  capConnections,
  clientErrorAnswer,
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  serverOptions,
} from './http-limits.ts';
import { boundJsonBodies } from './json-body.ts';
import { PACK_MULTIPART_LIMITS, registerPackRoutes } from './pack-routes.ts';
import { ATTUNE_ALIAS_ROUTES, REST_ROUTES, type RestRoute, routeInput } from './rest-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import { attachBridge } from './ws-bridge.ts';

/** Largest JSON body the REST API accepts (webhooks have their own per-trigger limit). */
export const REST_BODY_LIMIT = 1_048_576;
export const WS_PROTOCOL = 'attune.v1';

/** A route as the router knows it: method and pattern (e.g. `GET /api/v1/rules/:ref`). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface HttpServerOptions {
  engine: Engine;
  token: string;
  /** The address the listener will be bound to (decides which Host names are accepted). */
  bindHost: string;
  /** More Host names to accept (`--allowed-host`): `name` or `name:port`. */
  allowedHosts?: readonly string[] | undefined;
  /** Folder with the built renderer (index.html); not served when missing. */
  uiDir?: string | null;
  /** Time and connection limits; unset ones are DEFAULT_HTTP_LIMITS (docs/api.md, "Limits"). */
  limits?: Partial<HttpLimits> | undefined;
}

/** Whether a Sec-WebSocket-Protocol header lists the bridge's own subprotocol. */
function offersProtocol(header: string | undefined): boolean {
  return (header ?? '').split(',').some((p) => p.trim() === WS_PROTOCOL);
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

/** Maps fastify's own errors (bad JSON, too large, wrong media type) to Attune's codes. */
function fastifyErrorCode(err: FastifyError): ErrorCode {
  if (isStorageFault(err)) return 'UNAVAILABLE';
  if (err.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (err.statusCode === 404) return 'NOT_FOUND';
  if (err.statusCode === 401) return 'UNAUTHORIZED';
  if (err.statusCode === 403) return 'FORBIDDEN';
  if (err.statusCode === 408) return 'REQUEST_TIMEOUT';
  if (err.statusCode === 429) return 'TOO_MANY_REQUESTS';
  if (err.statusCode === 503) return 'UNAVAILABLE';
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

export async function createHttpServer(
  o: HttpServerOptions,
): Promise<{ app: FastifyInstance; ctx: HandlerContext; routes: readonly RegisteredRoute[] }> {
  const { engine } = o;
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...o.limits };
  const app = Fastify({
    logger: false,
    bodyLimit: REST_BODY_LIMIT,
    return503OnClosing: true,
    // A ref may be 255 characters (core/model/refs.ts): every ref that can be created can be
    // addressed by path too (fastify's default stops at 100).
    routerOptions: { maxParamLength: 512 },
    ...serverOptions(limits),
    clientErrorHandler: clientErrorAnswer(limits),
  });
  capConnections(app.server, limits);
  const ctx: HandlerContext = { engine, publicUrl: null };
  boundJsonBodies(app);
  // Every route, nested scopes included, as the router sees it (the access tests walk this list).
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url ?? r.path });
  });

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

  // Registered before the access hook: the plugin marks upgrade requests so a refused one has
  // its socket destroyed; otherwise it would hold shutdown open.
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: REST_BODY_LIMIT,
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });
  // Before every route and scope, so all of them inherit it (core/host/access.ts).
  const sessions = new SessionTokens(engine.clock);
  registerAccessControl(
    app,
    {
      ...o,
      sessions,
      sensorTokens: engine.sensors.tokens,
      scopeLookups: {
        ruleTrigger: (ref) => getRule(engine.store.read, ref)?.trigger_ref ?? null,
        refById: (kind, id) => refById(engine.store.read, kind, id),
      },
    },
    (reply, r) => reply.code(r.status).send(errorBody({ code: r.code, message: r.message })),
  );
  registerAuthRoutes(app, o.token, sessions);

  app.get(
    '/api/v1/ws',
    {
      websocket: true,
      // After the access hook (so no token is still 401). Without this, ws would switch
      // protocols anyway, just without naming one, and a client of another protocol would talk
      // to the bridge.
      onRequest: (req, reply, done) => {
        if (req.headers.upgrade === undefined || offersProtocol(req.headers['sec-websocket-protocol'])) {
          done();
          return;
        }
        void reply
          .header('connection', 'close')
          .code(400)
          .send(
            errorBody({
              code: 'BAD_REQUEST',
              message: `Sec-WebSocket-Protocol must include ${WS_PROTOCOL} (the UI sends ['${WS_PROTOCOL}', 'bearer.<token>'])`,
            }),
          );
      },
    },
    (socket, req) => {
      // An access token lasts expires_in on the WebSocket too, not as long as the socket does.
      const token = presentedToken(req);
      const until = token === null ? null : sessions.expiryOf(token);
      if (until !== null) {
        const expire = () => socket.close(1008, 'access token expired: log in again');
        const timer = engine.clock.setTimeout(expire, Math.max(0, until - engine.clock.now()));
        socket.on('close', () => engine.clock.clearTimeout(timer));
        socket.prependListener('message', () => {
          if (engine.clock.now() >= until) expire();
        });
      }
      attachBridge(socket, handlers, ctx);
    },
  );

  for (const route of [...REST_ROUTES, ...ATTUNE_ALIAS_ROUTES] as readonly RestRoute[]) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const input = routeInput(route, {
          params: req.params as Record<string, string>,
          query: req.query as Record<string, unknown>,
          body: req.body,
        });
        const caller = sensorCallerOf(req);
        const r = await dispatch(handlers, route.channel, input, {
          ...ctx,
          ...(caller ? { caller } : {}),
          mayDecrypt: mayDecrypt(req, { token: o.token, sessions }),
        });
        if (!r.ok) return reply.code(HTTP_STATUS[r.error.code]).send(errorBody(r.error));
        if (route.bare) return reply.code(route.status ?? 200).send(r.data);
        // Attune's response shapes (core/api/attune-view.ts); the WebSocket keeps the plain ones.
        const data = attuneView(route.channel, r.data, engine.store.read);
        return reply.code(route.status ?? 200).send(route.list ? data : { data });
      },
    });
  }

  // Any other path under /api is behind the token like the rest, so a caller without it learns
  // nothing (not even which paths exist); with it, a plain 404.
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/api/*',
    handler: (_req, reply) => reply.callNotFound(),
  });

  // Multipart only where packs are uploaded, so no other route parses it.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: PACK_MULTIPART_LIMITS });
    registerPackRoutes(scope, ctx, errorBody);
  });

  await registerWebhookRoutes(app, engine, fastifyErrorCode, limits.webhookBytesInFlight);
  registerHealthRoutes(app, engine);

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
  return { app, ctx, routes };
}
