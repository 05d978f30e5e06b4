/**
 * docs/security.md "Authentication and the local web" — web pages in the user's browser cannot
 * use the local host: a `Host` that is not one of the host's own names is refused for the API
 * and the UI alike (DNS rebinding); a foreign `Origin` cannot change anything or open the
 * WebSocket, even with the token; no CORS grant is ever given. On a LAN bind, IP literals, the
 * machine's name and the names the user allowed are accepted.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { bearer, type RawResponse, rawRequest, rawUpgrade } from '../../helpers/raw-http.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const json = { 'content-type': 'application/json' };

function uiFolder(t: Parameters<typeof tempDir>[0]): string {
  const ui = tempDir(t);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  return ui;
}

async function withWebhook(host: TestHost): Promise<string> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'hook' })).status, 201);
  const r = await host.api<{ data: { webhook_key: string } }>(
    'POST',
    '/api/v1/triggers/local.hook/webhooks/enable',
    {},
  );
  return r.body.data.webhook_key;
}

/** The requests a page would try: API reads and writes, the UI, health and a webhook. */
function probes(port: number, token: string, key: string) {
  return [
    { method: 'GET', path: '/api/v1/rules', headers: bearer(token) },
    {
      method: 'POST',
      path: '/api/v1/triggers',
      headers: { ...bearer(token), ...json },
      body: '{"ref":"t2"}',
    },
    { method: 'GET', path: '/api/v1/health' },
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/index.html' },
    { method: 'POST', path: `/api/v1/webhooks/${key}`, headers: json, body: '{"payload":{}}' },
  ].map((p) => ({ port, ...p }));
}

function contentOf(r: RawResponse): string {
  return `${r.status} ${r.body.slice(0, 160)}`;
}

test('a Host that is not the host’s own name is refused for the API and the UI, even with the token', async (t) => {
  const host = await startTestHost(t, { ui: uiFolder(t) });
  const port = Number(new URL(host.url).port);
  const key = await withWebhook(host);
  const foreign = [
    `evil.example:${port}`,
    'attacker.com',
    `attacker.com:${port}`,
    `localhost.attacker.com:${port}`,
    `127.0.0.1.nip.io:${port}`,
    `127.0.0.1:${port}@evil.example`,
    `evil.example/127.0.0.1:${port}`,
    `192.168.1.10:${port}`,
    `127.0.0.1:${port === 65535 ? 1 : port + 1}`,
    '127.0.0.1',
    `localhost:${port}.evil.example`,
    '',
  ];
  for (const hostHeader of foreign) {
    for (const p of probes(port, host.token, key)) {
      const r = await rawRequest({ ...p, headers: { ...p.headers, host: hostHeader } });
      assert.equal(r.status, 403, `${p.method} ${p.path} with Host "${hostHeader}": ${contentOf(r)}`);
    }
    const ws = await rawUpgrade({
      port,
      path: '/api/v1/ws',
      headers: { host: hostHeader, 'sec-websocket-protocol': `attune.v1, bearer.${host.token}` },
    });
    assert.equal(ws.status, 403, `WebSocket with Host "${hostHeader}"`);
  }
  assert.equal((await host.api('GET', '/api/v1/triggers/local.t2')).status, 404, 'nothing was created');
  const events = await host.api<{ items: unknown[] }>('GET', '/api/v1/events');
  assert.deepEqual(events.body.items, [], 'no webhook event was stored');

  for (const hostHeader of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
    for (const p of probes(port, host.token, key).filter((x) => x.method === 'GET')) {
      const r = await rawRequest({ ...p, headers: { ...p.headers, host: hostHeader } });
      assert.equal(r.status, 200, `${p.method} ${p.path} with Host "${hostHeader}": ${contentOf(r)}`);
    }
  }
});

test('a foreign Origin cannot change anything or open the WebSocket, even with the token', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const key = await withWebhook(host);
  assert.equal(
    (
      await host.api('POST', '/api/v1/rules', {
        ref: 'victim',
        trigger_ref: 'local.hook',
        action_ref: 'core.noop',
      })
    ).status,
    201,
  );
  const marker = path.join(tempDir(t), 'ran');
  const writes = [
    { method: 'POST', path: '/api/v1/triggers', body: '{"ref":"t2"}' },
    {
      method: 'POST',
      path: '/api/v1/executions/execute',
      body: JSON.stringify({ action_ref: 'core.shell', parameters: { cmd: `touch ${marker}` } }),
    },
    { method: 'PUT', path: '/api/v1/rules/local.victim', body: '{"enabled":false}' },
    { method: 'PATCH', path: '/api/v1/rules/local.victim', body: '{"enabled":false}' },
    { method: 'DELETE', path: '/api/v1/rules/local.victim' },
    { method: 'POST', path: `/api/v1/webhooks/${key}`, body: '{"payload":{}}' },
  ];
  const foreign = [
    'http://evil.example',
    'null',
    `http://127.0.0.1:${port === 65535 ? 1 : port + 1}`,
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}.evil.example`,
    `file://`,
  ];
  for (const origin of foreign) {
    for (const w of writes) {
      const r = await rawRequest({ port, ...w, headers: { ...bearer(host.token), ...json, origin } });
      assert.equal(r.status, 403, `${w.method} ${w.path} from ${origin}: ${contentOf(r)}`);
    }
    const ws = await rawUpgrade({
      port,
      path: '/api/v1/ws',
      headers: { origin, 'sec-websocket-protocol': `attune.v1, bearer.${host.token}` },
    });
    assert.equal(ws.status, 403, `WebSocket from ${origin}`);
  }
  assert.equal(fs.existsSync(marker), false, 'no command ran');
  assert.equal((await host.api('GET', '/api/v1/triggers/local.t2')).status, 404);
  const rule = await host.api<{ data: { enabled: boolean } }>('GET', '/api/v1/rules/local.victim');
  assert.equal(rule.body.data.enabled, true, 'the rule is untouched');
  assert.deepEqual((await host.api<{ items: unknown[] }>('GET', '/api/v1/events')).body.items, []);
  assert.deepEqual((await host.api<{ items: unknown[] }>('GET', '/api/v1/executions')).body.items, []);
});

