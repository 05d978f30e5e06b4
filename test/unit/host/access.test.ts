/**
 * docs/security.md, "Authentication and the local web" — who may use the headless host: the Host
 * header must be one of the host's own names at its port; a present Origin must be the request's
 * own on anything but a plain GET/HEAD; a route off the public list, or any upgrade, needs the
 * token (`Authorization: Bearer …` or a `bearer.…` WebSocket subprotocol). The decision is a
 * function of the request's headers, method, matched route and local port, so these tests hand
 * it those fields; the hook itself runs in a real fastify app through `inject` (no listener).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import Fastify, { type FastifyRequest } from 'fastify';
import {
  type AccessOptions,
  decide,
  hostChecker,
  isLoopback,
  isSameOrigin,
  parseHost,
  presentedToken,
  registerAccessControl,
} from '../../../core/host/access.ts';

const PORT = 8123;
const TOKEN = 'tok-123';
const OPTIONS: AccessOptions = { token: TOKEN, bindHost: '127.0.0.1' };

type Fields = {
  method?: string;
  url?: string | undefined;
  headers?: Record<string, string>;
  localPort?: number;
};
/** The request fields `decide` reads. */
function request(f: Fields = {}): FastifyRequest {
  return {
    method: f.method ?? 'GET',
    routeOptions: { url: 'url' in f ? f.url : '/api/v1/rules' },
    headers: { host: `localhost:${PORT}`, ...f.headers },
    socket: { localPort: f.localPort ?? PORT },
  } as unknown as FastifyRequest;
}
const decideFor = (f: Fields, o: AccessOptions = OPTIONS) => decide(request(f), o, hostChecker(o));

const BAD_HOST = {
  status: 403,
  code: 'FORBIDDEN',
  message: 'the Host header is not a name this host answers to (see --allowed-host)',
};
const CROSS_ORIGIN = {
  status: 403,
  code: 'FORBIDDEN',
  message: 'requests from other web pages are refused (Origin is not this host)',
};
const NO_TOKEN = {
  status: 401,
  code: 'UNAUTHORIZED',
  message: 'missing or wrong API token (Authorization: Bearer <token>)',
};
const BEARER = { authorization: `Bearer ${TOKEN}` };

test('a Host header splits into a lower-case name and an optional port', () => {
  assert.deepEqual(parseHost('LocalHost:8080'), { name: 'localhost', port: 8080 });
  assert.deepEqual(parseHost('example.com'), { name: 'example.com', port: null });
  assert.deepEqual(parseHost('a'), { name: 'a', port: null });
  assert.deepEqual(parseHost('[::1]:80'), { name: '[::1]', port: 80 });
  assert.deepEqual(parseHost('[FE80::1]'), { name: '[fe80::1]', port: null });
  assert.deepEqual(parseHost('10.0.0.1:65535'), { name: '10.0.0.1', port: 65535 });
  assert.deepEqual(parseHost('my-host.lan:1'), { name: 'my-host.lan', port: 1 });
});

test('a malformed Host header or one with a port above 65535 is no host', () => {
  for (const bad of [
    '',
    'localhost:65536',
    'localhost:123456',
    'localhost:',
    ':80',
    '-host',
    'host-',
    '.host',
    'ex ample.com',
    'evil.com/x',
    'user@localhost',
    '[::1',
    '::1',
    '[zz::1]',
    'localhost:80:80',
    'localhost:8o',
  ]) {
    assert.equal(parseHost(bad), null, JSON.stringify(bad));
  }
});

test('loopback is localhost, ::1 and 127.0.0.0/8, in any case', () => {
  for (const a of ['localhost', 'LOCALHOST', '::1', '127.0.0.1', '127.9.8.7'])
    assert.equal(isLoopback(a), true, a);
  for (const a of [
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '1.127.0.0',
    '127.example.com',
    'localhost.evil',
  ]) {
    assert.equal(isLoopback(a), false, a);
  }
});

test('bound to loopback, the host answers to localhost, 127.0.0.1, [::1] and its bind address at its port only', () => {
  const allowed = hostChecker({ bindHost: '127.0.0.2' });
  for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', '127.0.0.2']) {
    assert.equal(allowed(`${h}:${PORT}`, PORT), true, h);
    assert.equal(allowed(`${h}:${PORT + 1}`, PORT), false, `${h} at another port`);
  }
  assert.equal(allowed('localhost', PORT), false, 'no port means 80');
  assert.equal(allowed('localhost', 80), true, 'no port means 80');
  for (const h of [
    '10.0.0.1',
    '[fe80::1]',
    os.hostname(),
    `${os.hostname()}.local`,
    'evil.com',
    '127.0.0.3',
  ]) {
    assert.equal(allowed(`${h}:${PORT}`, PORT), false, h);
  }
  assert.equal(allowed(undefined, PORT), false);
  assert.equal(allowed('local host', PORT), false);
  assert.equal(allowed(`localhost:${PORT}`, undefined), false, 'a socket without a port matches nothing');
});

