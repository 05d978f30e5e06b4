/**
 * docs/attune-compat.md — a script that only speaks Attune's API, step by step, against a real
 * host on a temp folder: every request body is shaped as Attune's request DTOs define it, every
 * answer is read the way Attune's clients read it (ids, `{data}`, `{items, pagination}`). It logs
 * in as Attune's CLI does and uses the access token it bought for everything after.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as req from '../../fixtures/attune-dto/requests.ts';
import * as dto from '../../fixtures/attune-dto/responses.ts';
import { dtoProblems, listProblems } from '../../helpers/attune-dto.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

type Obj = Record<string, unknown>;

/**
 * A sensor written against Attune's managed-sensor protocol alone: it reads its rules from
 * ATTUNE_SENSOR_TRIGGERS and posts one event per rule to ATTUNE_API_URL, addressed to the rule as
 * Attune's SDK does (`trigger_instance_id: rule_<id>`).
 */
const DOORBELL_SENSOR = `
const rules = JSON.parse(process.env.ATTUNE_SENSOR_TRIGGERS ?? '[]');
for (const rule of rules) {
  const res = await fetch(process.env.ATTUNE_API_URL + '/api/v1/events', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + process.env.ATTUNE_API_TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ trigger_ref: rule.trigger_ref, payload: { visitor: 'sensor' }, trigger_instance_id: 'rule_' + rule.id }),
  });
  if (!res.ok) console.error('event refused: ' + res.status + ' ' + (await res.text()));
}
setInterval(() => {}, 1000);
`;

const TERMINAL = ['completed', 'failed', 'timeout', 'cancelled', 'abandoned'];

test('walkthrough: login, trigger, webhook, rule, event, templated execution, manual run with env_vars, key, sensor', {
  timeout: 120_000,
}, async (t) => {
  const host = await startTestHost(t);

  // 0. Log in as Attune's CLI does (the API token is the local user's password); every call
  // after this carries the access token it bought, never the API token.
  const login = await fetch(`${host.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req.login(host.token)),
  });
  assert.equal(login.status, 200);
  const tokens = ((await login.json()) as { data: Obj }).data;
  assert.deepEqual(dtoProblems(tokens, dto.TokenResponse), []);
  assert.notEqual(tokens.access_token, host.token);
  const bearer = { authorization: `Bearer ${tokens.access_token}` };

  const call = async (method: string, path: string, body?: unknown, status = 200) => {
    const r = await host.api<Obj>(method, path, body, bearer);
    assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const one = async (method: string, path: string, shape: dto.Dto, body?: unknown, status = 200) => {
    const d = (await call(method, path, body, status)).data as Obj;
    assert.deepEqual(dtoProblems(d, shape), [], `${method} ${path}`);
    return d;
  };
  const finished = (id: number) =>
    waitFor(
      async () => {
        const x = (await call('GET', `/api/v1/executions/${id}`)).data as Obj;
        return TERMINAL.includes(x.status as string) ? x : undefined;
      },
      `execution ${id} to finish`,
      30_000,
    );

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
  await finished(summary.id as number);
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
  await finished(manual.id as number);
  const ran = await one('GET', `/api/v1/executions/${manual.id}`, dto.ExecutionResponse);
  assert.equal((ran.result as Obj).stdout, 'staging');

  // 10. Set an encrypted key and read it back decrypted.
  const key = await one(
    'POST',
    '/api/v1/keys',
    dto.KeyResponse,
    req.createKey('deploy_token', 'tok-123', true),
    201,
  );
  assert.equal(key.encrypted, true);
  const sealed = await one('GET', `/api/v1/keys/${key.ref}`, dto.KeyResponse);
  assert.equal(sealed.value, null, 'not decrypted unless asked');
  const opened = await one('GET', `/api/v1/keys/${key.id}?decrypt=true`, dto.KeyResponse);
  assert.equal(opened.value, 'tok-123');

  // 11. A sensor: its trigger and an enabled rule on it, then the sensor; list it and get it.
  const doorbell = await one(
    'POST',
    '/api/v1/triggers',
    dto.TriggerResponse,
    req.createTrigger('doorbell'),
    201,
  );
  const ring = await one(
    'POST',
    '/api/v1/rules',
    dto.RuleResponse,
    {
      ...req.createRule('ring', doorbell.ref as string, 'core.echo', {
        message: 'ding for {{ event.payload.visitor }}',
      }),
      enabled: true,
    },
    201,
  );
  const script = path.join(tempDir(t), 'doorbell.mjs');
  fs.writeFileSync(script, DOORBELL_SENSOR);
  const sensor = await one(
    'POST',
    '/api/v1/sensors',
    dto.SensorResponse,
    req.createSensor('doorbell_watch', script, doorbell.ref as string, {}),
    201,
  );
  const sensors = await call('GET', '/api/v1/sensors?page_size=100');
  assert.deepEqual(listProblems(sensors, dto.SensorSummary, dto.PaginationMeta), []);
  assert.ok((sensors.items as Obj[]).some((s) => s.id === sensor.id));
  assert.equal((await one('GET', `/api/v1/sensors/${sensor.id}`, dto.SensorResponse)).ref, sensor.ref);

  // 12. The sensor posts an event for the rule; listed by its source, it names the sensor.
  const fromSensor = await waitFor(
    async () => {
      const list = await call('GET', `/api/v1/events?source=${sensor.id}&per_page=10`);
      assert.deepEqual(listProblems(list, dto.EventSummary, dto.PaginationMeta), []);
      return (list.items as Obj[])[0];
    },
    'an event from the sensor',
    60_000,
  );
  assert.equal(fromSensor.source, sensor.id);
  assert.equal(fromSensor.source_ref, sensor.ref);
  assert.equal(fromSensor.rule, ring.id);

  // 13. POST an event ourselves; it fires the rule, whose execution renders its payload.
  const posted = await one(
    'POST',
    '/api/v1/events',
    dto.CreatedEventResponse,
    req.createEvent(doorbell.ref as string, { visitor: 'Grace' }, ring.id as number),
    201,
  );
  assert.equal(posted.rule, ring.id);
  const rang = await waitFor(
    async () => {
      const list = await call('GET', `/api/v1/executions?rule_ref=${ring.ref}&per_page=50`);
      return (list.items as Obj[]).find((x) => (x.config as Obj | null)?.message === 'ding for Grace');
    },
    'the execution the posted event started',
    30_000,
  );
  const done = await finished(rang.id as number);
  assert.equal(done.status, 'completed');
  assert.match(String((done.result as Obj).stdout), /ding for Grace/);
  const bySensor = await call('GET', `/api/v1/events?source=${sensor.id}`);
  assert.ok(
    (bySensor.items as Obj[]).every((e) => e.source === sensor.id),
    'the source filter leaves out the event the client posted',
  );
});
