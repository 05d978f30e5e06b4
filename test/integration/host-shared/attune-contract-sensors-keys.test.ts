/**
 * docs/attune-compat.md — the sensor, event, key and login routes answer Attune's clients:
 * bodies written as Attune's request DTOs define them are accepted, and every answer carries the
 * fields its response DTO requires, with their types. Sensor paths take a ref or an integer id.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as req from '../../fixtures/attune-dto/requests.ts';
import * as dto from '../../fixtures/attune-dto/responses.ts';
import { dtoProblems, listProblems } from '../../helpers/attune-dto.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

type Obj = Record<string, unknown>;

async function ok(host: TestHost, method: string, p: string, body?: unknown, status = 200) {
  const r = await host.api<Obj>(method, p, body);
  assert.equal(r.status, status, `${method} ${p}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const data = (b: Obj) => b.data as Obj;

/** A Node sensor that prints one event for its trigger on stdout, then stays up. */
function oneShotSensor(t: Parameters<typeof tempDir>[0], triggerRef: string): string {
  const file = path.join(tempDir(t), 'one-shot.mjs');
  const line = JSON.stringify({ trigger_ref: triggerRef, payload: { from: 'sensor' } });
  fs.writeFileSync(file, `console.log(${JSON.stringify(line)});\nsetInterval(() => {}, 1000);\n`);
  return file;
}

test('sensors: CreateSensorRequest and UpdateSensorRequest accepted; SensorResponse and SensorSummary answered, by ref or id', {
  timeout: 120_000,
}, async (t) => {
  const host = await startTestHost(t);
  const trigger = data(await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('door'), 201));
  const body = req.createSensor('door_watch', oneShotSensor(t, 'local.door'), 'local.door', {
    room: 'hall',
  });
  const created = data(await ok(host, 'POST', '/api/v1/sensors', body, 201));
  assert.deepEqual(dtoProblems(created, dto.SensorResponse), []);
  assert.equal(created.ref, 'local.door_watch', 'pack_ref qualifies the bare ref');
  assert.equal(created.runtime_ref, 'node', "Attune's nodejs is our node runner");
  assert.deepEqual(created.trigger_types, ['local.door'], 'trigger_ref is the one trigger type');
  assert.deepEqual(created.config, { room: 'hall' });
  const local = data(await ok(host, 'GET', '/api/v1/packs/local'));
  assert.equal(created.pack, local.id);

  const byId = data(await ok(host, 'GET', `/api/v1/sensors/${created.id}`));
  assert.equal(byId.ref, 'local.door_watch');
  assert.deepEqual(dtoProblems(byId, dto.SensorResponse), []);
  const timer = data(await ok(host, 'GET', '/api/v1/sensors/core.timer'));
  assert.deepEqual(dtoProblems(timer, dto.SensorResponse), []);
  assert.notEqual(timer.runtime, created.runtime, 'runtime says which runner');

  const updated = data(
    await ok(host, 'PUT', `/api/v1/sensors/${created.id}`, req.updateSensor('Door watcher')),
  );
  assert.deepEqual(dtoProblems(updated, dto.SensorResponse), []);
  assert.equal(updated.label, 'Door watcher');
  assert.equal(updated.entrypoint, created.entrypoint, 'null keeps a field');
  assert.deepEqual(Object.keys(updated.param_schema as Obj), ['level'], 'the set patch sets');
  assert.equal(updated.id, created.id);
  const cleared = data(
    await ok(host, 'PUT', '/api/v1/sensors/local.door_watch', { param_schema: { op: 'clear' } }),
  );
  assert.deepEqual(cleared.param_schema, {});

  for (const p of [
    '/api/v1/sensors?page=1&page_size=50',
    '/api/v1/sensors/enabled',
    `/api/v1/packs/${local.id}/sensors`,
    `/api/v1/triggers/${trigger.id}/sensors`,
  ]) {
    const list = await ok(host, 'GET', p);
    assert.deepEqual(listProblems(list, dto.SensorSummary, dto.PaginationMeta), [], p);
    assert.ok(
      (list.items as Obj[]).some((s) => s.id === created.id),
      `${p} lists the sensor`,
    );
  }
  const off = data(await ok(host, 'POST', `/api/v1/sensors/${created.id}/disable`));
  assert.equal(off.enabled, false);
  assert.deepEqual(dtoProblems(off, dto.SensorResponse), []);
  assert.equal(data(await ok(host, 'POST', `/api/v1/sensors/${created.id}/enable`)).enabled, true);

  const hooked = data(await ok(host, 'GET', `/api/v1/triggers/${trigger.id}`));
  assert.equal(hooked.sensor, created.id, 'a trigger names the sensor that emits it');
  assert.equal(hooked.sensor_ref, 'local.door_watch');
  const timerTrigger = data(await ok(host, 'GET', '/api/v1/triggers/core.intervaltimer'));
  assert.equal(timerTrigger.sensor_ref, 'core.timer');

  // Attune's `source` filter: only what the sensor sent, not what a client posted.
  await ok(
    host,
    'POST',
    '/api/v1/rules',
    { ...req.createRule('on_door', 'local.door', 'core.noop', {}), enabled: true },
    201,
  );
  await ok(host, 'POST', '/api/v1/events', req.createEvent('local.door', { from: 'client' }), 201);
  const sent = await waitFor(
    async () => {
      const l = await ok(host, 'GET', `/api/v1/events?source=${created.id}&per_page=10`);
      return (l.items as Obj[]).length > 0 ? l : undefined;
    },
    'the sensor event',
    60_000,
  );
  assert.deepEqual(listProblems(sent, dto.EventSummary, dto.PaginationMeta), []);
  assert.deepEqual(
    (sent.items as Obj[]).map((e) => [e.source, (e.payload as Obj).from]),
    [[created.id, 'sensor']],
  );
  const all = await ok(host, 'GET', '/api/v1/events?trigger_ref=local.door');
  assert.equal((all.items as Obj[]).length, 2, 'both events are in the log');
  const none = await ok(host, 'GET', '/api/v1/events?source=424242');
  assert.deepEqual(none.items, [], 'a sensor id that names nothing filters to nothing');

  const wrongPack = await host.api<Obj>('POST', '/api/v1/sensors', { ...body, ref: 'other.door_watch' });
  assert.equal(wrongPack.status, 400);
  assert.equal((wrongPack.body.details as Obj).field, 'pack_ref');
  const unknown = await host.api<Obj>('POST', '/api/v1/sensors', { ...body, ref: 'x', colour: 'red' });
  assert.equal(unknown.status, 400, 'a field in no DTO is still refused');
  assert.match(String(unknown.body.error), /colour/);
  assert.equal((await host.api('GET', '/api/v1/sensors/424242')).status, 404);
});

