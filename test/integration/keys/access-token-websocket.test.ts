/**
 * docs/security.md, "Keys and Attune login" and "Attacker review": an access token lasts
 * `expires_in` seconds on every way in. A WebSocket opened with one is closed (1008) when the
 * token expires — it was checked at the upgrade only, so one kept open ran actions for ever —
 * while a WebSocket opened with the API token itself stays open. Time is a SimClock.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { ACCESS_TOKEN_TTL_S } from '../../../core/host/auth-routes.ts';
import { SimClock } from '../../../core/schedule/sim-clock.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

async function open(host: TestHost, token: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}/api/v1/ws`, ['attune.v1', `bearer.${token}`]);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, closed };
}

/** One invoke over the socket; resolves to the result frame's `ok`, or 'closed'. */
function invoke(
  ws: WebSocket,
  id: number,
  channel = 'keys.list',
  input: unknown = {},
): Promise<boolean | 'closed'> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const frame = JSON.parse(String(m)) as { type: string; id: number; result: { ok: boolean } };
      if (frame.type === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result.ok);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', () => resolve('closed'));
    ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
  });
}

test('a WebSocket opened with an access token closes when the token expires; one with the API token stays', {
  timeout: 60_000,
}, async (t) => {
  const clock = new SimClock('2026-12-07T08:00:00Z');
  const host = await startTestHost(t, { clock });
  const login = await fetch(`${host.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'me', password: host.token }),
  });
  const { access_token } = ((await login.json()) as { data: { access_token: string } }).data;
  const session = await open(host, access_token);
  const user = await open(host, host.token);
  t.after(() => {
    session.ws.close();
    user.ws.close();
  });
  assert.equal(await invoke(session.ws, 1), true);

  clock.advance((ACCESS_TOKEN_TTL_S - 1) * 1000);
  assert.equal(await invoke(session.ws, 2), true, 'still valid a second before expiry');
  clock.advance(1000);
  const late = { ref: 'late', owner_type: 'system', value: 'x' };
  assert.equal(await invoke(session.ws, 3, 'keys.create', late), 'closed', 'nothing is answered');
  assert.equal(await session.closed, 1008);
  const key = await host.api('GET', '/api/v1/keys/late');
  assert.equal(key.status, 404, 'nor done once the token has expired');
  assert.equal(await invoke(user.ws, 4), true, 'the API token has no expiry');
});
