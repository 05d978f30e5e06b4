/**
 * docs/attune-compat.md — events, enforcements, executions and health answer Attune's clients:
 * each carries the fields its response DTO requires, the list filters take Attune's names, and a
 * manual run takes Attune's CreateExecutionRequest, env_vars included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as req from '../../fixtures/attune-dto/requests.ts';
import * as dto from '../../fixtures/attune-dto/responses.ts';
import { dtoProblems, listProblems } from '../../helpers/attune-dto.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

type Obj = Record<string, unknown>;

async function ok(host: TestHost, method: string, path: string, body?: unknown, status = 200) {
  const r = await host.api<Obj>(method, path, body);
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}
const data = (b: Obj) => b.data as Obj;
const refs = (l: Obj, key = 'id') => (l.items as Obj[]).map((x) => x[key]);

test('health answers HealthResponse inside data', async (t) => {
  const host = await startTestHost(t);
  const h = data(await ok(host, 'GET', '/api/v1/health'));
  assert.deepEqual(dtoProblems(h, dto.HealthResponse), []);
  assert.equal(h.database, 'connected');
});

test('events and enforcements from a webhook read as Attune DTOs, filtered by Attune names', async (t) => {
  const host = await startTestHost(t);
  const trigger = data(await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('ping'), 201));
  const hook = data(await ok(host, 'POST', '/api/v1/triggers/local.ping/webhooks/enable'));
  const rule = data(
    await ok(host, 'POST', '/api/v1/rules', req.createRule('pong', 'local.ping', 'core.noop', {}), 201),
  );
  await ok(host, 'POST', '/api/v1/rules/local.pong/enable');
  const res = await fetch(hook.url as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { n: 1 } }),
  });
  const eventId = ((await res.json()) as { data: Obj }).data.event_id as number;

  const events = await ok(host, 'GET', `/api/v1/events?trigger=${trigger.id}&per_page=5`);
  assert.deepEqual(listProblems(events, dto.EventSummary, dto.PaginationMeta), []);
  assert.deepEqual(refs(events), [eventId]);
  assert.equal((events.pagination as Obj).page_size, 5);
  const event = data(await ok(host, 'GET', `/api/v1/events/${eventId}`));
  assert.deepEqual(dtoProblems(event, dto.EventResponse), []);
  assert.equal(event.trigger, trigger.id);

  // The event, its evaluation and enforcement are written in one transaction before the answer.
  const enforcements = await ok(host, 'GET', `/api/v1/enforcements?rule=${rule.id}&include_total=true`);
  assert.deepEqual(listProblems(enforcements, dto.EnforcementSummary, dto.PaginationMeta), []);
  const first = (enforcements.items as Obj[])[0] as Obj;
  const one = data(await ok(host, 'GET', `/api/v1/enforcements/${first.id}`));
  assert.deepEqual(dtoProblems(one, dto.EnforcementResponse), []);
  assert.deepEqual(one.payload, { n: 1 });
  assert.equal(one.event, eventId);
  assert.equal(one.rule, rule.id);
  const byTrigger = await ok(host, 'GET', '/api/v1/enforcements?trigger_ref=local.ping&status=processed');
  assert.ok(refs(byTrigger).length <= 1);
  const none = await ok(host, 'GET', '/api/v1/enforcements?rule=999999');
  assert.deepEqual(refs(none), [], 'a rule id that names nothing matches nothing');
});

test('a manual run takes CreateExecutionRequest: env_vars reach the process, the answer is ExecutionResponse', async (t) => {
  const host = await startTestHost(t);
  const body = req.createExecution(
    'core.shell',
    { cmd: 'printf "%s/%s" "$GREETING" "$ATTUNE_ACTION"' },
    { GREETING: 'hello from env_vars' },
  );
  const created = data(await ok(host, 'POST', '/api/v1/executions/execute', body, 201));
  assert.deepEqual(dtoProblems(created, dto.ExecutionResponse), []);
  assert.deepEqual(created.result, {}, 'no result yet is {} on REST');
  await host.waitForExecution(created.id as number);
  const done = data(await ok(host, 'GET', `/api/v1/executions/${created.id}`));
  assert.deepEqual(dtoProblems(done, dto.ExecutionResponse), []);
  assert.equal(done.status, 'completed', JSON.stringify(done.result));
  assert.equal((done.result as Obj).stdout, 'hello from env_vars/core.shell');
  assert.equal(done.parent, null);
  assert.equal(done.enforcement, null);
  assert.equal(done.action, data(await ok(host, 'GET', '/api/v1/actions/core.shell')).id);
});

test('env_vars may not set what the runner reserves, nor badly formed names', async (t) => {
  const host = await startTestHost(t);
  for (const [name, field] of [
    ['PATH', 'env_vars.PATH'],
    ['LD_PRELOAD', 'env_vars.LD_PRELOAD'],
    ['ATTUNE_EXEC_ID', 'env_vars.ATTUNE_EXEC_ID'],
    ['1BAD', 'env_vars'],
  ] as const) {
    const r = await host.api<Obj>(
      'POST',
      '/api/v1/executions/execute',
      req.createExecution('core.noop', {}, { [name]: 'x' }),
    );
    assert.equal(r.status, 400, name);
    assert.match(String((r.body.details as Obj).field), new RegExp(`^${field}`), name);
  }
  const unknown = await host.api<Obj>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.noop',
    parameters: {},
    priority: 3,
  });
  assert.equal(unknown.status, 400, 'a field in no DTO is still refused');
});

test('executions list with Attune filters: pack_name, top_level_only, status path, enforcement path', async (t) => {
  const host = await startTestHost(t);
  const run = async (action: string) => {
    const x = data(
      await ok(host, 'POST', '/api/v1/executions/execute', { action_ref: action, parameters: {} }, 201),
    );
    await host.waitForExecution(x.id as number);
    return x.id as number;
  };
  const a = await run('core.noop');
  const list = await ok(host, 'GET', '/api/v1/executions?pack_name=core&top_level_only=true&per_page=10');
  assert.deepEqual(listProblems(list, dto.ExecutionSummary, dto.PaginationMeta), []);
  assert.deepEqual(refs(list), [a]);
  assert.deepEqual(refs(await ok(host, 'GET', '/api/v1/executions?pack_name=cor')), [], 'a pack is whole');
  assert.deepEqual(refs(await ok(host, 'GET', '/api/v1/executions/status/completed')), [a]);
  assert.deepEqual(refs(await ok(host, 'GET', `/api/v1/executions?parent=${a}`)), []);
  assert.deepEqual(refs(await ok(host, 'GET', '/api/v1/executions/enforcement/1')), []);
  assert.deepEqual(refs(await ok(host, 'GET', '/api/v1/executions?executor=3&include_total=true')), [a]);
});
