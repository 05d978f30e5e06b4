/**
 * The sensor API in Attune's shape (docs/sensors.md, docs/api.md): lists by pack, trigger and
 * enabled; validation at save naming the field; create, edit, disable, enable and delete taking
 * effect at once with no restart; a program that disappears is a clear `failed`; pack import and
 * delete store and remove sensors; `POST /api/v1/events` for any authorised client.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Sensor } from '../../../core/contract/sensors.ts';
import type { AttuneEvent } from '../../../core/model/entities.ts';
import { groupAlive } from '../../../core/runners/process-group.ts';
import { FIXTURE_PACKS, startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { QUICK_BACKOFF, sensor, sensorHost, sensorState } from './helpers.ts';

type ErrorBody = { error: string; code: string; details?: { field?: string } };

const refs = (items: Sensor[]) => items.map((s) => s.ref);

async function pulses(h: TestHost): Promise<AttuneEvent[]> {
  return (await h.api<{ items: AttuneEvent[] }>('GET', '/api/v1/events?trigger_ref=local.pulse')).body.items;
}

test('sensors are listed by pack, by trigger and when enabled, with live state', {
  timeout: 180_000,
}, async (t) => {
  const h = await sensorHost(t);
  const byPack = await h.api<{ items: Sensor[] }>('GET', '/api/v1/packs/sensorkit/sensors');
  assert.deepEqual(refs(byPack.body.items), ['sensorkit.crasher', 'sensorkit.watcher']);
  const byTrigger = await h.api<{ items: Sensor[] }>('GET', '/api/v1/triggers/sensorkit.tick/sensors');
  assert.deepEqual(refs(byTrigger.body.items), ['sensorkit.watcher']);
  const timers = await h.api<{ items: Sensor[] }>('GET', '/api/v1/triggers/core.crontimer/sensors');
  assert.deepEqual(refs(timers.body.items), ['core.timer']);
  await h.api('POST', '/api/v1/sensors/sensorkit.crasher/disable');
  const enabled = await h.api<{ items: Sensor[] }>('GET', '/api/v1/sensors/enabled');
  assert.deepEqual(refs(enabled.body.items), [
    'core.filewatch',
    'core.system',
    'core.timer',
    'core.webhook',
    'sensorkit.watcher',
  ]);
  const crasher = await sensor(h, 'sensorkit.crasher');
  assert.equal(crasher.enabled, false);
  assert.equal(crasher.status, 'stopped');
  const filtered = await h.api<{ items: Sensor[] }>('GET', '/api/v1/sensors?enabled=false');
  assert.deepEqual(refs(filtered.body.items), ['sensorkit.crasher']);
});

test('a sensor is refused at save with the field named: unknown trigger, missing program, unsupported runner', {
  timeout: 180_000,
}, async (t) => {
  const h = await startTestHost(t);
  const dir = tempDir(t);
  const script = path.join(dir, 'pulse.mjs');
  fs.writeFileSync(script, '');
  const base = {
    ref: 'local.pulser',
    entrypoint: script,
    runner_type: 'node',
    trigger_types: ['core.crontimer'],
  };
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ trigger_types: ['local.nope'] }, 'trigger_types[0]', /unknown trigger type "local\.nope"/],
    [{ entrypoint: path.join(dir, 'gone.mjs') }, 'entrypoint', /entrypoint file not found/],
    [{ entrypoint: 'pulse.mjs' }, 'entrypoint', /needs an absolute path/],
    [{ runner_type: 'ruby' }, 'runner_type', /"ruby" is not supported for sensors/],
    [{ runner_type: undefined }, 'runner_type', /is required/],
    [{ ref: 'core.mine' }, 'ref', /core/],
  ];
  for (const [change, field, message] of cases) {
    const r = await h.api<ErrorBody>('POST', '/api/v1/sensors', { ...base, ...change });
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.body.details?.field, field, JSON.stringify(r.body));
    assert.match(r.body.error, message);
  }
  const builtin = await h.api<ErrorBody>('PUT', '/api/v1/sensors/core.timer', { enabled: false });
  assert.equal(builtin.status, 400);
  assert.equal(builtin.body.details?.field, 'ref');
  assert.equal((await h.api('GET', '/api/v1/sensors/local.pulser')).status, 404);
});

test('creating, editing, disabling and deleting a sensor take effect at once, without a restart', {
  timeout: 180_000,
}, async (t) => {
  const h = await startTestHost(t, { packs: ['sensorkit'], sensorBackoff: QUICK_BACKOFF });
  const dir = tempDir(t);
  const script = path.join(dir, 'pulse.mjs');
  fs.writeFileSync(
    script,
    [
      'const n = process.env.ATTUNE_SENSOR_CONFIG_N;',
      "console.log(JSON.stringify({ trigger_ref: 'local.pulse', payload: { n, pid: process.pid } }));",
      'setInterval(() => {}, 1000);',
    ].join('\n'),
  );
  assert.equal((await h.api('POST', '/api/v1/triggers', { ref: 'local.pulse' })).status, 201);
  const rule = { ref: 'local.on_pulse', trigger_ref: 'local.pulse', action_ref: 'sensorkit.record' };
  assert.equal((await h.api('POST', '/api/v1/rules', rule)).status, 201);
  const created = await h.api<{ data: Sensor }>('POST', '/api/v1/sensors', {
    ref: 'pulser',
    entrypoint: script,
    runtime: 'nodejs',
    trigger_types: ['pulse'],
    config: { n: 1 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.data.ref, 'local.pulser');
  assert.equal(created.body.data.runner_type, 'node');
  assert.equal(created.body.data.status, 'running');
  const first = await waitFor(async () => (await pulses(h)).find((e) => e.payload.n === '1'), 'a pulse');
  assert.equal(first.source_ref, 'local.pulser');

  const edited = await h.api<{ data: Sensor }>('PUT', '/api/v1/sensors/local.pulser', { config: { n: 2 } });
  assert.equal(edited.status, 200);
  await waitFor(
    async () => (await pulses(h)).find((e) => e.payload.n === '2'),
    'a pulse with the new config',
  );

  const disabled = await h.api<{ data: Sensor }>('POST', '/api/v1/sensors/local.pulser/disable');
  assert.equal(disabled.body.data.status, 'stopped');
  assert.equal(disabled.body.data.pid, null);
  const enabled = await h.api<{ data: Sensor }>('POST', '/api/v1/sensors/local.pulser/enable');
  assert.equal(enabled.body.data.status, 'running');

  // The program disappears: a clear failure on the sensor, not a crash loop.
  fs.rmSync(script);
  await h.api('POST', '/api/v1/sensors/local.pulser/restart');
  const failed = await sensorState(h, 'local.pulser', 'failed', (s) => s.status === 'failed');
  assert.match(failed.last_error ?? '', /^entrypoint file not found: /);
  assert.equal(failed.restarts, 0);

  fs.writeFileSync(script, 'setInterval(() => {}, 1000);\n');
  const back = await h.api<{ data: Sensor }>('POST', '/api/v1/sensors/local.pulser/restart');
  assert.equal(back.body.data.status, 'running');
  const pid = back.body.data.pid as number;
  const deleted = await h.api<{ data: { deleted: boolean } }>('DELETE', '/api/v1/sensors/local.pulser');
  assert.equal(deleted.body.data.deleted, true);
  assert.equal(groupAlive(pid), false);
  assert.equal((await h.api('GET', '/api/v1/sensors/local.pulser')).status, 404);
});

test('importing a pack stores its sensors, stopped until a rule needs them; deleting it removes them', {
  timeout: 180_000,
}, async (t) => {
  const h = await startTestHost(t);
  const imported = await h.api('POST', '/api/v1/packs/import', {
    path: path.join(FIXTURE_PACKS, 'sensorkit'),
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const listed = await h.api<{ items: Sensor[] }>('GET', '/api/v1/packs/sensorkit/sensors');
  assert.deepEqual(
    listed.body.items.map((s) => [s.ref, s.status, s.trigger_types]),
    [
      ['sensorkit.crasher', 'stopped', ['sensorkit.crash_tick']],
      ['sensorkit.watcher', 'stopped', ['sensorkit.tick']],
    ],
  );
  await h.api('PUT', '/api/v1/rules/sensorkit.first', { enabled: true });
  await sensorState(h, 'sensorkit.watcher', 'the watcher to start', (s) => s.status === 'running');
  const pid = (await sensor(h, 'sensorkit.watcher')).pid as number;
  assert.equal((await h.api('DELETE', '/api/v1/packs/sensorkit')).status, 200);
  await waitFor(() => !groupAlive(pid), 'the sensor of the deleted pack to stop');
  const after = await h.api<{ items: Sensor[] }>('GET', '/api/v1/sensors');
  assert.deepEqual(refs(after.body.items), ['core.filewatch', 'core.system', 'core.timer', 'core.webhook']);
});

test('any authorised client may emit with POST /api/v1/events, addressed to one rule if it likes', {
  timeout: 180_000,
}, async (t) => {
  const h = await startTestHost(t);
  await h.api('POST', '/api/v1/triggers', { ref: 'local.door' });
  for (const ref of ['local.a', 'local.b']) {
    await h.api('POST', '/api/v1/rules', { ref, trigger_ref: 'local.door', action_ref: 'core.noop' });
  }
  const plain = await h.api<{ data: AttuneEvent }>('POST', '/api/v1/events', {
    trigger_ref: 'local.door',
    payload: { open: true },
    source: 'my-script',
  });
  assert.equal(plain.status, 201);
  assert.equal(plain.body.data.source_ref, 'my-script');
  assert.deepEqual(
    plain.body.data.evaluations?.map((e) => [e.rule_ref, e.outcome]),
    [
      ['local.a', 'matched'],
      ['local.b', 'matched'],
    ],
  );
  const rules = await h.api<{ items: Array<{ ref: string }> }>('GET', '/api/v1/rules?trigger_ref=local.door');
  assert.equal(rules.status, 200);
  const id = h.engine.store.read.raw.prepare("SELECT id FROM rules WHERE ref = 'local.b'").get() as {
    id: number;
  };
  const addressed = await h.api<{ data: AttuneEvent }>('POST', '/api/v1/events', {
    trigger_ref: 'local.door',
    payload: {},
    trigger_instance_id: `rule_${id.id}`,
  });
  assert.equal(addressed.body.data.rule_ref, 'local.b');
  assert.deepEqual(
    addressed.body.data.evaluations?.map((e) => e.rule_ref),
    ['local.b'],
  );
  const unknown = await h.api<ErrorBody>('POST', '/api/v1/events', {
    trigger_ref: 'local.nope',
    payload: {},
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.details?.field, 'trigger_ref');
  const wrongRule = await h.api<ErrorBody>('POST', '/api/v1/events', {
    trigger_ref: 'local.door',
    rule_ref: 'local.nope',
  });
  assert.equal(wrongRule.status, 400);
  assert.equal(wrongRule.body.details?.field, 'rule_ref');
  const noToken = await fetch(`${h.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ trigger_ref: 'local.door' }),
  });
  assert.equal(noToken.status, 401);
});
