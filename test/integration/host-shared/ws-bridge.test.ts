/**
 * docs/api.md — the channels over WebSocket: invoke answers
 * `{ok, data | error}`, subscribe streams filtered notifications, bad frames are answered,
 * and the token is required.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../core/contract/bridge.ts';
import type { Notification } from '../../../core/contract/notifications.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { bearer, rawUpgrade } from '../../helpers/raw-http.ts';

function open(url: string, token: string | null): Promise<WebSocket> {
  const protocols = token ? ['attune.v1', `bearer.${token}`] : ['attune.v1'];
  const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/ws', protocols);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    // The refused socket is left to the server to close: shutdown must not hang on it.
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

test('invoke, subscribe and errors over the WebSocket bridge', async (t) => {
  const host = await startTestHost(t);
  await assert.rejects(open(host.url, null), /401/);
  const ws = await open(host.url, host.token);
  t.after(() => ws.close());
  const frames: ServerFrame[] = [];
  ws.on('message', (m) => frames.push(JSON.parse(m.toString()) as ServerFrame));
  const result = (id: number) =>
    waitFor(() => frames.find((f) => f.type === 'result' && f.id === id), `result ${id}`);

  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'health.get', input: {} }));
  const health = await result(1);
  assert.ok(health.type === 'result' && health.result.ok);

  ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'rules.get', input: { ref: 'local.none' } }));
  const missing = await result(2);
  assert.deepEqual(missing.type === 'result' && missing.result, {
    ok: false,
    error: { code: 'NOT_FOUND', message: 'rule "local.none" not found' },
  });

  ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'rules.drop', input: {} }));
  const unknown = await result(3);
  assert.deepEqual(unknown, {
    type: 'result',
    id: 3,
    result: { ok: false, error: { code: 'NOT_FOUND', message: 'unknown channel "rules.drop"' } },
  });

  ws.send('not json');
  assert.deepEqual(await result(-1), {
    type: 'result',
    id: -1,
    result: { ok: false, error: { code: 'BAD_REQUEST', message: 'frame is not JSON' } },
  });
  frames.length = 0; // so the next answer to frame -1 is this one's
  ws.send(JSON.stringify({ type: 'invoke', id: 'seven', channel: 'health.get' }));
  assert.deepEqual(await result(-1), {
    type: 'result',
    id: -1,
    result: {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          'id: Invalid input: expected number, received string; input: Invalid input: expected nonoptional, received undefined',
        field: 'id',
      },
    },
  });

  ws.send(JSON.stringify({ type: 'subscribe', id: 4, filters: ['entity_type:execution'] }));
  assert.deepEqual(await result(4), {
    type: 'result',
    id: 4,
    result: { ok: true, data: { subscribed: true } },
  });
  ws.send(
    JSON.stringify({
      type: 'invoke',
      id: 5,
      channel: 'executions.execute',
      input: { action_ref: 'core.noop' },
    }),
  );
  const exec = await result(5);
  assert.ok(exec.type === 'result' && exec.result.ok);
  const id = (exec.result as { data: { id: number } }).data.id;
  const statuses = await waitFor(() => {
    const s = frames
      .filter((f): f is Extract<ServerFrame, { type: 'notification' }> => f.type === 'notification')
      .map((f) => f.notification as Notification)
      .filter((n) => n.entity_id === id && n.notification_type === 'execution_status_changed')
      .map((n) => n.payload.status);
    return s.includes('completed') ? s : null;
  }, 'the completed notification');
  assert.deepEqual(statuses, ['scheduling', 'scheduled', 'running', 'completed']);
  assert.ok(
    frames.every((f) => f.type !== 'notification' || f.notification.entity_type === 'execution'),
    'the filter holds',
  );
});

test('an upgrade without the attune.v1 subprotocol is refused with 400, even with the token', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const upgrade = (headers: Record<string, string | null>) =>
    rawUpgrade({ port, path: '/api/v1/ws', headers });
  const refused: Array<[string, Record<string, string | null>]> = [
    ['no subprotocol at all', { ...bearer(host.token), 'sec-websocket-protocol': null }],
    ['the token alone', { 'sec-websocket-protocol': `bearer.${host.token}` }],
    ['another version', { 'sec-websocket-protocol': `attune.v2, bearer.${host.token}` }],
    ['a name that only starts alike', { 'sec-websocket-protocol': `attune.v1x, bearer.${host.token}` }],
  ];
  for (const [what, headers] of refused) assert.equal((await upgrade(headers)).status, 400, what);
  assert.equal(
    (await upgrade({ 'sec-websocket-protocol': null })).status,
    401,
    'without the token the answer stays 401',
  );
  assert.equal(
    (await upgrade({ 'sec-websocket-protocol': `attune.v1, bearer.${host.token}` })).status,
    101,
    "the UI's own list",
  );
  // What the renderer's bridge offers (renderer/src/common/bridge/ws-bridge.ts).
  const ws = await open(host.url, host.token);
  assert.equal(ws.protocol, 'attune.v1');
  ws.close();
});
