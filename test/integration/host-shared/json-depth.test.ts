/**
 * docs/security.md, "Webhooks" and docs/api.md — JSON nested deeper than 256 levels is a 400
 * with a message that says so, on webhooks, REST bodies and WebSocket frames alike; nothing is
 * stored. It used to exhaust the stack later on and answer 500.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../core/contract/bridge.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

/** `{"a": {"a": … 1 …}}` with `levels` objects. */
const deepObject = (levels: number) => `${'{"a": '.repeat(levels)}1${'}'.repeat(levels)}`;
const TOO_DEEP = /nested deeper than 256 levels/;

test('a webhook body nested 4,500 levels deep is a 400 and stores nothing; 256 levels are accepted', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'deep' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.deep/webhooks/enable',
    {},
  );
  const post = (body: string) =>
    fetch(hook.body.data.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  const refused = await post(`{"payload": ${deepObject(4500)}}`);
  assert.equal(refused.status, 400);
  assert.match(((await refused.json()) as { error: string }).error, TOO_DEEP);
  const none = await host.api<{ items: unknown[] }>('GET', '/api/v1/events?trigger_ref=local.deep');
  assert.equal(none.body.items.length, 0);

  const accepted = await post(`{"payload": ${deepObject(255)}}`);
  assert.equal(accepted.status, 200, await accepted.clone().text());
  const refusedAtLimit = await post(`{"payload": ${deepObject(256)}}`);
  assert.equal(refusedAtLimit.status, 400);
});

test('REST bodies nested too deep are a 400 naming the depth, and nothing is created', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'x' });
  const cases: Array<[string, string]> = [
    ['/api/v1/executions/execute', `{"action_ref": "core.noop", "parameters": {"p": ${deepObject(4500)}}}`],
    [
      '/api/v1/rules',
      `{"ref": "r", "trigger_ref": "local.x", "action_ref": "core.noop", "action_params": {"p": ${deepObject(4500)}}}`,
    ],
    ['/api/v1/triggers', `{"ref": "t", "out_schema": ${deepObject(300)}}`],
  ];
  for (const [url, body] of cases) {
    const r = await host.api<{ error: string; code: string }>('POST', url, body);
    assert.equal(r.status, 400, `${url}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.code, 'BAD_REQUEST');
    assert.match(r.body.error, TOO_DEEP, url);
  }
  const execs = await host.api<{ items: unknown[] }>('GET', '/api/v1/executions');
  assert.equal(execs.body.items.length, 0);
  const rules = await host.api<{ items: unknown[] }>('GET', '/api/v1/rules');
  assert.equal(rules.body.items.length, 0);
  const triggers = await host.api<{ items: Array<{ ref: string }> }>('GET', '/api/v1/triggers');
  assert.ok(!triggers.body.items.some((tr) => tr.ref === 'local.t'));
});

test('a WebSocket frame nested too deep is answered BAD_REQUEST and the socket stays usable', async (t) => {
  const host = await startTestHost(t);
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/api/v1/ws`, [
    'attune.v1',
    `bearer.${host.token}`,
  ]);
  t.after(() => ws.close());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: ServerFrame[] = [];
  ws.on('message', (m) => frames.push(JSON.parse(m.toString()) as ServerFrame));
  ws.send(
    `{"type": "invoke", "id": 1, "channel": "executions.execute", "input": {"action_ref": "core.noop", "parameters": {"p": ${deepObject(4500)}}}}`,
  );
  const refused = await waitFor(() => frames.find((f) => f.type === 'result' && f.id === -1), 'the refusal');
  assert.ok(refused.type === 'result' && !refused.result.ok);
  assert.equal(refused.result.error.code, 'BAD_REQUEST');
  assert.match(refused.result.error.message, TOO_DEEP);

  ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'executions.list', input: {} }));
  const list = await waitFor(() => frames.find((f) => f.type === 'result' && f.id === 2), 'the list');
  assert.ok(list.type === 'result' && list.result.ok);
  assert.deepEqual((list.result.data as { items: unknown[] }).items, []);
});
