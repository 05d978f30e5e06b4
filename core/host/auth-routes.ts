/**
 * Attune's login routes for the one local user (docs/security.md, "Keys and Attune login"), so
 * Attune's CLI and SDK can log in to this host: `POST /auth/login` (the password is the API
 * token), `POST /auth/token-login` (the API token buys an access token), `POST /auth/refresh`,
 * `GET /auth/settings` and `GET /auth/me`. Access tokens are random, short-lived, kept in memory
 * only (a restart ends every session) and grant exactly what the API token grants — never more.
 * Refresh tokens buy a new pair and nothing else; each works once.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../schedule/clock.ts';
import { tokensEqual } from './api-token.ts';

/** Attune's default access-token lifetime. */
export const ACCESS_TOKEN_TTL_S = 3600;
export const REFRESH_TOKEN_TTL_S = 7 * 24 * 3600;

/** The credentials a request may present besides the API token itself. */
export interface SessionGrants {
  /** True for an access token this host issued that has not expired. */
  isAccessToken(token: string): boolean;
}

const ACCESS_PREFIX = 'at_';
const REFRESH_PREFIX = 'rt_';

function digest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** Attune's `TokenResponse`. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: { id: number; login: string; display_name: string };
}

/** The one local user, as Attune's `UserInfo` names it. */
export function localUser(): TokenPair['user'] {
  let login = 'local';
  try {
    login = os.userInfo().username || login;
  } catch {
    // No passwd entry (a container): the generic name.
  }
  return { id: 1, login, display_name: 'Local user' };
}

/** Issued tokens by digest with their expiry; only digests are kept, never the tokens. */
export class SessionTokens implements SessionGrants {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  issue(): TokenPair {
    this.prune();
    const now = this.clock.now();
    const access = ACCESS_PREFIX + crypto.randomBytes(32).toString('base64url');
    const refresh = REFRESH_PREFIX + crypto.randomBytes(32).toString('base64url');
    this.access.set(digest(access), now + ACCESS_TOKEN_TTL_S * 1000);
    this.refresh.set(digest(refresh), now + REFRESH_TOKEN_TTL_S * 1000);
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      user: localUser(),
    };
  }

  isAccessToken(token: string): boolean {
    return this.expiryOf(token) !== null;
  }

  /** When a live access token expires (ms since the epoch); null for anything else. */
  expiryOf(token: string): number | null {
    if (!token.startsWith(ACCESS_PREFIX)) return null;
    const until = this.access.get(digest(token));
    return until !== undefined && this.clock.now() < until ? until : null;
  }

  /** A new pair for a live refresh token, which is used up; null for anything else. */
  exchange(refreshToken: string): TokenPair | null {
    if (!refreshToken.startsWith(REFRESH_PREFIX)) return null;
    const key = digest(refreshToken);
    const until = this.refresh.get(key);
    if (until === undefined || this.clock.now() >= until) return null;
    this.refresh.delete(key);
    return this.issue();
  }

  private prune(): void {
    const now = this.clock.now();
    for (const m of [this.access, this.refresh]) for (const [k, until] of m) if (until <= now) m.delete(k);
  }
}

/** The auth routes anyone may call (they take a credential in the body instead). */
export const PUBLIC_AUTH_ROUTES = [
  'POST /auth/login',
  'POST /auth/token-login',
  'POST /auth/refresh',
  'GET /auth/settings',
] as const;

const LoginBody = z.strictObject({
  login: z.string().min(1).max(255),
  password: z.string().min(1).max(4096),
});
const TokenLoginBody = z.strictObject({ token: z.string().min(1).max(4096) });
const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(4096) });

type Send = (status: number, code: string, message: string, field?: string) => unknown;

/** Registers /auth/*; `apiToken` is the host's API token, the local user's only secret. */
export function registerAuthRoutes(app: FastifyInstance, apiToken: string, sessions: SessionTokens): void {
  const refuse =
    (reply: { code(n: number): { send(b: unknown): unknown } }): Send =>
    (status, code, message, field) =>
      reply
        .code(status)
        .send(field ? { error: message, code, details: { field } } : { error: message, code });
  const parse = <T>(schema: z.ZodType<T>, body: unknown, send: Send): T | null => {
    const r = schema.safeParse(body ?? {});
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    send(400, 'VALIDATION_ERROR', `${field || 'body'}: ${issue?.message ?? 'invalid'}`, field || undefined);
    return null;
  };

  app.post('/auth/login', async (req, reply) => {
    const send = refuse(reply);
    const body = parse(LoginBody, req.body, send);
    if (!body) return reply;
    // One local user: any login name, the API token as password (docs/security.md).
    if (!tokensEqual(body.password, apiToken)) return send(401, 'UNAUTHORIZED', 'Invalid login or password');
    return { data: sessions.issue() };
  });

  app.post('/auth/token-login', async (req, reply) => {
    const send = refuse(reply);
    const body = parse(TokenLoginBody, req.body, send);
    if (!body) return reply;
    if (!tokensEqual(body.token, apiToken)) return send(401, 'UNAUTHORIZED', 'Invalid token');
    return { data: sessions.issue() };
  });

  app.post('/auth/refresh', async (req, reply) => {
    const send = refuse(reply);
    const body = parse(RefreshBody, req.body, send);
    if (!body) return reply;
    const pair = sessions.exchange(body.refresh_token);
    if (!pair) return send(401, 'UNAUTHORIZED', 'Invalid or expired refresh token');
    return { data: pair };
  });

  app.get('/auth/settings', async () => ({
    data: {
      authentication_enabled: true,
      local_password_enabled: true,
      local_password_visible_by_default: true,
      oidc_enabled: false,
      oidc_visible_by_default: false,
      ldap_enabled: false,
      ldap_visible_by_default: false,
      self_registration_enabled: false,
    },
  }));

  // Behind the token like every route not listed public (core/host/access.ts).
  app.get('/auth/me', async () => {
    const user = localUser();
    return {
      data: {
        ...user,
        auth_provider: 'local',
        is_local: true,
        can_change_password: false,
        effective_permissions: [],
        assigned_permission_set_refs: [],
      },
    };
  });
}