test('POST /api/v1/events takes CreateEventRequest and answers EventResponse; the rule it names fires', async (t) => {
  const host = await startTestHost(t);
  await ok(host, 'POST', '/api/v1/triggers', req.createTrigger('bell'), 201);
  const rule = data(
    await ok(
      host,
      'POST',
      '/api/v1/rules',
      {
        ...req.createRule('ring', 'local.bell', 'core.echo', { message: 'rang {{ event.payload.n }}' }),
        enabled: true,
      },
      201,
    ),
  );
  const event = data(
    await ok(host, 'POST', '/api/v1/events', req.createEvent('local.bell', { n: 3 }, rule.id as number), 201),
  );
  assert.deepEqual(dtoProblems(event, dto.CreatedEventResponse), []);
  assert.equal(event.rule, rule.id);
  assert.equal(event.rule_ref, 'local.ring');
  assert.equal(event.source, null, 'no sensor sent it');
  const trigger = data(await ok(host, 'GET', '/api/v1/triggers/local.bell'));
  assert.equal(event.trigger, trigger.id);

  const runs = await ok(host, 'GET', `/api/v1/executions?rule_ref=local.ring`);
  const [run] = runs.items as Obj[];
  assert.ok(run, 'the event fired the rule');
  const done = await host.waitForExecution(run.id as number);
  assert.deepEqual(done.config, { message: 'rang 3' });

  const aliased = data(
    await ok(
      host,
      'POST',
      '/api/v1/events',
      { trigger_type: 'local.bell', payload: {}, trace_tag: 'deploy.42' },
      201,
    ),
  );
  assert.equal(aliased.trigger_ref, 'local.bell', "trigger_type is Attune's alias");
  assert.equal(aliased.trace_tag, 'deploy.42', 'trace_tag is honoured');
  await ok(host, 'POST', '/api/v1/triggers/local.bell/disable');
  const disabled = await host.api<Obj>('POST', '/api/v1/events', req.createEvent('local.bell', {}));
  assert.equal(disabled.status, 400, 'a disabled trigger takes no events, as on Attune');
  assert.equal((disabled.body.details as Obj).field, 'trigger_ref');
  assert.match(String(disabled.body.error), /disabled/);
  const missing = await host.api<Obj>('POST', '/api/v1/events', { payload: {} });
  assert.equal(missing.status, 400);
  assert.equal((missing.body.details as Obj).field, 'trigger_ref');
});

