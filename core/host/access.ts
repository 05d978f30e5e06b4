/**
 * Who may use the headless host (docs/security.md "Authentication and the local web"). One
 * onRequest hook, added at the root before any route so every scope inherits it, decides every
 * request after the router has matched it:
 *
 * 1. `Host` must be one of the host's own names (DNS rebinding gives a page on another name our
 *    address; that page then sends its own name as Host);
 * 2. a present `Origin` must be the request's own origin on anything but a plain GET/HEAD (writes
 *    and WebSocket upgrades from other web pages are refused even when they carry the token);
 * 3. the route the router matched (`req.routeOptions.url`, the pattern — never the raw URL) must
 *    be on the public list, or the request must carry the token. Requests that matched no route
 *    need the token too: deny by default.
 * 4. a sensor process's own token (docs/sensors.md, "Security") passes only for the few routes
 *    its scope allows, decided on the same matched route and its parsed path and query; the
 *    handler learns the caller (`sensorCallerOf`) to check what is in the body.
 */
import net from 'node:net';
import os from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../model/errors.ts';
import { type ScopeLookups, type SensorScope, scopeRefusal } from '../sensors/supervisor/sensor-tokens.ts';
import { tokensEqual } from './api-token.ts';
import { PUBLIC_AUTH_ROUTES, type SessionGrants } from './auth-routes.ts';

/** `METHOD pattern` of the routes anyone may call; every other route needs the token. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/health',
  'HEAD /api/v1/health',
  // Attune's health paths (core/host/health-routes.ts): the same answer as the line above.
  ...['/health', '/health/detailed', '/health/live', '/health/ready'].flatMap((p) => [
    `GET ${p}`,
    `HEAD ${p}`,
  ]),
  // The key in the path is the webhook's credential (docs/api.md "Webhooks").
  'POST /api/v1/webhooks/:key',
  // The built UI's files (@fastify/static); they never contain the token.
  'GET /*',
  'HEAD /*',
  // Attune's login routes take their credential in the body (core/host/auth-routes.ts).
  ...PUBLIC_AUTH_ROUTES,
]);

export interface AccessOptions {
  token: string;
  /** Access tokens bought with the API token (Attune's login); each grants what the token does. */
  sessions?: SessionGrants | undefined;
  /** The address the listener is bound to (`--host`). */
  bindHost: string;
  /** More `Host` names to answer to (`--allowed-host`): `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[] | undefined;
  /** Tokens of running sensor processes, each with its scope (core/sensors/supervisor). */
  sensorTokens?: { lookup(token: string): SensorScope | null } | undefined;
  /** Store look-ups the sensor scope check needs. */
  scopeLookups?: ScopeLookups | undefined;
}

/** The sensor each request with a sensor token comes from (set by the access hook). */
const sensorCallers = new WeakMap<object, SensorScope>();

/** The sensor a request was sent by, if it carried a sensor token; else null. */
export function sensorCallerOf(req: object): SensorScope | null {
  return sensorCallers.get(req) ?? null;
}

interface HostName {
  /** Lower case; IPv6 literals keep their brackets. */
  name: string;
  port: number | null;
}

const HOST_RE = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::([0-9]{1,5}))?$/;

/** A Host header (or an allowed-host entry) split into name and port; null if malformed. */
export function parseHost(value: string): HostName | null {
  const m = HOST_RE.exec(value.toLowerCase());
  if (!m?.[1]) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65_535) return null;
  return { name: m[1], port };
}

function isIpLiteral(name: string): boolean {
  return name.startsWith('[') ? net.isIPv6(name.slice(1, -1)) : net.isIPv4(name);
}

/** The bind address as a Host names it (`::1` → `[::1]`). */
function hostForm(address: string): string {
  const a = address.toLowerCase();
  return net.isIPv6(a) ? `[${a}]` : a;
}

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || a === '::1' || (net.isIPv4(a) && a.startsWith('127.'));
}

/**
 * Which Host headers this listener answers to. Bound to loopback: `localhost`, `127.0.0.1`,
 * `[::1]` and the bind address, at the bound port. Bound beyond (LAN opt-in): also any IP literal
 * and the machine's name (`name`, `name.local`). Names from `allowedHosts` are accepted on either.
 */
export function hostChecker(o: Pick<AccessOptions, 'bindHost' | 'allowedHosts'>) {
  const loopback = isLoopback(o.bindHost);
  const own = new Set(['localhost', '127.0.0.1', '[::1]', hostForm(o.bindHost)]);
  if (!loopback) {
    const machine = os.hostname().toLowerCase();
    own.add(machine);
    if (!machine.includes('.')) own.add(`${machine}.local`);
  }
  const extra = (o.allowedHosts ?? []).map((entry) => {
    const parsed = parseHost(entry);
    if (!parsed) throw new Error(`--allowed-host "${entry}" is not a host name (name or name:port)`);
    return parsed;
  });
  return (header: string | undefined, localPort: number | undefined): boolean => {
    const h = header === undefined ? null : parseHost(header);
    if (!h) return false;
    const port = h.port ?? 80;
    if (extra.some((e) => e.name === h.name && (e.port === null || e.port === port))) return true;
    if (port !== localPort) return false;
    return own.has(h.name) || (!loopback && isIpLiteral(h.name));
  };
}

