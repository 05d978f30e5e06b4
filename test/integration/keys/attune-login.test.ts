/**
 * docs/security.md, "Keys and Attune login" — Attune's CLI and SDK log in to this host the way
 * they log in to Attune: `POST /auth/login` with the API token as the password, `POST
 * /auth/token-login` with the API token, `POST /auth/refresh` with a refresh token, each answering
 * Attune's TokenResponse inside `{data}`. Access tokens work like the API token until they
 * expire; nothing else opens the API.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

type Body = Record<string, unknown>;
interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  user?: { id: number; login: string };
}

/** A request with no credential but the one given (or none). */
async function call(host: TestHost, method: string, p: string, body?: unknown, bearer?: string) {
  const res = await fetch(`${host.url}${p}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
}

const tokensOf = (r: { body: Body }) => r.body.data as Tokens;

test('login with the API token as password buys an access token that works like the API token', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/keys', {
    ref: 'pw',
    owner_type: 'system',
    name: 'pw',
    value: 'sekrit-1',
    encrypted: true,
  });
  const settings = await call(host, 'GET', '/auth/settings');
  assert.equal(settings.status, 200);
  assert.equal((settings.body.data as Body).local_password_enabled, true);

  const login = await call(host, 'POST', '/auth/login', { login: 'me', password: host.token });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const pair = tokensOf(login);
  assert.equal(pair.token_type, 'Bearer');
  assert.equal(pair.expires_in, 3600);
  assert.equal(typeof pair.refresh_token, 'string');
  assert.equal(pair.user?.id, 1);
  assert.equal((await call(host, 'GET', '/api/v1/keys', undefined, pair.access_token)).status, 200);
  const opened = await call(host, 'GET', '/api/v1/keys/pw?decrypt=true', undefined, pair.access_token);
  assert.equal(
    (opened.body.data as Body).value,
    'sekrit-1',
    'an access token may decrypt as the API token may',
  );
  const me = await call(host, 'GET', '/auth/me', undefined, pair.access_token);
  assert.equal(me.status, 200);
  assert.equal((me.body.data as Body).is_local, true);

  const tokenLogin = await call(host, 'POST', '/auth/token-login', { token: host.token });
  assert.equal(tokenLogin.status, 200);
  assert.notEqual(tokensOf(tokenLogin).access_token, pair.access_token);
});

test('a wrong password, a wrong token and malformed bodies are refused; an access token buys nothing more', async (t) => {
  const host = await startTestHost(t);
  const wrong = await call(host, 'POST', '/auth/login', { login: 'me', password: `${host.token}x` });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, 'Invalid login or password');
  const missing = await call(host, 'POST', '/auth/login', { login: 'me' });
  assert.equal(missing.status, 400);
  assert.equal((missing.body.details as Body).field, 'password');
  assert.equal((await call(host, 'POST', '/auth/token-login', { token: 'guess' })).status, 401);
  const pair = tokensOf(await call(host, 'POST', '/auth/token-login', { token: host.token }));
  assert.equal(
    (await call(host, 'POST', '/auth/token-login', { token: pair.access_token })).status,
    401,
    'an access token cannot buy another',
  );
  assert.equal(
    (await call(host, 'POST', '/auth/login', { login: 'me', password: pair.access_token })).status,
    401,
  );
  assert.equal(
    (await call(host, 'GET', '/api/v1/keys', undefined, pair.refresh_token)).status,
    401,
    'a refresh token opens nothing',
  );
  assert.equal(
    (await call(host, 'GET', '/api/v1/keys', undefined, `at_${'A'.repeat(43)}`)).status,
    401,
    'a forged token',
  );
  assert.equal((await call(host, 'GET', '/auth/me')).status, 401);
});

test('refresh trades a refresh token once for a new pair; expired tokens are refused', async (t) => {
  const clock = new SimClock('2026-12-07T08:00:00Z');
  const host = await startTestHost(t, { clock });
  const first = tokensOf(await call(host, 'POST', '/auth/login', { login: 'me', password: host.token }));
  const refreshed = await call(host, 'POST', '/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(refreshed.status, 200);
  const second = tokensOf(refreshed);
  assert.equal((await call(host, 'GET', '/api/v1/keys', undefined, second.access_token)).status, 200);
  const reused = await call(host, 'POST', '/auth/refresh', { refresh_token: first.refresh_token });
  assert.equal(reused.status, 401, 'a refresh token works once');
  assert.equal(
    (await call(host, 'POST', '/auth/refresh', { refresh_token: second.access_token })).status,
    401,
  );

  clock.advance(3600 * 1000);
  assert.equal(
    (await call(host, 'GET', '/api/v1/keys', undefined, second.access_token)).status,
    401,
    'an access token expires after expires_in seconds',
  );
  const third = await call(host, 'POST', '/auth/refresh', { refresh_token: second.refresh_token });
  assert.equal(third.status, 200, 'the refresh token outlives the access token');
  assert.equal(
    (await call(host, 'GET', '/api/v1/keys', undefined, tokensOf(third).access_token)).status,
    200,
  );

  clock.advance(7 * 24 * 3600 * 1000);
  assert.equal(
    (await call(host, 'POST', '/auth/refresh', { refresh_token: tokensOf(third).refresh_token })).status,
    401,
    'an expired refresh token is refused',
  );
});