test('keys: CreateKeyRequest and UpdateKeyRequest accepted; KeyResponse and KeySummary answered', async (t) => {
  const host = await startTestHost(t);
  const plain = data(await ok(host, 'POST', '/api/v1/keys', req.createKey('region', 'eu-west', false), 201));
  assert.deepEqual(dtoProblems(plain, dto.KeyResponse), []);
  assert.equal(plain.value, 'eu-west');
  const secret = data(
    await ok(host, 'POST', '/api/v1/keys', req.createKey('db_password', 's3cret', true), 201),
  );
  assert.deepEqual(dtoProblems(secret, dto.KeyResponse), []);

  const list = await ok(host, 'GET', '/api/v1/keys?page=1&per_page=10');
  assert.deepEqual(listProblems(list, dto.KeySummary, dto.PaginationMeta), []);
  assert.ok(
    (list.items as Obj[]).every((k) => !('value' in k)),
    'a list never carries a value',
  );

  const sealed = data(await ok(host, 'GET', `/api/v1/keys/${secret.id}`));
  assert.deepEqual(dtoProblems(sealed, dto.KeyResponse), []);
  assert.ok('value' in sealed, 'value is a required field');
  assert.equal(sealed.value, null, 'an encrypted value is null unless decryption is asked');
  const opened = data(await ok(host, 'GET', '/api/v1/keys/db_password?decrypt=true'));
  assert.equal(opened.value, 's3cret');

  const changed = data(await ok(host, 'PUT', '/api/v1/keys/region', req.updateKey('us-east')));
  assert.deepEqual(dtoProblems(changed, dto.KeyResponse), []);
  assert.equal(changed.value, 'us-east');
  assert.equal(changed.name, plain.name, 'null keeps the name');
  const gone = await ok(host, 'DELETE', `/api/v1/keys/${plain.id}`);
  assert.equal(typeof gone.success, 'boolean', JSON.stringify(gone));
});

test('/auth: LoginRequest answers TokenResponse; settings and me answer their DTOs', async (t) => {
  const host = await startTestHost(t);
  const settings = data(await ok(host, 'GET', '/auth/settings'));
  assert.deepEqual(dtoProblems(settings, dto.AuthSettingsResponse), []);
  const tokens = data(await ok(host, 'POST', '/auth/login', req.login(host.token)));
  assert.deepEqual(dtoProblems(tokens, dto.TokenResponse), []);
  assert.deepEqual(dtoProblems(tokens.user, dto.UserInfo), []);
  const me = await host.api<Obj>('GET', '/auth/me', undefined, {
    authorization: `Bearer ${tokens.access_token}`,
  });
  assert.equal(me.status, 200);
  assert.deepEqual(dtoProblems(me.body.data, dto.CurrentUserResponse), []);
  const refreshed = data(await ok(host, 'POST', '/auth/refresh', { refresh_token: tokens.refresh_token }));
  assert.deepEqual(dtoProblems(refreshed, dto.TokenResponse), []);
  assert.equal((await host.api('POST', '/auth/login', req.login('wrong'))).status, 401);
});