/** Whether `origin` (an Origin header) is the origin the request was addressed to (its Host). */
export function isSameOrigin(origin: string, hostHeader: string): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  // A browser sends the serialised origin exactly; anything else (a path, `null`) is not ours.
  if ((o.protocol !== 'http:' && o.protocol !== 'https:') || o.origin !== origin) return false;
  const h = parseHost(hostHeader);
  if (!h) return false;
  const defaultPort = o.protocol === 'https:' ? 443 : 80;
  return o.hostname === h.name && Number(o.port || defaultPort) === (h.port ?? defaultPort);
}

const BEARER_RE = /^bearer[ \t]+(\S+)[ \t]*$/i;
const WS_BEARER_RE = /^bearer\.(\S+)$/i;

/** The token a request presents: `Authorization: Bearer …` (any case), or `bearer.…` subprotocol. */
export function presentedToken(req: Pick<FastifyRequest, 'headers'>): string | null {
  const auth = req.headers.authorization;
  const m = auth === undefined ? null : BEARER_RE.exec(auth);
  if (m?.[1]) return m[1];
  // Browsers cannot set headers on a WebSocket: the token rides in the subprotocol list.
  for (const entry of req.headers['sec-websocket-protocol']?.split(',') ?? []) {
    const w = WS_BEARER_RE.exec(entry.trim());
    if (w?.[1]) return w[1];
  }
  return null;
}

/**
 * What a request's credential grants: `full` for the API token or an access token bought with
 * it, null for none. Every check — may it call the API, may it decrypt a key — asks this one
 * function; a narrower credential would get its own grant here and be refused where `full` is asked.
 */
export function grantOf(
  req: Pick<FastifyRequest, 'headers'>,
  o: Pick<AccessOptions, 'token' | 'sessions'>,
): 'full' | null {
  const given = presentedToken(req);
  if (given === null) return null;
  if (tokensEqual(given, o.token) || o.sessions?.isAccessToken(given) === true) return 'full';
  return null;
}

/** Whether the request may read encrypted key values (`GET /api/v1/keys/:ref?decrypt=true`). */
export function mayDecrypt(
  req: Pick<FastifyRequest, 'headers'>,
  o: Pick<AccessOptions, 'token' | 'sessions'>,
): boolean {
  return grantOf(req, o) === 'full';
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Why a request is turned away, as the HTTP answer says it. */
export interface Refusal {
  status: 401 | 403;
  code: ErrorCode;
  message: string;
}

/** The access decision for one routed request; null lets it through. */
export function decide(
  req: FastifyRequest,
  o: AccessOptions,
  hostAllowed: ReturnType<typeof hostChecker>,
): Refusal | null {
  const host = req.headers.host;
  if (host === undefined || !hostAllowed(host, req.socket.localPort)) {
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: 'the Host header is not a name this host answers to (see --allowed-host)',
    };
  }
  const upgrade = req.headers.upgrade !== undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && (upgrade || !SAFE_METHODS.has(req.method)) && !isSameOrigin(origin, host)) {
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: 'requests from other web pages are refused (Origin is not this host)',
    };
  }
  if (!upgrade && PUBLIC_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) return null;
  const grant = grantOf(req, o);
  const given = grant === null ? presentedToken(req) : null;
  const scope = given === null ? null : (o.sensorTokens?.lookup(given) ?? null);
  if (scope) {
    const refusal = upgrade
      ? `the token of sensor ${scope.sensorRef} may not open the WebSocket: rule changes reach a sensor by a restart`
      : scopeRefusal(
          scope,
          {
            method: req.method,
            route: req.routeOptions.url ?? '',
            params: (req.params ?? {}) as Record<string, unknown>,
            query: (req.query ?? {}) as Record<string, unknown>,
          },
          o.scopeLookups ?? { ruleTrigger: () => null, refById: () => null },
        );
    if (refusal !== null) return { status: 403, code: 'FORBIDDEN', message: refusal };
    sensorCallers.set(req, scope);
    return null;
  }
  if (grant === null) {
    return {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'missing or wrong API token (Authorization: Bearer <token>)',
    };
  }
  return null;
}

/** Adds the access hook to `app`; call it before any route or scoped plugin is registered. */
export function registerAccessControl(
  app: FastifyInstance,
  o: AccessOptions,
  send: (reply: FastifyReply, r: Refusal) => unknown,
): void {
  const hostAllowed = hostChecker(o);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    const refusal = decide(req, o, hostAllowed);
    // A refused caller's body is never read: close rather than drain it.
    if (refusal) return send(reply.header('connection', 'close'), refusal);
  });
}
