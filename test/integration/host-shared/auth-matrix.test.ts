/**
 * docs/security.md "Authentication and the local web" — every route the running host has
 * registered (read from the app, nested plugin scopes included) refuses a caller without the
 * token however the path is spelled: percent-encoded letters, encoded and doubled slashes, double
 * encoding, other case, dot segments, trailing slashes, `;` parameters, absolute-form targets.
 * Only health, webhooks and the UI's files are public; nothing is created or run on the way.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RegisteredRoute } from '../../../core/host/http-server.ts';
import { FIXTURE_PACKS, startTestHost } from '../../helpers/host.ts';
import { bearer, postLargeBody, rawRequest, rawUpgrade } from '../../helpers/raw-http.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** The routes anyone may call: the spec of what is public (everything else needs the token). */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'HEAD /api/v1/health',
  ...['/health', '/health/detailed', '/health/live', '/health/ready'].flatMap((p) => [
    `GET ${p}`,
    `HEAD ${p}`,
  ]),
  'POST /api/v1/webhooks/:key',
  'GET /*',
  'HEAD /*',
  // Attune's login routes: the credential is in the body (docs/security.md, "Keys and Attune login").
  'POST /auth/login',
  'POST /auth/token-login',
  'POST /auth/refresh',
  'GET /auth/settings',
]);

const json = { 'content-type': 'application/json' };

interface Variant {
  name: string;
  spell: (p: string, port: number) => string;
  /** The router decodes this spelling to the very same route: the answer must be 401. */
  sameRoute: boolean;
}

/** Ways to spell `/api/v1/<rest>` that a naive prefix check on the raw URL gets wrong. */
const VARIANTS: Variant[] = [
  { name: 'as registered', spell: (p) => p, sameRoute: true },
  { name: 'with a query', spell: (p) => `${p}?x=1`, sameRoute: true },
  { name: '%61pi', spell: (p) => p.replace('/api/', '/%61pi/'), sameRoute: true },
  { name: '%61%70%69 every letter', spell: (p) => p.replace('/api/', '/%61%70%69/'), sameRoute: true },
  { name: '%761', spell: (p) => p.replace('/v1/', '/%761/'), sameRoute: true },
  { name: 'absolute-form target', spell: (p, port) => `http://127.0.0.1:${port}${p}`, sameRoute: true },
  { name: '%2F slashes', spell: (p) => `/${p.slice(1).replaceAll('/', '%2F')}`, sameRoute: false },
  { name: '%2f after api', spell: (p) => p.replace('/api/', '/api%2f'), sameRoute: false },
  { name: 'double encoding %2561', spell: (p) => p.replace('/api/', '/%2561pi/'), sameRoute: false },
  { name: 'upper case /API/V1', spell: (p) => p.replace('/api/v1/', '/API/V1/'), sameRoute: false },
  { name: 'upper case /API/v1', spell: (p) => p.replace('/api/', '/API/'), sameRoute: false },
  { name: 'leading //', spell: (p) => `/${p}`, sameRoute: false },
  { name: 'doubled // inside', spell: (p) => p.replace('/v1/', '/v1//'), sameRoute: false },
  { name: '/./ prefix', spell: (p) => `/.${p}`, sameRoute: false },
  { name: '/x/../ prefix', spell: (p) => `/x/..${p}`, sameRoute: false },
  { name: '%2e segment', spell: (p) => p.replace('/v1/', '/v1/%2e/'), sameRoute: false },
  { name: '%2e%2e segment', spell: (p) => p.replace('/v1/', '/v1/x/%2e%2e/'), sameRoute: false },
  { name: 'trailing slash', spell: (p) => `${p}/`, sameRoute: false },
  { name: ';jsessionid', spell: (p) => `${p};jsessionid=x`, sameRoute: false },
  { name: 'encoded ;', spell: (p) => `${p}%3Bx`, sameRoute: false },
];

/** A concrete path for a pattern: pack routes name an installed pack, the rest a real rule. */
function fill(url: string): string {
  const packRoute = url.startsWith('/api/v1/packs/');
  return url
    .replace(':ref', packRoute ? 'testkit' : 'local.victim')
    .replace(':id', '1')
    .replace(':key', 'k')
    .replace('*', 'index.html');
}

