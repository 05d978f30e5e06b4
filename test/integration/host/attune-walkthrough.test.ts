/**
 * docs/attune-compat.md — a script that only speaks Attune's API, step by step, against a real
 * host on a temp folder: every request body is shaped as Attune's request DTOs define it, every
 * answer is read the way Attune's clients read it (ids, `{data}`, `{items, pagination}`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as req from '../../fixtures/attune-dto/requests.ts';
import * as dto from '../../fixtures/attune-dto/responses.ts';
import { dtoProblems, listProblems } from '../../helpers/attune-dto.ts';
import { startTestHost } from '../../helpers/host.ts';

type Obj = Record<string, unknown>;

test('walkthrough: trigger, webhook, rule, event, templated execution, manual run with env_vars', async (t) => {
  const host = await startTestHost(t);
  const call = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await host.api<Obj>(method, path, body);
    assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const one = async (method: string, path: string, shape: dto.Dto, body?: unknown, status = 200) => {
    const d = (await call(method, path, body, status)).data as Obj;
    assert.deepEqual(dtoProblems(d, shape), [], `${method} ${path}`);
    return d;
  };

  // 1. Create a trigger, 2. enable its webhook.
  const trigger = await one(
    'POST',
    '/api/v1/triggers',
    dto.TriggerResponse,
    req.createTrigger('signup'),
    201,
  );
  const hooked = await one('POST', `/api/v1/triggers/${trigger.ref}/webhooks/enable`, dto.TriggerResponse);
  assert.equal(hooked.webhook_enabled, true);

  // 3. Create the rule disabled, 4. enable it (by id, as a client holding the id would).
  const rule = await one(
    'POST',
    '/api/v1/rules',
    dto.RuleResponse,
    req.createRule('greet', trigger.ref as string, 'core.echo', {
      message: 'welcome {{ event.payload.user.name }}',
    }),
    201,
  );
  assert.equal(rule.enabled, false);
  assert.equal((await one('POST', `/api/v1/rules/${rule.id}/enable`, dto.RuleResponse)).enabled, true);

  // 5. Receive a webhook.
  const res = await fetch(`${host.url}/api/v1/webhooks/${hooked.webhook_key}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { user: { name: 'Ada' } } }),
  });
  assert.equal(res.status, 200);
  const ack = ((await res.json()) as { data: Obj }).data;
  assert.deepEqual(dtoProblems(ack, dto.WebhookReceiverResponse), []);

  // 6. List executions of the rule; 7. read the one it started, with its templated output.
  const executions = await call('GET', `/api/v1/executions?rule_ref=${rule.ref}&per_page=10`);
  assert.deepEqual(listProblems(executions, dto.ExecutionSummary, dto.PaginationMeta), []);
  const [summary] = executions.items as Obj[];
  assert.ok(summary, 'the webhook started one execution');
  assert.equal(typeof summary.enforcement, 'number');
  await host.waitForExecution(summary.id as number);
  const execution = await one('GET', `/api/v1/executions/${summary.id}`, dto.ExecutionResponse);
  assert.equal(execution.status, 'completed');
  assert.deepEqual(execution.config, { message: 'welcome Ada' });
  assert.match(String((execution.result as Obj).stdout), /welcome Ada/);

  // 8. List events of the trigger.
  const events = await call('GET', `/api/v1/events?trigger_ref=${trigger.ref}`);
  assert.deepEqual(listProblems(events, dto.EventSummary, dto.PaginationMeta), []);
  assert.deepEqual(
    (events.items as Obj[]).map((e) => e.id),
    [ack.event_id],
  );

  // 9. Run an action by hand with env_vars.
  const manual = await one(
    'POST',
    '/api/v1/executions/execute',
    dto.ExecutionResponse,
    req.createExecution('core.shell', { cmd: 'printf "%s" "$DEPLOY_TARGET"' }, { DEPLOY_TARGET: 'staging' }),
    201,
  );
  await host.waitForExecution(manual.id as number);
  const ran = await one('GET', `/api/v1/executions/${manual.id}`, dto.ExecutionResponse);
  assert.equal((ran.result as Obj).stdout, 'staging');

  // 10. KEYS: set a key and read it back decrypted — added with the key/value store.
});