test('bound beyond loopback, the host also answers to any IP literal and to the machine name', () => {
  const allowed = hostChecker({ bindHost: '0.0.0.0' });
  const machine = os.hostname().toLowerCase();
  const names = ['localhost', '0.0.0.0', '10.1.2.3', '[fe80::1]', machine];
  if (!machine.includes('.')) names.push(`${machine}.local`);
  for (const h of names) assert.equal(allowed(`${h}:${PORT}`, PORT), true, h);
  for (const h of ['evil.com', `${machine}.evil.com`, '[zz]', '999.1.1.1']) {
    assert.equal(allowed(`${h}:${PORT}`, PORT), false, h);
  }
  assert.equal(allowed(`10.1.2.3:${PORT + 1}`, PORT), false, 'at its port only');
});

test('allowed hosts are accepted at any port, or only at the port they name', () => {
  const allowed = hostChecker({
    bindHost: '127.0.0.1',
    allowedHosts: ['Attune.Example', 'other.example:8443'],
  });
  assert.equal(allowed('attune.example:1234', PORT), true);
  assert.equal(allowed('attune.example', PORT), true);
  assert.equal(allowed('other.example:8443', PORT), true);
  assert.equal(allowed(`other.example:${PORT}`, PORT), false);
  assert.equal(allowed('other.example', PORT), false, 'no port means 80');
  assert.equal(allowed('sub.attune.example:1234', PORT), false);
});

test('a malformed allowed host is refused up front with the entry named', () => {
  assert.throws(() => hostChecker({ bindHost: '127.0.0.1', allowedHosts: ['ok.example', 'bad host'] }), {
    message: '--allowed-host "bad host" is not a host name (name or name:port)',
  });
});

test('an Origin is the same origin when scheme, name and port (with defaults) match the Host', () => {
  assert.equal(isSameOrigin('http://localhost:8080', 'localhost:8080'), true);
  assert.equal(isSameOrigin('http://localhost', 'localhost'), true);
  assert.equal(isSameOrigin('http://localhost', 'localhost:80'), true);
  assert.equal(isSameOrigin('http://localhost:80', 'localhost'), false, 'not the serialised origin');
  assert.equal(isSameOrigin('https://localhost', 'localhost:443'), true);
  assert.equal(
    isSameOrigin('https://localhost', 'localhost'),
    true,
    "a Host without a port has the scheme's",
  );
  assert.equal(isSameOrigin('https://localhost', 'localhost:80'), false, '443 is not 80');
  assert.equal(isSameOrigin('http://localhost', 'localhost:443'), false);
  assert.equal(isSameOrigin('http://[::1]:8080', '[::1]:8080'), true);
  assert.equal(isSameOrigin('http://localhost:8080', 'LOCALHOST:8080'), true);
});

test('an Origin on another name or port, not serialised exactly, or not http(s) is not the same', () => {
  for (const [origin, host] of [
    ['http://evil.com:8080', 'localhost:8080'],
    ['http://localhost:8081', 'localhost:8080'],
    ['http://localhost:8080/', 'localhost:8080'],
    ['HTTP://localhost:8080', 'localhost:8080'],
    ['null', 'localhost:8080'],
    ['', 'localhost:8080'],
    ['ftp://localhost:8080', 'localhost:8080'],
    ['file://localhost', 'localhost'],
    ['http://localhost:8080', 'bad host'],
  ] as const) {
    assert.equal(isSameOrigin(origin, host), false, `${origin} vs ${host}`);
  }
});

test('the token is read from Authorization: Bearer in any case, else from a bearer.* subprotocol', () => {
  const from = (headers: Record<string, string>) => presentedToken({ headers });
  assert.equal(from({ authorization: 'Bearer abc' }), 'abc');
  assert.equal(from({ authorization: 'BEARER \t abc \t' }), 'abc');
  assert.equal(from({ 'sec-websocket-protocol': 'attune.v1, bearer.abc' }), 'abc');
  assert.equal(from({ 'sec-websocket-protocol': 'Bearer.abc,attune.v1' }), 'abc');
  assert.equal(from({ authorization: 'Basic abc', 'sec-websocket-protocol': 'bearer.ws' }), 'ws');
  assert.equal(from({ authorization: 'Bearer hdr', 'sec-websocket-protocol': 'bearer.ws' }), 'hdr');
});

test('anything else presents no token', () => {
  const from = (headers: Record<string, string>) => presentedToken({ headers });
  for (const authorization of [
    'Bearerabc',
    'Bearer a b',
    'Bearer ',
    'Basic abc',
    'x Bearer abc',
    'Bearer\nabc',
  ]) {
    assert.equal(from({ authorization }), null, authorization);
  }
  for (const protocols of ['bearer.', 'bearer', 'attune.v1', 'xbearer.abc', 'bearer.a b', 'bearer-abc']) {
    assert.equal(from({ 'sec-websocket-protocol': protocols }), null, protocols);
  }
  assert.equal(from({}), null);
});