test('only health, webhooks and the UI files answer without the token; the list comes from the app', async (t) => {
  const ui = tempDir(t);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  const host = await startTestHost(t, { ui });
  const keys = host.routes.map((r) => `${r.method} ${r.url}`);
  // The nested scopes (multipart pack routes, raw-body webhooks) and the WebSocket are listed.
  for (const k of ['POST /api/v1/packs/import', 'POST /api/v1/webhooks/:key', 'GET /api/v1/ws', 'GET /*'])
    assert.ok(keys.includes(k), `${k} is among the registered routes`);
  const port = Number(new URL(host.url).port);
  for (const r of host.routes) {
    const res = await rawRequest({ port, method: r.method, path: fill(r.url), body: '{}', headers: json });
    const key = `${r.method} ${r.url}`;
    if (PUBLIC.has(key)) assert.notEqual(res.status, 401, `${key} is public`);
    else assert.equal(res.status, 401, `${key} needs the token: ${res.body}`);
  }
});

test('no spelling of a protected path gets past the token, and nothing is created or run', async (t) => {
  const ui = tempDir(t);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  const host = await startTestHost(t, { ui, packs: ['testkit'] });
  const port = Number(new URL(host.url).port);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'victim' })).status, 201);
  const rule = { ref: 'victim', trigger_ref: 'local.victim', action_ref: 'core.noop' };
  assert.equal((await host.api('POST', '/api/v1/rules', rule)).status, 201);

  const marker = path.join(tempDir(t), 'ran');
  const exported = path.join(tempDir(t), 'export.tar.gz');
  const bodies: Record<string, unknown> = {
    '/api/v1/executions/execute': { action_ref: 'core.shell', parameters: { cmd: `touch ${marker}` } },
    '/api/v1/rules': {
      ref: 'pwned',
      trigger_ref: 'local.victim',
      action_ref: 'core.shell',
      action_params: { cmd: `touch ${marker}` },
    },
    '/api/v1/triggers': { ref: 'pwned' },
    '/api/v1/rules/:ref': { enabled: false },
    '/api/v1/packs/import': { path: path.join(FIXTURE_PACKS, 'demo') },
    '/api/v1/packs/upload': { path: path.join(FIXTURE_PACKS, 'demo') },
    '/api/v1/packs/export': { pack: 'testkit', path: exported },
  };
  const isPublic = (r: RegisteredRoute) => PUBLIC.has(`${r.method} ${r.url}`);
  const protectedRoutes = host.routes.filter((r) => !isPublic(r));
  assert.ok(protectedRoutes.length >= 40, `${protectedRoutes.length} protected routes found`);

  const failures: string[] = [];
  for (const r of protectedRoutes) {
    const body = JSON.stringify(bodies[r.url] ?? {});
    for (const v of VARIANTS) {
      const target = v.spell(fill(r.url), port);
      const res = await rawRequest({ port, method: r.method, path: target, body, headers: json });
      // A spelling the router does not take to this route may land on the UI's static files
      // (GET/HEAD), which answer 404, or 400/403 for a path they refuse to resolve.
      const refused = [401, 404, ...(r.method === 'GET' || r.method === 'HEAD' ? [400, 403] : [])];
      const ok = v.sameRoute ? res.status === 401 : refused.includes(res.status);
      if (!ok) failures.push(`${r.method} ${target} (${v.name}) → ${res.status} ${res.body.slice(0, 120)}`);
    }
  }
  assert.deepEqual(failures, []);

  // With the token the same requests are answered: the refusals above were the token's doing.
  const rules = await rawRequest({
    port,
    method: 'GET',
    path: '/%61pi/v1/rules',
    headers: bearer(host.token),
  });
  assert.equal(rules.status, 200);

  // Nothing happened on the way.
  assert.equal(fs.existsSync(marker), false, 'no command ran');
  assert.equal(fs.existsSync(exported), false, 'no export was written');
  const executions = await host.api<{ items: unknown[] }>('GET', '/api/v1/executions');
  assert.deepEqual(executions.body.items, []);
  const ruleRefs = await host.api<{ items: Array<{ ref: string; enabled: boolean }> }>(
    'GET',
    '/api/v1/rules',
  );
  assert.deepEqual(
    ruleRefs.body.items.map((x) => [x.ref, x.enabled]),
    [['local.victim', true]],
  );
  const triggers = await host.api<{ data: { webhook_enabled: boolean } }>(
    'GET',
    '/api/v1/triggers/local.victim',
  );
  assert.equal(triggers.body.data.webhook_enabled, false);
  assert.equal((await host.api('GET', '/api/v1/triggers/local.pwned')).status, 404);
  const packs = await host.api<{ items: Array<{ ref: string }> }>('GET', '/api/v1/packs');
  assert.deepEqual(packs.body.items.map((p) => p.ref).sort(), ['core', 'local', 'testkit']);
});

