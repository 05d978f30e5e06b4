/**
 * docs/security.md, "Webhooks" (time and connection limits) — a client that connects and then
 * stalls cannot hold the host's memory or its connections for long: the headers of a request
 * must arrive within the header limit and the whole request within the request limit (else 408
 * and the connection closes), an idle keep-alive connection is closed, and connections beyond
 * the caps are closed on arrival. The limits are set small here; what is asserted is the outcome
 * (408, connection closed) after the client stalled, never how long it took.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_HTTP_LIMITS } from '../../../core/host/http-limits.ts';
import { createHttpServer } from '../../../core/host/http-server.ts';
import type { WebhookAttempt } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { type RawConnection, rawConnection } from '../../helpers/raw-http.ts';

/** Small limits; the test timeouts are only the safety net for a host that never cuts. */
const FAST = { headersTimeoutMs: 300, requestTimeoutMs: 800, timeoutCheckMs: 50 };

const portOf = (host: TestHost) => Number(new URL(host.url).port);

/** Writes one byte every 50 ms until the connection closes: slow, but never idle. */
function drip(c: RawConnection): void {
  const timer = setInterval(() => {
    if (!c.socket.destroyed) c.socket.write('x');
  }, 50);
  void c.closed.then(() => clearInterval(timer));
}

/** The JSON body of a raw HTTP answer. */
function bodyOf(answer: string): { error: string; code: string } {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: string; code: string };
}

async function enableWebhook(host: TestHost, ref: string): Promise<string> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  const hook = await host.api<{ data: { webhook_key: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    {},
  );
  assert.equal(hook.status, 200);
  return hook.body.data.webhook_key;
}

test('a request whose headers stall is answered 408 and its connection closed', {
  timeout: 20_000,
}, async (t) => {
  const host = await startTestHost(t, { http: FAST });
  const port = portOf(host);
  const c = await rawConnection(port);
  c.socket.write(`POST /api/v1/webhooks/somekey HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-A: b\r\n`);
  drip(c); // header bytes keep coming, the blank line never does
  const answer = await c.closed;
  assert.match(answer, /^HTTP\/1\.1 408 /);
  assert.equal(bodyOf(answer).code, 'REQUEST_TIMEOUT');
  assert.match(bodyOf(answer).error, /request/);
});

test('a connection that never sends a byte is closed', { timeout: 20_000 }, async (t) => {
  const host = await startTestHost(t, { http: FAST });
  const c = await rawConnection(portOf(host));
  await c.closed;
  assert.ok(c.socket.destroyed);
});

test('a webhook body that trickles in past the request limit is answered 408, recorded, and stores nothing', {
  timeout: 30_000,
}, async (t) => {
  const host = await startTestHost(t, { http: FAST });
  const port = portOf(host);
  const key = await enableWebhook(host, 'slow');
  const c = await rawConnection(port);
  c.socket.write(
    `POST /api/v1/webhooks/${key} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a": "`,
  );
  drip(c);
  const answer = await c.closed;
  assert.match(answer, /^HTTP\/1\.1 408 /);
  assert.equal(bodyOf(answer).code, 'REQUEST_TIMEOUT');
  // The record is written just after the connection is cut.
  const attempts = await waitFor(async () => {
    const r = await host.api<{ data: { items: WebhookAttempt[] } }>('GET', '/api/v1/webhook-attempts');
    return r.body.data.items.length > 0 ? r.body.data.items : null;
  }, 'the attempt record');
  assert.deepEqual(
    attempts.map((a) => [a.trigger_ref, a.status_code, a.event_id]),
    [['local.slow', 408, null]],
  );
  assert.match(attempts[0]?.error ?? '', /not received in time/);
  const events = await host.api<{ pagination: { total_items: number } }>('GET', '/api/v1/events');
  assert.equal(events.body.pagination.total_items, 0);
});

test('a webhook sender that hangs up in the middle of the body leaves one 400 record and no event', {
  timeout: 20_000,
}, async (t) => {
  const host = await startTestHost(t);
  const port = portOf(host);
  const key = await enableWebhook(host, 'gone');
  const c = await rawConnection(port);
  c.socket.write(
    `POST /api/v1/webhooks/${key} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a": "xxxx`,
  );
  // Hang up only once the host is reading the body: its request is then under way.
  await new Promise((r) => setTimeout(r, 200));
  c.socket.destroy();
  const attempts = await waitFor(async () => {
    const r = await host.api<{ data: { items: WebhookAttempt[] } }>('GET', '/api/v1/webhook-attempts');
    return r.body.data.items.length > 0 ? r.body.data.items : null;
  }, 'the attempt record');
  assert.deepEqual(
    attempts.map((a) => [a.trigger_ref, a.status_code, a.error]),
    [['local.gone', 400, 'the body ended early: the connection closed']],
  );
  const events = await host.api<{ pagination: { total_items: number } }>('GET', '/api/v1/events');
  assert.equal(events.body.pagination.total_items, 0);
});