test('a request with no Host, or a Host that is not ours, is refused before anything else', () => {
  assert.deepEqual(
    decide(request({ headers: BEARER, url: '/api/v1/health' }), OPTIONS, () => false),
    BAD_HOST,
  );
  const noHost = request({ headers: BEARER });
  delete (noHost.headers as Record<string, unknown>)['host'];
  assert.deepEqual(
    decide(noHost, OPTIONS, () => true),
    BAD_HOST,
  );
  assert.deepEqual(decideFor({ headers: { host: `evil.com:${PORT}`, ...BEARER } }), BAD_HOST);
  assert.deepEqual(
    decideFor({ headers: BEARER, localPort: PORT + 1 }),
    BAD_HOST,
    'the Host names another port',
  );
});

test('a write from another origin is refused even with the token; a plain read is not', () => {
  const evil = { origin: 'http://evil.com', ...BEARER };
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
    assert.deepEqual(decideFor({ method, headers: evil }), CROSS_ORIGIN, method);
  }
  assert.equal(decideFor({ method: 'GET', headers: evil }), null);
  assert.equal(decideFor({ method: 'HEAD', headers: evil }), null);
  assert.deepEqual(decideFor({ method: 'GET', headers: { ...evil, upgrade: 'websocket' } }), CROSS_ORIGIN);
  assert.deepEqual(
    decideFor({ method: 'POST', url: '/api/v1/webhooks/:key', headers: { origin: 'http://evil.com' } }),
    CROSS_ORIGIN,
    'a public route too',
  );
});

test('a write from the same origin or with no Origin goes on to the token check', () => {
  const same = { origin: `http://localhost:${PORT}` };
  assert.equal(decideFor({ method: 'POST', headers: { ...same, ...BEARER } }), null);
  assert.equal(decideFor({ method: 'POST', headers: BEARER }), null);
  assert.deepEqual(decideFor({ method: 'POST', headers: same }), NO_TOKEN);
});

test('public routes need no token; every other route, an unmatched one or an upgrade does', () => {
  for (const [method, url] of [
    ['GET', '/api/v1/health'],
    ['HEAD', '/api/v1/health'],
    ['POST', '/api/v1/webhooks/:key'],
    ['GET', '/*'],
    ['HEAD', '/*'],
  ] as const) {
    assert.equal(decideFor({ method, url }), null, `${method} ${url}`);
  }
  for (const [method, url] of [
    ['POST', '/api/v1/health'],
    ['GET', '/api/v1/webhooks/:key'],
    ['GET', '/api/v1/rules'],
    ['GET', undefined],
    ['GET', '/api/v1/health/'],
  ] as const) {
    assert.deepEqual(decideFor({ method, url }), NO_TOKEN, `${method} ${url}`);
  }
  assert.deepEqual(decideFor({ url: '/*', headers: { upgrade: 'websocket' } }), NO_TOKEN, 'upgrade');
  assert.equal(decideFor({ url: '/*', headers: { upgrade: 'websocket', ...BEARER } }), null);
});

test('only exactly the token lets a private route through', () => {
  for (const given of [TOKEN.toUpperCase(), `${TOKEN}x`, TOKEN.slice(1), 'other']) {
    assert.deepEqual(decideFor({ headers: { authorization: `Bearer ${given}` } }), NO_TOKEN, given);
  }
  assert.equal(decideFor({ headers: BEARER }), null);
  assert.equal(decideFor({ headers: { 'sec-websocket-protocol': `attune.v1, bearer.${TOKEN}` } }), null);
});

test('the hook answers refusals through `send` with Connection: close and marks every answer nosniff', async (t) => {
  const app = Fastify();
  t.after(() => app.close());
  // inject's socket has no local port, so the test names its host as an allowed host (any port).
  registerAccessControl(app, { ...OPTIONS, allowedHosts: ['attune.test'] }, (reply, r) =>
    reply.code(r.status).send({ refused: r.code }),
  );
  app.get('/api/v1/health', async () => ({ ok: true }));
  app.get('/api/v1/rules', async () => ({ rules: [] }));
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ url, headers: { host: 'attune.test', ...headers } });

  const open = await get('/api/v1/health');
  assert.equal(open.statusCode, 200);
  assert.equal(open.headers['x-content-type-options'], 'nosniff');
  assert.notEqual(open.headers.connection, 'close');

  const refused = await get('/api/v1/rules');
  assert.equal(refused.statusCode, 401);
  assert.deepEqual(refused.json(), { refused: 'UNAUTHORIZED' });
  assert.equal(refused.headers.connection, 'close');
  assert.equal(refused.headers['x-content-type-options'], 'nosniff');

  const allowed = await get('/api/v1/rules', BEARER);
  assert.equal(allowed.statusCode, 200);
  assert.deepEqual(allowed.json(), { rules: [] });

  const wrongHost = await app.inject({ url: '/api/v1/health', headers: { host: 'evil.test' } });
  assert.equal(wrongHost.statusCode, 403);
  assert.deepEqual(wrongHost.json(), { refused: 'FORBIDDEN' });
});