test('same-origin and Origin-less requests go through; reads carry no CORS grant', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const key = await withWebhook(host);
  const post = (ref: string, headers: Record<string, string>) =>
    rawRequest({
      port,
      method: 'POST',
      path: '/api/v1/triggers',
      body: JSON.stringify({ ref }),
      headers: { ...bearer(host.token), ...json, ...headers },
    });
  assert.equal((await post('a', {})).status, 201, 'no Origin (curl, the CLI)');
  assert.equal((await post('b', { origin: `http://127.0.0.1:${port}` })).status, 201, 'the UI’s own origin');
  assert.equal(
    (await post('c', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status,
    201,
    'the UI opened as localhost',
  );
  const hook = await rawRequest({ port, method: 'POST', path: `/api/v1/webhooks/${key}`, body: '{}' });
  assert.equal(hook.status, 200, 'a webhook sender (no Origin)');
  const ws = await rawUpgrade({
    port,
    path: '/api/v1/ws',
    headers: {
      origin: `http://127.0.0.1:${port}`,
      'sec-websocket-protocol': `attune.v1, bearer.${host.token}`,
    },
  });
  assert.equal(ws.status, 101, 'the UI’s WebSocket');

  const read = await rawRequest({
    port,
    method: 'GET',
    path: '/api/v1/health',
    headers: { origin: 'http://evil.example' },
  });
  assert.equal(read.status, 200, 'a read is answered…');
  assert.deepEqual(
    Object.keys(read.headers).filter((h) => h.startsWith('access-control-')),
    [],
    '…but the page may not read it',
  );
});

test('a CORS preflight gets no Access-Control-Allow-* grant', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  for (const p of ['/api/v1/rules', '/api/v1/executions/execute', '/api/v1/health', '/api/v1/ws']) {
    const r = await rawRequest({
      port,
      method: 'OPTIONS',
      path: p,
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.ok(r.status >= 400, `OPTIONS ${p} → ${r.status}`);
    assert.deepEqual(
      Object.keys(r.headers).filter((h) => h.startsWith('access-control-')),
      [],
      `OPTIONS ${p}`,
    );
  }
});

test('on a LAN bind, IP literals, the machine’s name and allowed names are accepted; other names are not', async (t) => {
  const host = await startTestHost(t, {
    bind: '0.0.0.0',
    allowedHosts: ['attune.example.org', 'tunnel.example:9000'],
  });
  const port = Number(new URL(host.url).port);
  const get = (hostHeader: string) =>
    rawRequest({
      port,
      method: 'GET',
      path: '/api/v1/rules',
      headers: { ...bearer(host.token), host: hostHeader },
    });
  for (const ok of [
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `192.168.1.10:${port}`,
    `[fe80::1]:${port}`,
    `${os.hostname()}:${port}`,
    `attune.example.org:${port}`,
    'attune.example.org',
    'tunnel.example:9000',
  ]) {
    assert.equal((await get(ok)).status, 200, `Host ${ok}`);
  }
  for (const bad of [
    `evil.example:${port}`,
    'tunnel.example:9001',
    `192.168.1.10:${port === 65535 ? 1 : port + 1}`,
    `${os.hostname()}.evil.example:${port}`,
  ]) {
    assert.equal((await get(bad)).status, 403, `Host ${bad}`);
  }
});

test('on a loopback bind, names the user allowed are accepted (a tunnel or proxy in front)', async (t) => {
  const host = await startTestHost(t, { allowedHosts: ['attune.localtest'] });
  const port = Number(new URL(host.url).port);
  const get = (hostHeader: string) =>
    rawRequest({
      port,
      method: 'GET',
      path: '/api/v1/rules',
      headers: { ...bearer(host.token), host: hostHeader },
    });
  assert.equal((await get('attune.localtest')).status, 200);
  assert.equal((await get(`attune.localtest:${port}`)).status, 200);
  if (os.hostname().toLowerCase() !== 'localhost')
    assert.equal(
      (await get(`${os.hostname()}:${port}`)).status,
      403,
      'the machine’s name only on a LAN bind',
    );
  assert.equal((await get(`10.0.0.5:${port}`)).status, 403, 'IP literals only on a LAN bind');
});