test('a path under /api that matches no route needs the token too, then is a plain 404', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  for (const method of ['GET', 'POST', 'DELETE', 'OPTIONS']) {
    for (const p of ['/api/v1/nope', '/%61pi/v1/nope', '/api/v2/rules', '/api/v1/rules/a/b/c']) {
      const anon = await rawRequest({ port, method, path: p });
      assert.equal(anon.status, 401, `${method} ${p} without the token`);
      const authed = await rawRequest({ port, method, path: p, headers: bearer(host.token) });
      assert.equal(authed.status, 404, `${method} ${p} with the token`);
    }
  }
});

test('the WebSocket refuses an upgrade without the token on every spelling of its path', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const paths = VARIANTS.map((v) => ({ v, p: v.spell('/api/v1/ws', port) }));
  paths.push({ v: VARIANTS[0] as Variant, p: '/api/v1/w%73' });
  for (const { v, p } of paths) {
    const res = await rawUpgrade({ port, path: p });
    assert.notEqual(res.status, 101, `upgrade on ${p} (${v.name})`);
    if (v.sameRoute) assert.equal(res.status, 401, `upgrade on ${p} (${v.name})`);
  }
  const withToken = await rawUpgrade({
    port,
    path: '/%61pi/v1/ws',
    headers: { 'sec-websocket-protocol': `attune.v1, bearer.${host.token}` },
  });
  assert.equal(withToken.status, 101, 'the token opens it');
});

test('the Authorization scheme is case-insensitive; a wrong token or scheme is still refused', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const get = (authorization: string) =>
    rawRequest({ port, method: 'GET', path: '/api/v1/rules', headers: { authorization } });
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
    assert.equal((await get(`${scheme} ${host.token}`)).status, 200, scheme);
  assert.equal((await get(`bearer  ${host.token}`)).status, 200, 'extra spaces');
  assert.equal((await get(`Basic ${host.token}`)).status, 401);
  assert.equal((await get(`bearer ${host.token}x`)).status, 401);
  assert.equal((await get(`bearer${host.token}`)).status, 401);
  assert.equal((await get('bearer')).status, 401);
});

test('a refused caller is answered before its body is read, and the connection is closed', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const total = 60 * 1024 * 1024;
  const packRefs = async () =>
    (await host.api<{ items: { ref: string }[] }>('GET', '/api/v1/packs')).body.items.map((p) => p.ref);
  const before = await packRefs();
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no token', {}, /^HTTP\/1\.1 401 /],
    [
      'foreign origin with the token',
      { ...bearer(host.token), Origin: 'http://evil.example' },
      /^HTTP\/1\.1 403 /,
    ],
  ];
  for (const [what, headers, status] of cases) {
    const r = await postLargeBody(`${host.url}/api/v1/packs/upload`, total, headers);
    assert.match(r.head, status, what);
    assert.match(r.head, /\r\nconnection: close\r\n/i, what);
    assert.ok(r.writtenWhenAnswered >= 0 && r.writtenWhenAnswered < total, `${what}: answered mid-body`);
  }
  assert.deepEqual(await packRefs(), before, 'no pack installed');
});