test('webhook bodies held at once are bounded: past the budget a call is answered 503; freed bytes are reusable', {
  timeout: 30_000,
}, async (t) => {
  const host = await startTestHost(t, { http: { webhookBytesInFlight: 50_000 } });
  const port = portOf(host);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'big' })).status, 201);
  const hook = await host.api<{ data: { url: string; webhook_key: string } }>(
    'POST',
    '/api/v1/triggers/local.big/webhooks/enable',
    { max_body_bytes: 100_000, rate_limit_per_minute: 0 },
  );
  const { url, webhook_key: key } = hook.body.data;
  const body = JSON.stringify({ pad: 'x'.repeat(30_000) });
  const post = () => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  // A stalled sender holds 30,000 bytes, within its own trigger's limit.
  const stalled = await rawConnection(port);
  stalled.socket.write(
    `POST /api/v1/webhooks/${key} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 40000\r\n\r\n${'x'.repeat(30_000)}`,
  );
  await new Promise((r) => setTimeout(r, 200)); // for the host to read it
  const refused = await post();
  assert.equal(refused.status, 503);
  assert.match(((await refused.json()) as { error: string }).error, /too many webhook bodies at once/);
  // Without a declared length the bytes are counted as they arrive.
  const streamed = await fetch(url, {
    method: 'POST',
    body: new ReadableStream({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
        c.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  assert.equal(streamed.status, 503);

  stalled.socket.destroy();
  const accepted = await waitFor(async () => {
    const r = await post();
    await r.body?.cancel();
    return r.status === 200 ? r : null;
  }, 'a call once the stalled one is gone');
  assert.equal(accepted.status, 200);
});

test('an idle keep-alive connection is closed after the keep-alive limit', { timeout: 20_000 }, async (t) => {
  const host = await startTestHost(t, { http: { ...FAST, keepAliveTimeoutMs: 200 } });
  const port = portOf(host);
  const c = await rawConnection(port);
  c.socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  const answer = await c.closed;
  assert.match(answer, /^HTTP\/1\.1 200 /, 'the request was answered, then the idle connection closed');
});

test('by default a request has 60 s, its headers 10 s, an idle keep-alive 5 s; 256 connections, 128 per address', async (t) => {
  const host = await startTestHost(t);
  const { app } = await createHttpServer({ engine: host.engine, token: host.token, bindHost: '127.0.0.1' });
  t.after(() => app.close());
  assert.deepEqual(
    {
      request: app.server.requestTimeout,
      headers: app.server.headersTimeout,
      keepAlive: app.server.keepAliveTimeout,
      idle: app.server.timeout,
      connections: app.server.maxConnections,
    },
    { request: 60_000, headers: 10_000, keepAlive: 5_000, idle: 120_000, connections: 256 },
  );
  assert.equal(DEFAULT_HTTP_LIMITS.maxConnectionsPerAddress, 128);
});

/** Whether a connection is served: it answers a health check (and stays open). */
async function served(c: RawConnection, port: number): Promise<boolean> {
  if (c.socket.destroyed) return false;
  c.socket.write(`GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  for (;;) {
    if (/\r\n\r\n[\s\S]*\}/.test(c.received())) return c.received().startsWith('HTTP/1.1 200 ');
    if (c.socket.destroyed) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('connections beyond the per-address cap or the total cap are closed on arrival; a freed slot is reused', {
  timeout: 30_000,
}, async (t) => {
  const host = await startTestHost(t, { http: { maxConnectionsPerAddress: 2, maxConnections: 3 } });
  const port = portOf(host);
  const open: RawConnection[] = [];
  t.after(() => {
    for (const c of open) c.socket.destroy();
  });
  const connect = async (from: string) => {
    const c = await rawConnection(port, from);
    open.push(c);
    return c;
  };
  const a1 = await connect('127.0.0.1');
  const a2 = await connect('127.0.0.1');
  assert.ok(await served(a1, port));
  assert.ok(await served(a2, port));
  const a3 = await connect('127.0.0.1');
  assert.equal(await a3.closed, '', 'a third connection from one address is closed unanswered');
  const b1 = await connect('127.0.0.2');
  assert.ok(await served(b1, port), 'another address still gets in');
  const b2 = await connect('127.0.0.2');
  assert.equal(await b2.closed, '', 'past the total cap, every address is turned away');

  a1.socket.destroy();
  await a1.closed;
  // The host notices the close on its own schedule: retry until the slot is free.
  let again: RawConnection | null = null;
  for (let i = 0; i < 200 && !again; i++) {
    const c = await connect('127.0.0.1');
    if (await served(c, port)) again = c;
    else await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(again, 'the freed slot takes a new connection');
});
