/**
 * docs/security.md "Authentication and the local web", docs/api.md — inputs that used to slip
 * through loosely: ids in paths and queries are decimal digits only (`0x10` is not 16), and
 * nothing a user creates may claim the built-in `core` pack, which is reinstalled at every start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';
import { bearer, rawRequest } from '../../helpers/raw-http.ts';

interface ErrorBody {
  error: string;
  code: string;
  details?: { field?: string };
}

test('ids in paths and queries are decimal digits only; anything else is a 400 naming the field', async (t) => {
  const host = await startTestHost(t);
  const port = Number(new URL(host.url).port);
  const exec = await host.api<{ data: { id: number } }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.noop',
  });
  assert.equal(exec.status, 201);
  const id = exec.body.data.id;
  await host.waitForExecution(id);
  const get = (p: string, method = 'GET') =>
    rawRequest({ port, method, path: p, headers: bearer(host.token) }).then((r) => ({
      status: r.status,
      body: JSON.parse(r.body) as ErrorBody,
    }));

  const spellings = [
    '0x1',
    '0x10',
    '1e0',
    '1e1',
    '%201',
    '1%20',
    '+1',
    '1.0',
    '1abc',
    '0b1',
    '0o1',
    '-1',
    '1_0',
    '%EF%BC%91',
  ];
  for (const bad of spellings) {
    for (const [method, p] of [
      ['GET', `/api/v1/events/${bad}`],
      ['GET', `/api/v1/enforcements/${bad}`],
      ['GET', `/api/v1/executions/${bad}`],
      ['POST', `/api/v1/executions/${bad}/cancel`],
    ] as const) {
      const r = await get(p, method);
      assert.equal(r.status, 400, `${method} ${p} → ${JSON.stringify(r.body)}`);
      assert.equal(r.body.details?.field, 'id', `${p} names the field`);
      assert.match(r.body.error, /^id: /);
    }
    for (const [p, field] of [
      [`/api/v1/executions?enforcement=${bad}`, 'enforcement'],
      [`/api/v1/enforcements?event=${bad}`, 'event'],
      [`/api/v1/events?page=${bad}`, 'page'],
      [`/api/v1/rules?page_size=${bad}`, 'page_size'],
      [`/api/v1/webhook-attempts?limit=${bad}`, 'limit'],
    ] as const) {
      const r = await get(p);
      assert.equal(r.status, 400, `${p} → ${JSON.stringify(r.body)}`);
      assert.equal(r.body.details?.field, field, `${p} names the field`);
    }
  }
  // Decimal digits still work, leading zeros included.
  assert.equal((await get(`/api/v1/executions/${id}`)).status, 200);
  assert.equal((await get(`/api/v1/executions/0${id}`)).status, 200);
  assert.equal((await get('/api/v1/executions?enforcement=7&page=1&page_size=5')).status, 200);
  assert.equal((await get('/api/v1/events/16')).status, 404);
});

test('rules and triggers cannot be created in the core pack; the error names the field and nothing is stored', async (t) => {
  const host = await startTestHost(t);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'mine' })).status, 201);

  const rule = await host.api<ErrorBody>('POST', '/api/v1/rules', {
    ref: 'core.sneaky',
    trigger_ref: 'local.mine',
    action_ref: 'core.noop',
  });
  assert.equal(rule.status, 400, JSON.stringify(rule.body));
  assert.equal(rule.body.details?.field, 'ref');
  assert.match(rule.body.error, /^ref: .*"core".*built-in/);
  assert.equal((await host.api('GET', '/api/v1/rules/core.sneaky')).status, 404);
  const coreRules = await host.api<{ items: unknown[] }>('GET', '/api/v1/rules?pack_ref=core');
  assert.deepEqual(coreRules.body.items, []);

  const trigger = await host.api<ErrorBody>('POST', '/api/v1/triggers', { ref: 'core.sneaky' });
  assert.equal(trigger.status, 400, JSON.stringify(trigger.body));
  assert.equal(trigger.body.details?.field, 'ref');
  assert.match(trigger.body.error, /^ref: .*"core".*built-in/);
  assert.equal((await host.api('GET', '/api/v1/triggers/core.sneaky')).status, 404);

  // Using what core offers is fine: a local rule on a core timer running a core action.
  const ok = await host.api('POST', '/api/v1/rules', {
    ref: 'uses_core',
    trigger_ref: 'local.mine',
    action_ref: 'core.noop',
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
});

test('a rule with the longest ref allowed can be read, updated and deleted by its path', async (t) => {
  const host = await startTestHost(t);
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref: 'mine' })).status, 201);
  const name = 'r'.repeat(255 - 'local.'.length);
  const created = await host.api('POST', '/api/v1/rules', {
    ref: name,
    trigger_ref: 'local.mine',
    action_ref: 'core.noop',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const ref = `local.${name}`;
  assert.equal(ref.length, 255);
  const read = await host.api<{ data: { ref: string } }>('GET', `/api/v1/rules/${ref}`);
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.equal(read.body.data.ref, ref);
  assert.equal((await host.api('DELETE', `/api/v1/rules/${ref}`)).status, 200);
  assert.equal((await host.api('GET', `/api/v1/rules/${ref}`)).status, 404);
});
