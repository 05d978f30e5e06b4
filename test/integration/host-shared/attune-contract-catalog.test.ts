/**
 * docs/attune-compat.md — the definition routes answer Attune's clients: request bodies written
 * as Attune's request DTOs define them are accepted, and every answer carries the fields its
 * response DTO requires, with their types. Paths take a ref or an integer id alike.
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

test('packs list and read as PackSummary and PackResponse, by ref or by id', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const list = await ok(host, 'GET', '/api/v1/packs?page=1&page_size=10');
  assert.deepEqual(listProblems(list, dto.PackSummary, dto.PaginationMeta), []);
  const core = data(await ok(host, 'GET', '/api/v1/packs/core'));
  assert.deepEqual(dtoProblems(core, dto.PackResponse), []);
  assert.equal(core.is_standard, true);
  const byId = data(await ok(host, 'GET', `/api/v1/packs/${core.id}`));
  assert.equal(byId.ref, 'core');
  const ids = (list.items as Obj[]).map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.equal((await host.api('GET', '/api/v1/packs/999999')).status, 404);
});

test('a trigger created with CreateTriggerRequest answers TriggerResponse; PUT follows UpdateTriggerRequest', async (t) => {
  const host = await startTestHost(t);
  const created = data(await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('signup'), 201));
  assert.deepEqual(dtoProblems(created, dto.TriggerResponse), []);
  assert.equal(created.ref, 'local.signup', 'pack_ref qualifies the bare ref');
  assert.deepEqual(Object.keys(created.out_schema as Obj), ['user'], 'a JSON Schema becomes our flat schema');
  const local = data(await ok(host, 'GET', '/api/v1/packs/local'));
  assert.equal(created.pack, local.id);
  assert.equal(created.is_adhoc, true);

  const byId = data(await ok(host, 'GET', `/api/v1/triggers/${created.id}`));
  assert.equal(byId.ref, 'local.signup');

  const updated = data(await ok(host, 'PUT', `/api/v1/triggers/${created.id}`, req.updateTrigger()));
  assert.deepEqual(dtoProblems(updated, dto.TriggerResponse), []);
  assert.equal(updated.label, 'Renamed by an Attune client');
  assert.equal(updated.description, 'now described');
  assert.deepEqual(updated.out_schema, created.out_schema, 'null leaves a schema as it was');
  assert.equal(updated.id, created.id, 'an update keeps the id');
  const cleared = data(
    await ok(host, 'PUT', '/api/v1/triggers/local.signup', { description: { op: 'clear' } }),
  );
  assert.equal(cleared.description, '');

  const list = await ok(host, 'GET', '/api/v1/triggers?page_size=100');
  assert.deepEqual(listProblems(list, dto.TriggerSummary, dto.PaginationMeta), []);

  const wrongPack = await host.api<Obj>('POST', '/api/v1/triggers', {
    ...req.createTrigger('x'),
    ref: 'core.x',
  });
  assert.equal(wrongPack.status, 400);
  assert.equal((wrongPack.body.details as Obj).field, 'pack_ref');
  const unknown = await host.api<Obj>('POST', '/api/v1/triggers', {
    ...req.createTrigger('y'),
    colour: 'red',
  });
  assert.equal(unknown.status, 400, 'a field in no DTO is still refused');
  assert.match(String(unknown.body.error), /colour/);
});

test('trigger enable/disable: a disabled trigger refuses its webhook; timer triggers cannot be disabled', async (t) => {
  const host = await startTestHost(t);
  await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('door'), 201);
  const hook = data(await ok(host, 'POST', '/api/v1/triggers/local.door/webhooks/enable'));
  assert.deepEqual(dtoProblems(hook, dto.TriggerResponse), []);
  assert.equal(hook.webhook_enabled, true);
  const send = () =>
    fetch(hook.url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

  const off = data(await ok(host, 'POST', '/api/v1/triggers/local.door/disable'));
  assert.deepEqual(dtoProblems(off, dto.TriggerResponse), []);
  assert.equal(off.enabled, false);
  assert.equal((await send()).status, 404);
  const on = data(await ok(host, 'POST', `/api/v1/triggers/${off.id}/enable`));
  assert.equal(on.enabled, true);
  const ack = (await (await send()).json()) as Obj;
  assert.deepEqual(dtoProblems(ack.data, dto.WebhookReceiverResponse), []);

  const fresh = data(await ok(host, 'POST', '/api/v1/triggers/local.door/webhooks/regenerate'));
  assert.deepEqual(dtoProblems(fresh, dto.TriggerResponse), []);
  assert.notEqual(fresh.webhook_key, hook.webhook_key);
  assert.equal((await send()).status, 404, 'the old key stops working');

  const timer = await host.api<Obj>('POST', '/api/v1/triggers/core.intervaltimer/disable');
  assert.equal(timer.status, 400);
  assert.equal((timer.body.details as Obj).field, 'ref');
});

test('actions read as ActionSummary and ActionResponse, with Attune names beside ours', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const list = await ok(host, 'GET', '/api/v1/actions?page_size=100');
  assert.deepEqual(listProblems(list, dto.ActionSummary, dto.PaginationMeta), []);
  const echo = data(await ok(host, 'GET', '/api/v1/actions/core.echo'));
  assert.deepEqual(dtoProblems(echo, dto.ActionResponse), []);
  assert.equal(echo.entrypoint, echo.entry_point);
  assert.deepEqual(echo.param_schema, echo.parameters);
  assert.equal(data(await ok(host, 'GET', `/api/v1/actions/${echo.id}`)).ref, 'core.echo');

  const scoped = await ok(host, 'GET', '/api/v1/packs/testkit/actions?per_page=2');
  assert.deepEqual(listProblems(scoped, dto.ActionSummary, dto.PaginationMeta), []);
  assert.ok((scoped.items as Obj[]).every((a) => a.pack_ref === 'testkit'));
  assert.equal((scoped.pagination as Obj).page_size, 2, 'per_page is the page size');
  const testkit = data(await ok(host, 'GET', '/api/v1/packs/testkit'));
  const byPackId = await ok(host, 'GET', `/api/v1/packs/${testkit.id}/triggers`);
  assert.deepEqual(listProblems(byPackId, dto.TriggerSummary, dto.PaginationMeta), []);
});

test('rules: CreateRuleRequest, UpdateRuleRequest (null keeps), enable/disable, pack and trigger scoped lists', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const trigger = data(await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('signup'), 201));
  const body = req.createRule('welcome', 'local.signup', 'core.noop', {});
  const rule = data(await ok(host, 'POST', '/api/v1/rules', body, 201));
  assert.deepEqual(dtoProblems(rule, dto.RuleResponse), []);
  assert.deepEqual(rule.conditions, {}, '"always" is {} as Attune writes it');
  assert.equal(rule.enabled, false);
  assert.equal(rule.trigger, trigger.id);
  assert.equal(rule.action, data(await ok(host, 'GET', '/api/v1/actions/core.noop')).id);

  await ok(host, 'PUT', '/api/v1/rules/local.welcome', { conditions: { expression: 'event.payload.ok' } });
  const renamed = data(await ok(host, 'PUT', `/api/v1/rules/${rule.id}`, req.updateRule('Renamed')));
  assert.deepEqual(dtoProblems(renamed, dto.RuleResponse), []);
  assert.equal(renamed.label, 'Renamed');
  assert.deepEqual(renamed.conditions, { expression: 'event.payload.ok' }, 'null conditions keep them');

  const on = data(await ok(host, 'POST', '/api/v1/rules/local.welcome/enable'));
  assert.equal(on.enabled, true);
  assert.deepEqual(dtoProblems(on, dto.RuleResponse), []);
  const enabled = await ok(host, 'GET', '/api/v1/rules/enabled');
  assert.deepEqual(listProblems(enabled, dto.RuleSummary, dto.PaginationMeta), []);
  assert.ok((enabled.items as Obj[]).some((r) => r.ref === 'local.welcome'));
  const off = data(await ok(host, 'POST', `/api/v1/rules/${rule.id}/disable`));
  assert.equal(off.enabled, false);

  for (const path of [
    '/api/v1/packs/local/rules',
    `/api/v1/triggers/${trigger.id}/rules`,
    '/api/v1/actions/core.noop/rules',
  ]) {
    const l = await ok(host, 'GET', path);
    assert.deepEqual(listProblems(l, dto.RuleSummary, dto.PaginationMeta), [], path);
    assert.deepEqual(
      (l.items as Obj[]).map((r) => r.ref),
      ['local.welcome'],
      path,
    );
  }
  assert.equal((await host.api('POST', '/api/v1/rules/424242/enable')).status, 404);
});

test('ids stay the same across a restart, and new ones come after them', async (t) => {
  const host = await startTestHost(t);
  const a = data(await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('a'), 201));
  const dataDir = host.dataDir;
  await host.close();
  const again = await startTestHost(t, { dataDir });
  const b = data(await ok(again, 'GET', '/api/v1/triggers/local.a'));
  assert.equal(b.id, a.id);
  const c = data(await ok(again, 'POST', '/api/v1/triggers', req.createTrigger('c'), 201));
  assert.ok((c.id as number) > (a.id as number));
});

test('PUT an action with UpdateActionRequest: null keeps, the timeout patch sets, the next run uses it', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const before = data(await ok(host, 'GET', '/api/v1/actions/testkit.show_params'));
  const body = {
    label: 'Show them',
    description: null,
    entrypoint: null,
    param_schema: null,
    out_schema: null,
    timeout_seconds: { op: 'set', value: 45 },
    enabled: null,
    runtime: null,
    worker_tolerations: null,
    reference_visibility: 'private',
  };
  const after = data(await ok(host, 'PUT', `/api/v1/actions/${before.id}`, body));
  assert.deepEqual(dtoProblems(after, dto.ActionResponse), []);
  assert.equal(after.label, 'Show them');
  assert.equal(after.description, before.description);
  assert.equal(after.timeout_seconds, 45);
  assert.deepEqual(after.param_schema, before.param_schema);
  assert.equal(after.id, before.id);

  const off = data(await ok(host, 'PUT', '/api/v1/actions/testkit.show_params', { enabled: false }));
  assert.equal(off.enabled, false);
  const run = data(
    await ok(
      host,
      'POST',
      '/api/v1/executions/execute',
      { action_ref: 'testkit.show_params', parameters: {} },
      201,
    ),
  );
  const done = await host.waitForExecution(run.id as number);
  assert.equal(done.status, 'failed', 'a disabled action does not run: the engine read the update');
  const bad = await host.api<Obj>('PUT', '/api/v1/actions/testkit.show_params', { entrypoint: ' ' });
  assert.equal(bad.status, 400);
  assert.equal((bad.body.details as Obj).field, 'entrypoint');
});
